#!/usr/bin/env python3
"""`make bench`: load benchmarks against gunicorn (2 workers) with wrk, written to bench/RESULTS.md.

Environment:
  BENCH_DATABASE_URL   PostgreSQL to use (with Redis at BENCH_REDIS_URL, default db 7) instead of
                       SQLite in bench/_work; the database named there is dropped and re-created
  BENCH_ARTICLES       synthetic articles added to the demo site (default 10000)
  BENCH_DURATION       seconds per measured wrk round (default 4)
  BENCH_ROUNDS         measured rounds per request, interleaved with the other requests (default 3)
  BENCH_CONNECTIONS    wrk connections (default 16, over 2 wrk threads)
  BENCH_MEMORY_REQUESTS requests for the worker memory check (default 10000; 0 to skip)
  BENCH_MEMORY_ARTICLES different articles in its mix (default 400)
  SCALE=1              also run bench/scale.py (1,000 / 10,000 / 100,000 articles)
  CLUSTER=1            also run bench/cluster.sh (needs PostgreSQL and Redis)
"""

import http.client
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    BENCH,
    BROWSER_UA,
    WORK,
    Gunicorn,
    Target,
    fmt,
    http_get,
    log,
    machine,
    machine_lines,
    prepare_site,
    rss_kib,
    update_section,
    write_post_script,
    wrk,
)

DURATION = int(os.environ.get("BENCH_DURATION", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "10000"))
MEMORY_REQUESTS = int(os.environ.get("BENCH_MEMORY_REQUESTS", "10000"))
MEMORY_ARTICLES = int(os.environ.get("BENCH_MEMORY_ARTICLES", "400"))
SEARCH_URL = "/search/?q=低保"
QA_URL = "/qa/ask/?q=低保怎么申请"
NOT_AVAILABLE = "未部署/not available"


def quoted(url):
    from urllib.parse import quote

    return quote(url, safe="/?=&")


def available(server, url):
    status, _, _ = http_get(server.base + quoted(url))
    return status == 200, status


def run_set(server, scenarios):
    """Each scenario is warmed up, then measured in ROUNDS short runs interleaved with the other
    scenarios (A B C A B C ...), so a burst of load from elsewhere on this shared machine hits
    every row alike; a row reports the median of its rounds."""
    live = [(name, url, options) for name, url, options in scenarios if url is not None]
    results = {name: {"missing": options.get("why", NOT_AVAILABLE)} for name, url, options in scenarios if url is None}
    rounds = {name: [] for name, _, _ in live}
    checks = {}
    for name, url, options in live:
        log(f"warm-up {name}: {url}")
        wrk(server.base + quoted(url), duration=2, warmup=0, connections=CONNECTIONS, script=options.get("script"))
        drain(server)
        if "before" in options:
            checks[name] = options["before"]()
    for n in range(ROUNDS):
        for name, url, options in live:
            r = wrk(
                server.base + quoted(url),
                duration=DURATION,
                warmup=0,
                connections=CONNECTIONS,
                script=options.get("script"),
            )
            rounds[name].append(r)
            drain(server)
            log(
                f"round {n + 1}/{ROUNDS} {name}: {fmt(r.get('rps'))} req/s, p50 {fmt(r.get('p50'), 2)} ms, "
                f"p99 {fmt(r.get('p99'), 2)} ms, non-2xx {r['non2xx']}"
            )
    for name, url, options in live:
        runs = rounds[name]

        def median(key, runs=runs):
            values = [r[key] for r in runs if r.get(key) is not None]
            return statistics.median(values) if values else None

        result = {
            "url": url,
            "rps": median("rps"),
            "p50": median("p50"),
            "p99": median("p99"),
            "rps_rounds": [r.get("rps") for r in runs],
            "requests": sum(r.get("requests", 0) for r in runs),
            "non2xx": sum(r["non2xx"] for r in runs),
            "socket_errors": sum(r["socket_errors"] for r in runs),
        }
        if "after" in options:
            result["check"] = options["after"](checks[name], result)
        results[name] = result
    return {name: results[name] for name, _, _ in scenarios}


def drain(server, limit=60):
    """Wait until requests still queued from the last wrk run are done (wrk stops sending, but
    gunicorn still answers what it has accepted): the next run must not pay for them."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        start = time.monotonic()
        http_get(server.base + "/article.html")
        if time.monotonic() - start < 0.05:
            return
        time.sleep(0.05)


def header_of(server, url, name):
    _, headers, _ = http_get(server.base + quoted(url))
    return headers.get(name, "")


def memory_check(target, urls, requests_total):
    """Mixed URLs through a fresh gunicorn (page cache on, as in production); RSS of each worker
    every quarter of the run."""
    samples = []
    state = {"next": 0, "done": 0, "errors": 0, "hit": 0, "miss": 0}
    lock = threading.Lock()
    with Gunicorn(target, PAGE_CACHE_ENABLED=1) as server:
        pids = server.worker_pids()

        def worker():
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            while True:
                with lock:
                    if state["next"] >= requests_total or STOP.is_set():
                        break
                    index = state["next"]
                    state["next"] += 1
                method, url = urls[index % len(urls)]
                failed = False
                try:
                    body = b"" if method == "POST" else None
                    conn.request(method, quoted(url), body=body, headers={"User-Agent": BROWSER_UA})
                    response = conn.getresponse()
                    response.read()
                    failed = response.status >= 400
                    cache_state = response.getheader("X-Page-Cache", "")
                except (OSError, http.client.HTTPException):
                    failed, cache_state = True, ""
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
                with lock:
                    state["done"] += 1
                    state["errors"] += failed
                    if cache_state in ("hit", "miss"):
                        state[cache_state] += 1

        started = time.monotonic()
        samples.append((0, [rss_kib(p) for p in pids]))
        threads = [threading.Thread(target=worker, daemon=True) for _ in range(4)]
        for t in threads:
            t.start()
        for checkpoint in (requests_total // 4, requests_total // 2, 3 * requests_total // 4, requests_total):
            while state["done"] < checkpoint and any(t.is_alive() for t in threads):
                time.sleep(0.01)
            samples.append((checkpoint, [rss_kib(p) for p in pids]))
            log(f"  after {checkpoint} requests: " + ", ".join(f"{k / 1024:.1f} MiB" for k in samples[-1][1]))
        for t in threads:
            t.join()
        same = server.worker_pids() == pids
        elapsed = time.monotonic() - started
    return {
        "samples": samples,
        "errors": state["errors"],
        "same_workers": same,
        "seconds": elapsed,
        "hits": state["hit"],
        "misses": state["miss"],
    }


STOP = threading.Event()


def _interrupted(signum, frame):
    STOP.set()
    raise SystemExit(128 + signum)


def main():
    signal.signal(signal.SIGTERM, _interrupted)
    signal.signal(signal.SIGINT, _interrupted)
    target = Target.from_env()
    info = machine(target)
    log(f"benchmark on {target.label}, {ARTICLES} synthetic articles")
    prepare_site(target, ARTICLES)
    picked = target.probe("pick", PAGE_CACHE_ENABLED=0)
    article, column, home, page_id = picked["article_url"], picked["column_url"], "/", picked["article_id"]
    counts = target.probe("count")["articles"]
    log(f"article {article} ({picked['article_bytes']} bytes), column {column}, {counts} live articles")
    query_counts = target.probe("queries", article, column, home, PAGE_CACHE_ENABLED=0)
    (WORK / f"queries-{target.key}.txt").write_text(
        "\n\n".join(f"{url}\n" + "\n".join(v["sql"]) for url, v in query_counts.items())
    )
    cpu = {
        "off": target.probe("cpu", "30", "/bench/minimal/", article, column, home, PAGE_CACHE_ENABLED=0),
        "on": target.probe("cpu", "30", article, column, home, PAGE_CACHE_ENABLED=1),
    }
    cpu["breakdown"] = target.probe("breakdown", "30", article, PAGE_CACHE_ENABLED=0)
    post_script = write_post_script(WORK / "post_views.lua")

    def views_before():
        return target.probe("views", str(page_id))["count"]

    def views_after(before, result):
        after = target.probe("views", str(page_id))["count"]
        # wrk's total counts completed requests of the measured run; the warm-up's are added too.
        return {"before": before, "after": after}

    sets = {}
    cache_headers = {}
    log("phase 1: page cache on")
    target.flush_redis()
    with Gunicorn(target, PAGE_CACHE_ENABLED=1) as server:
        search_ok, search_status = available(server, SEARCH_URL)
        qa_ok, qa_status = available(server, QA_URL)
        for url in (article, column, home):
            first = header_of(server, url, "X-Page-Cache")
            cache_headers[url] = f"{first}, then {header_of(server, url, 'X-Page-Cache')}"
        sets["cached"] = run_set(
            server,
            [
                ("static file (whitenoise)", "/article.html", {}),
                ("minimal Django view", "/bench/minimal/", {}),
                ("article, cached", article, {}),
                ("column page, cached", column, {}),
                ("home page, cached", home, {}),
                ("search 低保", SEARCH_URL if search_ok else None, {"why": f"{NOT_AVAILABLE} (HTTP {search_status})"}),
                ("智能问答 低保怎么申请", QA_URL if qa_ok else None, {"why": f"{NOT_AVAILABLE} (HTTP {qa_status})"}),
                (
                    "view count POST",
                    f"/views/{page_id}/",
                    {"script": post_script, "before": views_before, "after": views_after},
                ),
            ],
        )
        cache_after = {url: header_of(server, url, "X-Page-Cache") for url in (article, column, home)}
    log("phase 2: page cache off (PAGE_CACHE_ENABLED=0)")
    with Gunicorn(target, PAGE_CACHE_ENABLED=0) as server:
        uncached_header = header_of(server, article, "X-Page-Cache") or "(none)"
        sets["uncached"] = run_set(
            server,
            [
                ("static file (whitenoise)", "/article.html", {}),
                ("minimal Django view", "/bench/minimal/", {}),
                ("article, uncached", article, {}),
                ("column page, uncached", column, {}),
                ("home page, uncached", home, {}),
            ],
        )
    memory = None
    if MEMORY_REQUESTS:
        log(f"phase 3: worker memory over {MEMORY_REQUESTS} mixed requests (page cache on)")
        mix = mixed_urls(target, article, column, page_id)
        memory = memory_check(target, mix, MEMORY_REQUESTS)

    info["load_end"] = Path("/proc/loadavg").read_text().split()[:3]
    report = render(
        target, info, picked, counts, query_counts, sets, memory, cache_headers, cache_after, uncached_header, cpu
    )
    update_section(f"load-{target.key}", report)
    log(f"results written to {BENCH / 'RESULTS.md'} (section load-{target.key})")

    if os.environ.get("SCALE", "0") not in ("", "0"):
        subprocess.run([sys.executable, str(BENCH / "scale.py")], check=True)
    if os.environ.get("CLUSTER", "0") not in ("", "0"):
        subprocess.run(["bash", str(BENCH / "cluster.sh")], check=True)


def mixed_urls(target, article, column, page_id):
    """Many different pages, so whatever a worker keeps meets new objects: MEMORY_ARTICLES
    articles, column pages 1..20, the home page, a sitemap part and view-count POSTs."""
    urls = []
    for i, url in enumerate(target.probe("articles", str(MEMORY_ARTICLES))["urls"]):
        urls.append(("GET", url))
        if i % 4 == 0:
            urls.append(("GET", f"{column}?page={i % 20 + 1}"))
        if i % 8 == 0:
            urls.append(("GET", "/"))
        if i % 5 == 0:
            urls.append(("POST", f"/views/{page_id}/"))
        if i % 50 == 0:
            urls.append(("GET", "/sitemap-pages.xml?p=1"))
    urls.append(("GET", article))
    return urls


def ratio(a, b):
    if not a or not b or a.get("rps") is None or b.get("rps") is None:
        return None
    return a["rps"] / b["rps"]


def breakdown_lines(answer):
    """The uncached article's time by part (bench/probe.py breakdown), to show what a render costs."""
    ms = answer["ms"]
    whole = ms.get("whole request (middleware, view, template)", 0.0)
    groups = [
        ("routing, site lookup included (Page.route_for_request)", ["site lookup (Site.find_for_request)"]),
        ("page context (get_context)", []),
        (
            "template rendering",
            [
                "body: image, table and attachment blocks",
                "body: rich text (expand_db_html)",
                "comments area",
                "breadcrumb",
            ],
        ),
    ]
    lines = [
        "",
        f"### Where an uncached article's time goes (in-process, mean of {answer['requests']} requests, wall clock)",
        "",
        f"`{answer['url']}`, page cache off; indented parts are included in the line above them.",
        "",
        "| part | ms per request | share |",
        "|---|---:|---:|",
    ]
    if not whole:
        return [*lines, "| (not measured) | | |"]
    lines.append(f"| whole request | {whole:.2f} | 100% |")
    rest = whole
    for label, inner in groups:
        value = ms.get(label, 0.0)
        rest -= value
        lines.append(f"| {label} | {value:.2f} | {value / whole:.0%} |")
        for part in inner:
            lines.append(
                f"| &nbsp;&nbsp;&nbsp;&nbsp;{part} | {ms.get(part, 0.0):.2f} | {ms.get(part, 0.0) / whole:.0%} |"
            )
    lines.append(f"| middleware and the rest of the view | {rest:.2f} | {rest / whole:.0%} |")
    return lines


def render(target, info, picked, counts, query_counts, sets, memory, cache_headers, cache_after, uncached_header, cpu):
    lines = [f"## Load: {target.label}", ""]
    lines += machine_lines(info)
    lines += [
        f"- Site: demo site + synthetic articles, {counts:,} live articles; gunicorn 2 workers × 2 threads "
        f"(gthread, deploy/gunicorn.conf.py), bench settings (bench/settings.py)",
        f"- wrk: 2 threads, {CONNECTIONS} connections; each row: a 2 s warm-up, then {ROUNDS} rounds of "
        f"{DURATION} s interleaved with the other rows of its table; the table shows the median round "
        "(req/s of every round in brackets)",
        f"- Article: `{picked['article_url']}` ({picked['article_bytes']:,} bytes of HTML), "
        f"column: `{picked['column_url']}`, home: `/`",
        "",
    ]
    for key, title in (("cached", "Page cache on"), ("uncached", "Page cache off (`PAGE_CACHE_ENABLED=0`)")):
        lines += [f"### {title}", "", "| request | req/s | median | p99 | non-2xx |", "|---|---:|---:|---:|---:|"]
        for name, r in sets[key].items():
            if "missing" in r:
                lines.append(f"| {name} | {r['missing']} | | | |")
                continue
            extra = ""
            if "check" in r:
                c = r["check"]
                extra = (
                    f" (total rose by {c['after'] - c['before']:,} for {r['requests']:,} completed requests; "
                    "requests still in flight when a round stops are counted but not completed)"
                )
            rounds = ", ".join(fmt(x, 0) for x in r["rps_rounds"])
            lines.append(
                f"| {name}{extra} | {fmt(r.get('rps'))} ({rounds}) | {fmt(r.get('p50'), 2)} ms | {fmt(r.get('p99'), 2)} ms "
                f"| {r['non2xx'] + r['socket_errors']} |"
            )
        lines.append("")
    cached, uncached = sets["cached"], sets["uncached"]
    r1 = ratio(cached.get("article, cached"), cached.get("static file (whitenoise)"))
    r2 = ratio(uncached.get("article, uncached"), uncached.get("minimal Django view"))
    r3 = ratio(cached.get("minimal Django view"), cached.get("static file (whitenoise)"))

    def verdict(value, aim):
        if value is None:
            return "not measured"
        return "meets the aim" if value >= aim else "**misses the aim**"

    lines += [
        "### Ratios (same run, same gunicorn)",
        "",
        f"- cached article / static file: **{fmt(r1, 2)}** (aim ≥ 0.70): {verdict(r1, 0.70)}",
        f"- uncached article / minimal view: **{fmt(r2, 2)}** (aim ≥ 0.50): {verdict(r2, 0.50)}",
        f"- for scale: minimal Django view / static file = {fmt(r3, 2)} (what Django's middleware stack "
        "costs over whitenoise alone)",
        "- `X-Page-Cache` on the first request / after the runs: "
        + ", ".join(f"`{u}` {cache_headers[u]}/{cache_after[u]}" for u in cache_headers)
        + f"; with the cache off: {uncached_header}",
        "",
        "### CPU time per request (in-process, median of 30, `time.process_time`)",
        "",
        "What one request costs the CPU, whatever else the machine is doing (the req/s above also "
        "include waiting for the CPU on this shared machine):",
        "",
        "| request | page cache off | page cache on |",
        "|---|---:|---:|",
        f"| minimal Django view | {cpu['off']['/bench/minimal/']['cpu_ms']:.2f} ms | |",
    ]
    for label, url in (("article", picked["article_url"]), ("column page", picked["column_url"]), ("home page", "/")):
        on = cpu["on"][url]
        lines.append(f"| {label} | {cpu['off'][url]['cpu_ms']:.2f} ms | {on['cpu_ms']:.2f} ms ({on['cache']}) |")
    lines += breakdown_lines(cpu["breakdown"])
    lines += [
        "",
        "### SQL queries per uncached page (in-process, CaptureQueriesContext)",
        "",
        "| page | first request after start | steady state | aim |",
        "|---|---:|---:|---|",
    ]
    for url, q in query_counts.items():
        ok = "≤ 10 ✓" if q["steady"] <= 10 else "**> 10**"
        lines.append(f"| `{url}` | {q['first']} | {q['steady']} | {ok} |")
    lines += [
        "",
        "The first request after a process starts also loads things kept for the life of the process or "
        f"the cache (site root paths, site settings, the column's article count); `bench/_work/queries-{target.key}.txt` "
        "lists the steady-state SQL.",
        "",
    ]
    if memory:
        lines += [
            f"### Gunicorn worker memory (RSS, fresh workers, page cache on, {memory['samples'][-1][0]:,} mixed requests)",
            "",
            "| requests | " + " | ".join(f"worker {i + 1}" for i in range(len(memory["samples"][0][1]))) + " |",
            "|---:|" + "---:|" * len(memory["samples"][0][1]),
        ]
        for n, values in memory["samples"]:
            lines.append(f"| {n:,} | " + " | ".join(f"{v / 1024:.1f} MiB" for v in values) + " |")
        first_quarter = [b - a for a, b in zip(memory["samples"][1][1], memory["samples"][2][1], strict=False)]
        last_half = [b - a for a, b in zip(memory["samples"][2][1], memory["samples"][-1][1], strict=False)]
        share = max(d / v for d, v in zip(last_half, memory["samples"][-1][1], strict=False))
        lines += [
            "",
            f"Mix: {MEMORY_ARTICLES:,} different articles, column pages 1–20, the home page, view-count POSTs and "
            f"a sitemap part, 4 keep-alive connections; page cache {memory['hits']:,} hits / "
            f"{memory['misses']:,} misses (rendered); {memory['errors']} errors; {memory['seconds']:.0f} s; the same "
            f"worker processes throughout: {'yes' if memory['same_workers'] else 'no'}. Growth from 2,500 to 5,000 "
            f"requests: {', '.join(f'{d / 1024:+.1f} MiB' for d in first_quarter)}; from 5,000 to the end: "
            f"{', '.join(f'{d / 1024:+.1f} MiB' for d in last_half)} (at most {share:.1%} of the worker's RSS) → "
            + (
                "memory levels off after the first quarter (no steady growth)."
                if share < 0.03
                else "**memory is still growing** in the second half."
            ),
            "",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
