#!/usr/bin/env python3
"""Two app servers, one PostgreSQL and one Redis: what one changes, the other shows at once.

Run through bench/cluster.sh. Starts gunicorn A and B (bench settings, page cache on) on two
free ports against the database BENCH_CLUSTER_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/xcmz_bench_cluster, created and migrated if needed; `--fresh`
drops it first) and Redis BENCH_REDIS_URL (default db 7), then checks:

  (a) publish: B has the article and its column cached (X-Page-Cache: hit); a new revision
      (draft, saved by a management step) is published through A's admin (bulk publish, logged in
      as a superuser); B serves the new title at once, article and column. Then the article is
      unpublished through A's admin: B answers 404 at once; it is published again.
  (b) comments: a comment approved on A shows on B (skipped while the comments app is not installed).
  (c) view counts: 200 concurrent POSTs to /views/<id>/, half to A and half to B, add exactly 200.

Prints PASS/FAIL per check, writes the result into bench/RESULTS.md (section `cluster`) and exits
non-zero when a check fails. The gunicorn processes are stopped however the script ends.
"""

import argparse
import concurrent.futures
import http.cookiejar
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    BROWSER_UA,
    DEFAULT_REDIS,
    PY,
    ROOT,
    Gunicorn,
    Target,
    http_get,
    log,
    machine,
    machine_lines,
    update_section,
)

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/xcmz_bench_cluster"
VIEWS = 200


def django(target, code, **extra):
    """Run a snippet with the bench settings against the shared database; return its last line as JSON."""
    prelude = "import django, json; django.setup()\n"
    out = subprocess.run(
        [PY, "-c", prelude + code],
        cwd=ROOT,
        env=target.env(**extra),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def postgres_answers(url):
    try:
        import psycopg

        parts = urllib.parse.urlsplit(url)
        with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001
        return False


def ensure_database(target, fresh):
    import psycopg

    parts = urllib.parse.urlsplit(target.database_url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    target.manage("migrate", "--noinput")
    if not (ROOT / "bench" / "_work" / "static" / "staticfiles.json").exists():
        target.manage("collectstatic", "--noinput")
    target.manage("load_demo")


class Browser:
    """A cookie-keeping HTTP client (a logged-in editor's browser)."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"User-Agent": BROWSER_UA, "Referer": self.base + path}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.geturl(), e.read().decode()

    def csrf(self, html):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1) if match else next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def post_form(self, path, fields=None):
        _, _, html = self.request(path)
        return self.request(path, {"csrfmiddlewaretoken": self.csrf(html), **(fields or {})})

    def login(self, username, password):
        status, url, _ = self.post_form("/admin/login/", {"username": username, "password": password})
        return status == 200 and "/admin/login/" not in url


def page_state(server, url):
    status, headers, body = http_get(server.base + urllib.parse.quote(url))
    return status, headers.get("X-Page-Cache", ""), body.decode(errors="replace")


def check_publish(target, a, b, article, out):
    """(a): returns True when B is fresh at once after each change made through A."""
    page_id, url, column_url = article["id"], article["url"], article["column_url"]
    ok = True
    for _ in range(2):  # the first request fills the cache, the second must be a hit
        for server in (a, b):
            page_state(server, url)
            page_state(server, column_url)
    status, hit_article, _ = page_state(b, url)
    _, hit_column, _ = page_state(b, column_url)
    out.append(f"B before: article {status} X-Page-Cache: {hit_article}; column X-Page-Cache: {hit_column}")
    ok &= hit_article == "hit" and hit_column == "hit"

    token = secrets.token_hex(3)
    new_title = f"{article['base_title']}（第{token}次修订）"
    django(
        target,
        "from news.models import ArticlePage\n"
        f"p = ArticlePage.objects.get(pk={page_id}).get_latest_revision_as_object()\n"
        f"p.title = {new_title!r}\n"
        "p.save_revision()\n"
        "print(json.dumps(True))",
    )
    _, state, body = page_state(b, url)
    out.append(f"draft saved (not published): B still shows the old title: {new_title not in body} ({state})")
    ok &= new_title not in body

    editor = Browser(a.base)
    password = article["password"]
    if not editor.login("admin", password):
        out.append("FAIL: could not log in to A's admin")
        return False
    started = time.monotonic()
    status, _, _ = editor.post_form(f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/")
    published_in = time.monotonic() - started
    out.append(f"published through A's admin (bulk publish): HTTP {status} in {published_in:.2f} s")
    ok &= status == 200
    status, state, body = page_state(b, url)
    fresh_article = status == 200 and new_title in body
    _, column_state, column_body = page_state(b, column_url)
    fresh_column = new_title in column_body
    out.append(f"B right after: article has the new title: {fresh_article} (X-Page-Cache: {state})")
    out.append(f"B right after: column lists the new title: {fresh_column} (X-Page-Cache: {column_state})")
    ok &= fresh_article and fresh_column

    status, _, _ = editor.post_form(f"/admin/pages/{page_id}/unpublish/")
    b_status, _, _ = page_state(b, url)
    _, _, column_body = page_state(b, column_url)
    out.append(
        f"unpublished through A's admin (HTTP {status}): B answers {b_status}; column still lists it: {new_title in column_body}"
    )
    ok &= b_status == 404 and new_title not in column_body
    status, _, _ = editor.post_form(f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/")
    b_status, _, body = page_state(b, url)
    out.append(f"published again through A (HTTP {status}): B answers {b_status}")
    ok &= status == 200 and b_status == 200 and new_title in body
    return ok


def check_comments(target, a, b, article, out):
    """(b): None when the comments app is not installed (skipped)."""
    info = django(
        target,
        "from django.apps import apps\nprint(json.dumps(apps.is_installed('comments')))",
    )
    if not info:
        out.append("skipped: comments app not installed")
        return None
    text = f"集群测试评论{secrets.token_hex(3)}"
    result = django(
        target,
        "from comments.models import Comment\n"
        f"c = Comment.objects.create(page_id={article['id']}, text={text!r}, nickname='集群测试', status='pending')\n"
        "print(json.dumps({'id': c.pk}))",
    )
    _, _, body = page_state(b, article["url"])
    _, _, fragment = page_state(b, f"/comments/{article['id']}/")
    out.append(f"pending comment visible on B: {text in body or text in fragment}")
    pending_hidden = text not in body and text not in fragment
    # Approve through A's code path (comments.moderation, which logs and purges the cached article).
    django(
        target,
        "from comments.models import Comment\n"
        "from comments.moderation import approve\n"
        f"approve(list(Comment.objects.filter(pk={result['id']})), None)\n"
        "print(json.dumps(True))",
    )
    _, state, body = page_state(b, article["url"])
    _, _, fragment = page_state(b, f"/comments/{article['id']}/")
    shown = text in body or text in fragment
    out.append(f"approved: B shows it at once: {shown} (article X-Page-Cache: {state})")
    return pending_hidden and shown


def check_views(target, a, b, article, out):
    """(c): 200 concurrent POSTs split across A and B add up exactly."""
    page_id = article["id"]

    def total():
        return django(target, f"from news.viewcount import current_views\nprint(json.dumps(current_views({page_id})))")

    before = total()

    def post(i):
        server = a if i % 2 == 0 else b
        status, _, body = http_get(
            f"{server.base}/views/{page_id}/", method="POST", data=b"", headers={"User-Agent": BROWSER_UA}
        )
        return status, json.loads(body or b"{}").get("counted")

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(post, range(VIEWS)))
    seconds = time.monotonic() - started
    after = total()
    counted = sum(1 for status, c in answers if status == 200 and c)
    _, _, read_a = http_get(f"{a.base}/views/{page_id}/")
    _, _, read_b = http_get(f"{b.base}/views/{page_id}/")
    seen_a, seen_b = json.loads(read_a)["count"], json.loads(read_b)["count"]
    out.append(
        f"{VIEWS} POSTs (100 to A, 100 to B, 20 at a time) in {seconds:.1f} s: {counted} answered counted; "
        f"total {before} → {after} (+{after - before}); A reads {seen_a}, B reads {seen_b}"
    )
    return after - before == VIEWS and counted == VIEWS and seen_a == seen_b == after


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fresh", action="store_true", help="drop and re-create the cluster database")
    parser.add_argument("--no-results", action="store_true", help="do not write bench/RESULTS.md")
    args = parser.parse_args()

    url = os.environ.get("BENCH_CLUSTER_DATABASE_URL", DEFAULT_DB)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    if not postgres_answers(url):
        print(f"skipped: PostgreSQL not reachable at {url.split('@')[-1]}")
        return 0
    target = Target(url, redis_url)
    started = time.monotonic()
    info = machine(target)
    log("preparing the shared database")
    ensure_database(target, args.fresh)
    target.flush_redis()
    password = secrets.token_urlsafe(16)
    target.manage("ensure_admin", ADMIN_PASSWORD=password)
    article = django(
        target,
        "from news.models import ArticlePage\n"
        "p = ArticlePage.objects.live().filter(slug='dibao-standard-raised-2026').first() or ArticlePage.objects.live().first()\n"
        "base = p.title.split('（第')[0]\n"
        "print(json.dumps({'id': p.pk, 'url': p.url, 'column_url': p.get_parent().url, 'base_title': base}))",
    )
    article["password"] = password

    servers = [Gunicorn(target, PAGE_CACHE_ENABLED=1), Gunicorn(target, PAGE_CACHE_ENABLED=1)]

    def stop(*_):
        for server in servers:
            server.stop()
        raise SystemExit(130)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    results = []
    try:
        for server in servers:
            server.start()
        a, b = servers
        log(f"A on :{a.port}, B on :{b.port} (2 workers each), PostgreSQL {url.split('/')[-1]}, Redis {redis_url}")
        for name, check in (
            ("(a) a page published through A is fresh on B at once", check_publish),
            ("(b) a comment approved on A shows on B", check_comments),
            ("(c) view counts sent to A and B add up exactly", check_views),
        ):
            lines = []
            try:
                ok = check(target, a, b, article, lines)
            except Exception as e:  # noqa: BLE001 - a broken check is a failed check, reported
                ok = False
                lines.append(f"error: {type(e).__name__}: {e}")
            verdict = "SKIP" if ok is None else ("PASS" if ok else "FAIL")
            results.append((name, verdict, lines))
            print(f"{verdict}: {name}")
            for line in lines:
                print(f"    {line}")
    finally:
        for server in servers:
            server.stop()
    seconds = time.monotonic() - started
    failed = any(v == "FAIL" for _, v, _ in results)
    print(f"{'FAIL' if failed else 'PASS'}: cluster check in {seconds:.0f} s")
    if not args.no_results:
        body = ["## Several app servers (bench/cluster.sh)", ""] + machine_lines(info)
        body += [
            "- Two gunicorn instances (A, B; 2 workers each) with the bench settings and the page cache on, "
            "sharing one PostgreSQL database and one Redis database",
            f"- Whole check, including set-up: {seconds:.0f} s",
            "",
        ]
        for name, verdict, lines in results:
            body.append(f"- **{verdict}** {name}")
            body += [f"    - {line}" for line in lines]
        update_section("cluster", "\n".join(body) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
