"""A per-address fixed-window limit for public forms, kept in the shared cache (Redis in
production) so every app server counts the same posts."""

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The visitor's address. Behind our own proxies (TRUSTED_PROXY_COUNT of them) the address
    is taken from X-Forwarded-For, counting from the right so a visitor cannot forge it."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(scope, request, limit, window_seconds):
    """Count one attempt; return True when this address is over `limit` in the current window."""
    key = f"ratelimit:{scope}:{client_ip(request)}"
    cache.add(key, 0, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        count = 1
    return count > limit
