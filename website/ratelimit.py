"""A per-address fixed-window limit for public forms, kept in the shared cache (Redis in
production) so every app server counts the same posts."""

import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("website.ratelimit")
WARN_EVERY_SECONDS = 60
_last_warning = [0.0]
_proxy_warned = [False]


def client_ip(request):
    """The visitor's address. Behind our own proxies (TRUSTED_PROXY_COUNT of them) the address
    is taken from X-Forwarded-For, counting from the right so a visitor cannot forge it."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if not proxies and "HTTP_X_FORWARDED_FOR" in request.META and not _proxy_warned[0]:
        _proxy_warned[0] = True
        logger.warning("request came through a proxy (X-Forwarded-For) but TRUSTED_PROXY_COUNT is 0")
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            # Only an address: anything else (100,000 characters, control bytes) would become a
            # cache key, so every such request shares the one "unknown" count instead.
            try:
                return str(ipaddress.ip_address(forwarded[-proxies]))
            except ValueError:
                return "unknown"
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _warn_cache_down():
    now = time.monotonic()
    if now - _last_warning[0] >= WARN_EVERY_SECONDS:
        _last_warning[0] = now
        logger.warning("cache unavailable: form rate limits are not counted (captcha still applies)")


def hit(scope, request, limit, window_seconds):
    """Count one attempt; return True when this address is over `limit` in the current window.

    With the cache down (django-redis then answers None, or raises) the limit fails open: the
    captcha and the moderation queue still stand between a flood and the public, while refusing
    every citizen's comment, report and work until Redis is back would not be acceptable.
    """
    key = f"ratelimit:{scope}:{client_ip(request)}"
    try:
        cache.add(key, 0, window_seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr (or the cache lost it)
            cache.set(key, 1, window_seconds)
            count = 1
    except Exception:  # noqa: BLE001 - any cache failure: fail open, see above
        count = None
    if not isinstance(count, int):
        _warn_cache_down()
        return False
    return count > limit
