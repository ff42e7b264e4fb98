"""Middleware for running in production: a Chinese 503 page when the database is down, and a
limit on failed admin logins."""

import logging

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import loader

from .ratelimit import client_ip

logger = logging.getLogger("website")


def unavailable_response(status=503):
    html = loader.get_template("503.html").render()
    response = HttpResponse(html, status=status)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached gives a Chinese 503 page, never a stack trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError) and "connect" in str(exception).lower()
        ):
            logger.error("database unavailable: %s", type(exception).__name__)
            return unavailable_response()
        return None


def _login_key(request):
    return f"admin-login-fail:{client_ip(request)}"


@receiver(user_login_failed)
def _count_failed_login(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    key = _login_key(request)
    try:
        cache.add(key, 0, settings.ADMIN_LOGIN_LOCKOUT_SECONDS)
        cache.incr(key)
    except Exception:  # noqa: BLE001 - cache down: no lockout rather than no login
        logger.warning("login limit: cache unavailable")


class AdminLoginLimitMiddleware:
    """After ADMIN_LOGIN_MAX_FAILURES failed logins from one address, further login attempts are
    refused for ADMIN_LOGIN_LOCKOUT_SECONDS (429)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == settings.ADMIN_LOGIN_PATH:
            try:
                failures = cache.get(_login_key(request)) or 0
            except Exception:  # noqa: BLE001
                failures = 0
            if failures >= settings.ADMIN_LOGIN_MAX_FAILURES:
                logger.warning("admin login locked out for an address after %s failures", failures)
                html = loader.get_template("429_login.html").render()
                return HttpResponse(html, status=429)
        return self.get_response(request)
