"""In-process measurements for the benchmark scripts; prints one JSON line.

    probe.py pick                 the article/column/home URLs; writes the article's HTML to
                                  bench/_work/root/article.html (the static and minimal references)
    probe.py queries URL...       SQL queries per uncached request (first request, then steady state)
    probe.py cpu N URL...         median CPU time per request (process time, not wall clock)
    probe.py breakdown N URL      where an uncached request's time goes (site lookup, routing, template parts)
    probe.py views PAGE_ID        the page's total view count
    probe.py timings N URL...     median (and first) in-process time of N requests per URL
    probe.py articles N           URLs of N live articles, in random order
    probe.py count                number of live articles

Runs with the bench settings (bench/run_all.py sets the environment); the page cache must be off
(PAGE_CACHE_ENABLED=0) for `queries` and `timings`.
"""

import functools
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

GENERATED_SLUG = re.compile(r"^g[0-9a-f]{12}$")


def client():
    return Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT="Mozilla/5.0 bench-probe")


def pick():
    from news.models import ArticlePage, NewsIndexPage

    demo = [a for a in ArticlePage.objects.live().order_by("-publish_at", "-pk") if not GENERATED_SLUG.match(a.slug)]
    # A demo article written by load_demo (images, several paragraphs), not a synthetic one.
    article = max(demo[:20], key=lambda a: len(a.body.raw_data)) if demo else ArticlePage.objects.live().first()
    leaf = next(c for c in NewsIndexPage.objects.live().order_by("path") if c.slug == "bmdt")
    response = client().get(article.url)
    if response.status_code != 200:
        raise SystemExit(f"article {article.url} answered {response.status_code}")
    root = Path(settings.WHITENOISE_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    (root / "article.html").write_bytes(response.content)
    return {
        "article_url": article.url,
        "article_id": article.pk,
        "article_title": article.title,
        "article_bytes": len(response.content),
        "column_url": leaf.url,
        "home_url": "/",
    }


def queries(urls):
    result = {}
    c = client()
    for url in urls:
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as ctx:
                response = c.get(url)
            counts.append(len(ctx.captured_queries))
        result[url] = {
            "status": response.status_code,
            "first": counts[0],
            "steady": counts[1],
            "sql": [q["sql"][:300] for q in ctx.captured_queries],
        }
    return result


def cpu(n, urls):
    """Median CPU time of the process per request (time.process_time): what a request costs,
    whatever else the machine is doing (wall-clock times on a busy machine include waiting)."""
    c = client()
    result = {}
    for url in urls:
        c.get(url)
        c.get(url)
        samples = []
        for _ in range(int(n)):
            start = time.process_time()
            response = c.get(url)
            samples.append((time.process_time() - start) * 1000)
        result[url] = {
            "status": response.status_code,
            "cpu_ms": statistics.median(samples),
            "cache": response.get("X-Page-Cache", ""),
        }
    return result


def breakdown(n, url):
    """Where an uncached request's time goes (page cache off): wall-clock ms per request spent in
    the site lookup, routing, the page's context and the template, and inside the template in the
    article body, the comments area and the breadcrumb. Measured by wrapping those functions (only
    the outermost call of each counts, so a method calling its parent's is not counted twice)."""
    import wagtail.rich_text
    from django.core.handlers.base import BaseHandler
    from django.template import loader_tags
    from django.template.response import SimpleTemplateResponse
    from wagtail.models import Page, Site, get_page_models
    from wagtail.templatetags.wagtailcore_tags import IncludeBlockNode

    spent, active = {}, set()

    def timed(owner, name, label, when=None):
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            if label in active or (when is not None and not when(*args)):
                return original(*args, **kwargs)
            active.add(label)
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                active.discard(label)
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - start

        setattr(owner, name, wrapper)

    def include_of(name):
        return lambda node, context: str(node.template.var).strip("'\"") == name

    timed(BaseHandler, "get_response", "whole request (middleware, view, template)")
    timed(Site, "find_for_request", "site lookup (Site.find_for_request)")
    timed(Page, "route_for_request", "routing, site lookup included (Page.route_for_request)")
    for model in get_page_models():
        if "get_context" in vars(model):
            timed(model, "get_context", "page context (get_context)")
    timed(SimpleTemplateResponse, "render", "template rendering")
    timed(IncludeBlockNode, "render", "body: image, table and attachment blocks")
    timed(wagtail.rich_text, "expand_db_html", "body: rich text (expand_db_html)")
    timed(loader_tags.IncludeNode, "render", "comments area", when=include_of("comments/comments_area.html"))
    timed(loader_tags.IncludeNode, "render", "breadcrumb", when=include_of("includes/breadcrumb.html"))

    c = client()
    for _ in range(3):
        c.get(url)
    spent.clear()
    for _ in range(int(n)):
        response = c.get(url)
    return {
        "url": url,
        "status": response.status_code,
        "requests": int(n),
        "ms": {label: seconds * 1000 / int(n) for label, seconds in spent.items()},
    }


def views(page_id):
    from news.viewcount import current_views

    return {"count": current_views(int(page_id))}


def timings(n, urls):
    c = client()
    result = {}
    for url in urls:
        if url.startswith("warm:"):  # loads templates and per-process caches; not reported
            c.get(url[5:])
            continue
        samples, status = [], None
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = c.get(url)
            first = (time.perf_counter() - start) * 1000
        status = response.status_code
        first_queries = len(ctx.captured_queries)
        cpu_samples = []
        for _ in range(n):
            reset_queries()
            with CaptureQueriesContext(connection) as ctx:
                start, cpu_start = time.perf_counter(), time.process_time()
                c.get(url)
                samples.append((time.perf_counter() - start) * 1000)
                cpu_samples.append((time.process_time() - cpu_start) * 1000)
        result[url] = {
            "status": status,
            "first_ms": first,
            "median_ms": statistics.median(samples),
            "cpu_ms": statistics.median(cpu_samples),
            "min_ms": min(samples),
            "queries": len(ctx.captured_queries),
            "first_queries": first_queries,
            "bytes": len(response.content),
        }
    return result


def articles(n):
    from news.models import ArticlePage

    return {"urls": [a.url for a in ArticlePage.objects.live().order_by("?")[: int(n)]]}


def count():
    from news.models import ArticlePage

    return {"articles": ArticlePage.objects.live().count()}


def main(argv):
    command, args = argv[0], argv[1:]
    if command == "pick":
        answer = pick()
    elif command == "queries":
        answer = queries(args)
    elif command == "cpu":
        answer = cpu(args[0], args[1:])
    elif command == "breakdown":
        answer = breakdown(args[0], args[1])
    elif command == "views":
        answer = views(args[0])
    elif command == "timings":
        answer = timings(int(args[0]), args[1:])
    elif command == "articles":
        answer = articles(args[0])
    elif command == "count":
        answer = count()
    else:
        raise SystemExit(__doc__)
    print(json.dumps(answer, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
