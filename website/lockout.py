"""Login lockout with django-axes: the client address axes records and the Chinese page a
locked-out login gets. Configuration is in settings (AXES_*); docs/captcha-and-rate-limits.md."""

import ipaddress
import logging
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpResponse
from django.template import loader

from .ratelimit import client_ip

logger = logging.getLogger("website")


def axes_client_ip(request):
    """The address axes locks on: the same one the public forms' rate limits use (honouring
    TRUSTED_PROXY_COUNT), or None when it is not an IP address (axes stores it in an IP field)."""
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


USERNAME_MAX_LENGTH = 255  # axes' AccessAttempt, AccessLog and AccessFailureLog username columns


def axes_username(request, credentials=None):
    """AXES_USERNAME_CALLABLE: the username axes records and locks on, as axes reads it, cut to
    the 255 characters its tables hold. Django's login forms do not limit the length of what is
    typed, so a longer name reached axes' insert, which PostgreSQL refused: a 500 on the login
    page (tests/badinput/test_every_input.py, tests/website/test_login_lockout.py)."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field) if request is not None else None
    if isinstance(username, str):
        username = username.replace("\x00", "")[:USERNAME_MAX_LENGTH]
    return username


class AxesHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' database handler, with NUL bytes taken out of the request headers it
    stores (User-Agent, Accept, the path). axes cleans them from the form data but not from these,
    and PostgreSQL refuses a NUL in text: a login with such a header was a 500."""

    @staticmethod
    def _clean(request):
        for name in ("axes_user_agent", "axes_http_accept", "axes_path_info"):
            value = getattr(request, name, None)
            if isinstance(value, str) and "\x00" in value:
                setattr(request, name, value.replace("\x00", ""))

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None:
            self._clean(request)
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        self._clean(request)
        return super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        self._clean(request)
        return super().user_logged_out(sender, request, user, **kwargs)


def cool_off_minutes(request=None):
    cool_off = get_cool_off(request)
    return math.ceil(cool_off.total_seconds() / 60) if cool_off else None


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a Chinese 429 page, never cached."""
    minutes = cool_off_minutes(request)
    logger.warning("login locked out (%s)", request.path)
    html = loader.get_template("429_login.html").render({"minutes": minutes}, request)
    response = HttpResponse(html, status=429)
    response["Cache-Control"] = "no-store"
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response
