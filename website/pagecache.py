"""Full-page cache for anonymous visitors, kept correct by purging on every content change.

wagtail-cache does not support Wagtail 8, so this is a small middleware over Django's cache
(Redis in production, so every app server shares it). See docs/page-cache.md.

- Only anonymous GET/HEAD requests (no session cookie) for Wagtail pages (and feeds/sitemaps that
  opt in with `mark_cacheable`) are stored; a response that sets a cookie never is.
- Each URL path has a version number in the cache, stored responses carry the version they were
  made under, and one `get_many` reads both; purging a path bumps its version, which makes every
  cached variant of it (?page=2, ?county=…) stale at once.
- `purge_page(page)` purges the page, every ancestor (the columns that list it, up to the home
  page), their feeds and the sitemap, and asks a CDN to purge them when one is configured.
- A cache that is down is logged and skipped: pages are then served uncached.
"""

import hashlib
import logging
from urllib.parse import unquote

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.encoding import escape_uri_path

logger = logging.getLogger("website.pagecache")

CACHEABLE_ATTR = "_xcmz_cacheable"
SESSION_COOKIES = None


def mark_cacheable(response):
    """Let the page cache store this response (used by non-page views such as feeds)."""
    setattr(response, CACHEABLE_ATTR, True)
    return response


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def canonical_path(url_path):
    """The one form a URL path takes in cache keys, from a percent-encoded path.

    page.get_url() returns `/news/%E4%BD%8E%E4%BF%9D/` while Django's request.path is
    `/news/低保/`; keying one side on each made purges miss every page with a Chinese (or space,
    or `%`) slug. Both sides call this: the middleware on escape_uri_path(request.path), the purge
    side on the encoded URLs pages give.
    """
    return unquote(url_path)


def _version_key(path):
    return "pc-ver:" + hashlib.sha1(canonical_path(path).encode()).hexdigest()


def _page_key(path, query):
    digest = hashlib.sha1(f"{canonical_path(path)}?{query}".encode()).hexdigest()
    return f"pc:{digest}"


def _safe(operation, *args, default=None):
    try:
        return operation(*args)
    except Exception:  # noqa: BLE001 - any cache failure means "serve uncached"
        logger.warning("page cache unavailable; serving uncached", exc_info=False)
        return default


def _is_anonymous(request):
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies


def _eligible_request(request):
    if request.method not in ("GET", "HEAD") or not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return False
    if not _is_anonymous(request):
        return False
    path = request.path
    return not any(path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDE_PREFIXES)


def _normalised_query(request):
    """Only the parameters pages read (PAGE_CACHE_QUERY_PARAMS: page, county, kind…), first value,
    bounded: `?utm=1`, `?x=<random>` and the like share the entry of the plain page, so a flood
    of made-up query strings cannot fill the cache (the pages ignore those parameters anyway)."""
    if not request.GET:
        return ""
    used = []
    for name in settings.PAGE_CACHE_QUERY_PARAMS:
        value = request.GET.get(name)
        if value:
            used.append(f"{name}={value[:40]}")
    return "&".join(used)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible_request(request):
            response = self.get_response(request)
            return self._private(request, response)
        cache = _cache()
        path = escape_uri_path(request.path)
        version_key, key = _version_key(path), _page_key(path, _normalised_query(request))
        # One round trip: the path's version and the stored (version, response) together; a
        # response stored under an older version is stale.
        found = _safe(cache.get_many, [version_key, key], default={}) or {}
        version = found.get(version_key) or 1
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            cached = entry[1]
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self._storable(request, response):
            patch_cache_control(
                response, public=True, max_age=settings.PAGE_CACHE_BROWSER_SECONDS, s_maxage=settings.PAGE_CACHE_SECONDS
            )
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
            response["X-Page-Cache"] = "miss"
            _safe(cache.set, key, (version, response), settings.PAGE_CACHE_SECONDS)
        else:
            self._private(request, response)
        return response

    @staticmethod
    def _storable(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        # "Vary: Cookie" is fine here: only requests without a session cookie reach this point,
        # and a response that sets any cookie (CSRF, session) was refused above.
        if response.has_header("Cache-Control"):
            return False
        if getattr(response, CACHEABLE_ATTR, False):
            return True
        match = getattr(request, "resolver_match", None)
        return bool(match and match.url_name == "wagtail_serve" and not getattr(request, "is_preview", False))

    @staticmethod
    def _private(request, response):
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True, max_age=0)
        patch_vary_headers(response, ["Cookie"]) if not _is_anonymous(request) else None
        return response


def content_version(path):
    """The current version of a (percent-encoded) URL path: changes whenever its content changes."""
    if not path:
        return 0
    return _safe(_cache().get, _version_key(path), default=None) or 1


def purge_paths(paths):
    """Drop every cached variant of these percent-encoded URL paths (here and in the CDN)."""
    paths = sorted(set(paths))
    cache = _cache()
    for path in paths:
        key = _version_key(path)
        current = _safe(cache.get, key, default=None) or 1
        _safe(cache.set, key, current + 1, None)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        try:
            from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

            base = settings.SITE_URL
            purge_urls_from_cache([base + p for p in paths])
        except Exception:  # noqa: BLE001 - a CDN that fails to purge must not fail publishing
            logger.exception("CDN purge failed")
    return paths


def paths_for_page(page):
    """The page, every page that lists it (ancestors up to the home page), their feeds, the sitemap."""
    paths = ["/sitemap.xml", "/sitemap-pages.xml"]
    for ancestor in page.get_ancestors(inclusive=True).filter(depth__gt=1):
        url = ancestor.get_url()
        if url:
            paths += [url, url + "feed/"]
    url = page.get_url()
    if url:
        paths.append(url)
    return paths


def purge_page(page):
    return purge_paths(paths_for_page(page))
