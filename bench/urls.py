"""Benchmark URLs: the minimal reference view, then every URL of the site unchanged."""

from django.http import HttpResponse
from django.urls import path

from website.urls import handler404, handler500  # noqa: F401
from website.urls import urlpatterns as site_urlpatterns

from .settings import WHITENOISE_ROOT

_html = None


def minimal_article(request):
    """The article's HTML from memory: the whole middleware stack, no database, no template."""
    global _html
    if _html is None:
        _html = (WHITENOISE_ROOT / "article.html").read_bytes()
    return HttpResponse(_html, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/minimal/", minimal_article, name="bench-minimal"), *site_urlpatterns]
