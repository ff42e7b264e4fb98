"""Site-wide views: Chinese error pages that never need the database."""

from django.db import DatabaseError
from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def _unavailable(request, what):
    from .middleware import logger, unavailable_response

    logger.error("database unavailable while rendering the %s page", what)
    return unavailable_response()


def page_not_found(request, exception=None):
    # base.html reads site settings and menus: with the database down this is a 503, not a 500.
    try:
        return render(request, "404.html", status=404)
    except DatabaseError:
        return _unavailable(request, "404")


def bad_request(request, exception=None):
    """handler400: a static Chinese page. Unlike Django's default (wrapped in
    requires_csrf_token, which parses the form body again), this never touches request.POST:
    an unparseable body (e.g. a form posted with charset=gbk) is often the reason we are here."""
    return HttpResponseBadRequest(loader.get_template("400.html").render())


def server_error(request):
    # Rendered without context processors: the database may be the reason we are here.
    return HttpResponseServerError(loader.get_template("500.html").render())


CSRF_FAILURE_MESSAGE = "安全校验未通过（页面已过期或请求来源不明），内容未保存。请刷新页面后重新提交。"


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a missing or forged token gets a 403 in Chinese, as JSON for scripts."""
    from django.http import JsonResponse

    if request.headers.get("X-Requested-With") in ("fetch", "XMLHttpRequest"):
        return JsonResponse({"ok": False, "message": CSRF_FAILURE_MESSAGE}, status=403)
    # Never reads request.POST (the body may be what could not be parsed); base.html needs the
    # database, so an outage gives the Chinese 503 page instead of a 500.
    try:
        return render(request, "403_csrf.html", {"message": CSRF_FAILURE_MESSAGE}, status=403)
    except DatabaseError:
        return _unavailable(request, "CSRF failure")
