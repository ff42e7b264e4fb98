"""sitemap.xml as an index of parts, so it stays cheap at 100,000 pages.

Wagtail's own sitemap loads every page with `.specific()`; here each part is one query over the
page table (url_path, last_published_at), PAGE_SIZE pages a part, and addresses use SITE_URL.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from wagtail.models import Page, Site

from .pagecache import mark_cacheable

PAGE_SIZE = 5000


def _origin(request):
    return settings.SITE_URL or Site.find_for_request(request).root_url


def _pages(site):
    return (
        Page.objects.live()
        .descendant_of(site.root_page, inclusive=True)
        .filter(view_restrictions__isnull=True)
        .order_by("path")
        .values_list("url_path", "last_published_at")
    )


def sitemap_index(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    parts = Paginator(_pages(site), PAGE_SIZE).num_pages
    origin = _origin(request)
    response = render(
        request,
        "website/sitemap_index.xml",
        {"parts": [f"{origin}/sitemap-pages.xml?p={n}" for n in range(1, parts + 1)]},
        content_type="application/xml",
    )
    return mark_cacheable(response)


def sitemap_part(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    try:
        part = Paginator(_pages(site), PAGE_SIZE).page(request.GET.get("p", "1"))
    except (EmptyPage, PageNotAnInteger) as e:
        raise Http404 from e
    origin = escape(_origin(request))
    cut = len(site.root_page.url_path)
    # Built as a string, not a template: a part has up to PAGE_SIZE entries.
    rows = [
        f"<url><loc>{origin}/{escape(url_path[cut:])}</loc>"
        + (f"<lastmod>{lastmod.isoformat(timespec='seconds')}</lastmod>" if lastmod else "")
        + "</url>"
        for url_path, lastmod in part.object_list
    ]
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(rows)
        + "\n</urlset>\n"
    )
    return mark_cacheable(HttpResponse(body, content_type="application/xml"))


def robots_txt(request):
    response = render(request, "website/robots.txt", {"origin": _origin(request)}, content_type="text/plain")
    return mark_cacheable(response)
