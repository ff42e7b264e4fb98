"""Middleware for running in production: a cap on the size of each request, and a Chinese 503 page
when the database is down. (Failed logins are limited by django-axes: website/lockout.py.)"""

import logging
import re

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger("website")


def unavailable_response(status=503):
    html = loader.get_template("503.html").render()
    response = HttpResponse(html, status=status)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


SESSION_KEY = re.compile(r"[a-z0-9]{8,40}")  # Django makes 32 of these; the column holds 40


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a session cookie which is not a session key is no session: a NUL byte
    in it reached the session query, which PostgreSQL refuses (a 500 on /admin/ and its login)."""

    def process_request(self, request):
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if key is not None and not SESSION_KEY.fullmatch(key):
            key = None
        request.session = self.SessionStore(key)


class RequestSizeLimitMiddleware:
    """Refuse a body larger than its path allows before anything reads it (issue 12.15).

    Django's own limits count form fields, not files, and cap each file, not the request: any POST
    with file parts would otherwise be spooled to disk whole. nginx caps every request at its
    client_max_body_size; this caps each path at what its form can need (REQUEST_MAX_BYTES, with
    larger limits for the works upload and the admin in REQUEST_MAX_BYTES_BY_PREFIX).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def limit_for(path):
        from django.conf import settings

        for prefix, limit in settings.REQUEST_MAX_BYTES_BY_PREFIX:
            if path.startswith(prefix):
                return limit
        return settings.REQUEST_MAX_BYTES

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.limit_for(request.path_info):
            response = HttpResponse(loader.get_template("413.html").render(), status=413)
            response["Cache-Control"] = "no-store"
            response["Connection"] = "close"
            return response
        return self.get_response(request)


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
