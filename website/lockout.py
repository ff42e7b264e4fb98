"""Login lockout with django-axes: the client address axes records and the Chinese page a
locked-out login gets. Configuration is in settings (AXES_*); docs/captcha-and-rate-limits.md."""

import ipaddress
import logging
import math

from axes.helpers import get_cool_off
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
