#!/usr/bin/env python3
"""`make bench SCALE=1`: page times at 1,000, 10,000 and 100,000 articles, in bench/RESULTS.md.

One database grows with `generate_articles` between the sizes (its own: bench/_work/scale.sqlite3,
or BENCH_DATABASE_URL + "_scale" with Redis). At each size every URL is requested in-process
(Django's test client, page cache off) once cold, then SCALE_REPEAT times; the median is reported
with the SQL query count. Environment: SCALE_SIZES (default 1000,10000,100000), SCALE_REPEAT (7).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    Target,
    fmt,
    log,
    machine,
    machine_lines,
    prepare_site,
    update_section,
)

SIZES = [int(x) for x in os.environ.get("SCALE_SIZES", "1000,10000,100000").split(",")]
REPEAT = os.environ.get("SCALE_REPEAT", "7")
PAGES = [
    ("column page (部门动态, leaf)", "/news/zwdt/bmdt/"),
    ("column page 10 (部门动态)", "/news/zwdt/bmdt/?page=10"),
    ("column page (资讯中心, all articles)", "/news/"),
    ("home page", "/"),
    ("search 低保", "/search/?q=低保"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap part 1", "/sitemap-pages.xml?p=1"),
]


def main():
    target = Target.from_env(sqlite_name="scale.sqlite3", pg_suffix="_scale")
    info = machine(target)
    log(f"scale benchmark on {target.label}: {SIZES}")
    prepare_site(target, 0)
    have = target.probe("count")["articles"]
    rows = {}
    article_url = target.probe("articles", "1")["urls"][0]
    pages = [*PAGES, ("article page (control)", article_url)]
    generation = {}
    for size in SIZES:
        missing = size - have
        if missing > 0:
            log(f"growing to {size} articles (+{missing})")
            started = time.monotonic()
            target.manage("generate_articles", "--count", str(missing))
            generation[size] = time.monotonic() - started
        have = target.probe("count")["articles"]
        target.flush_redis()
        log(f"timing {len(pages)} URLs at {have} articles")
        rows[size] = (
            have,
            target.probe("timings", REPEAT, "warm:" + article_url, *[url for _, url in pages], PAGE_CACHE_ENABLED=0),
        )
        for name, url in pages:
            r = rows[size][1][url]
            log(f"  {name}: {r['status']} {r['median_ms']:.1f} ms, {r['queries']} queries")
    info["load_end"] = Path("/proc/loadavg").read_text().split()[:3]
    update_section(f"scale-{target.key}", render(target, info, pages, rows, generation))
    log(f"results written (section scale-{target.key})")


def render(target, info, pages, rows, generation):
    sizes = list(rows)
    lines = [f"## Scale: {target.label}", ""]
    lines += machine_lines(info)
    lines += [
        f"- In-process (Django test client, page cache off), median of {REPEAT} requests after a first one "
        "(wall clock; in brackets the CPU time of this process, which on PostgreSQL leaves out the database "
        "server's own work); a column's article count is cached (news.models.CachedCountPaginator), so the first request "
        "after a change pays for COUNT(*) and the median does not; the first-request time is shown after the slash",
        "- Generating articles: " + ", ".join(f"up to {n:,} in {s:.0f} s" for n, s in generation.items())
        if generation
        else "",
        "",
        "| page | "
        + " | ".join(f"{rows[s][0]:,} articles" for s in sizes)
        + f" | {sizes[-1] // sizes[0]}× articles → time × |",
        "|---|" + "---:|" * (len(sizes) + 1),
    ]
    verdicts = []
    for name, url in pages:
        cells = []
        first = last = None
        for s in sizes:
            r = rows[s][1][url]
            if r["status"] != 200:
                cells.append(f"HTTP {r['status']}")
                continue
            cells.append(
                f"{r['median_ms']:.1f} ms / {r['first_ms']:.0f} ms (CPU {r['cpu_ms']:.1f} ms), {r['queries']} q"
            )
            first = first if first is not None else (r["median_ms"], r["cpu_ms"])
            last = (r["median_ms"], r["cpu_ms"])
        growth = last[0] / first[0] if first and last and len(sizes) > 1 else None
        cpu_growth = last[1] / first[1] if first and last and len(sizes) > 1 else None
        if all(rows[s][1][url]["status"] == 404 for s in sizes) and url.startswith("/search/"):
            cells = ["未部署/not available"] * len(sizes)
        lines.append(f"| {name} `{url}` | " + " | ".join(cells) + f" | {fmt(growth, 2)} (CPU {fmt(cpu_growth, 2)}) |")
        if growth is not None:
            verdicts.append((name, growth, cpu_growth))
    lines += [""]
    for name, growth, cpu_growth in verdicts:
        if growth < 1.5:
            word = "flat (within noise)"
        elif growth < sizes[-1] / sizes[0] / 3:
            word = "grows, but much slower than the article count"
        else:
            word = "**grows roughly with the article count**"
        lines.append(
            f"- {name}: ×{growth:.2f} wall clock (×{cpu_growth:.2f} CPU of this process) from {sizes[0]:,} to "
            f"{sizes[-1]:,} articles: {word}"
        )
    lines.append("")
    return "\n".join(line for line in lines if line is not None)


if __name__ == "__main__":
    main()
