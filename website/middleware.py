"""Middleware for running in production: a Chinese 503 page when the database is down. (Failed
logins are limited by django-axes: website/lockout.py.)"""

import logging

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
