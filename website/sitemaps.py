"""sitemap.xml as an index of parts, so it stays cheap at 100,000 pages.

Wagtail's own sitemap loads every page with `.specific()`; here each part is one query over the
page table (url_path, last_published_at), PAGE_SIZE pages a part, and addresses use SITE_URL.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import render
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
    origin = _origin(request)
    root = site.root_page.url_path
    urls = [(origin + "/" + url_path[len(root) :], lastmod) for url_path, lastmod in part.object_list]
    response = render(request, "website/sitemap_part.xml", {"urls": urls}, content_type="application/xml")
    return mark_cacheable(response)


def robots_txt(request):
    response = render(request, "website/robots.txt", {"origin": _origin(request)}, content_type="text/plain")
    return mark_cacheable(response)
