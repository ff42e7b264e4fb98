"""The site's URLs plus a view that fails, to see the 500 page a citizen would get."""

from django.urls import path

from website.urls import handler400, handler404, handler500  # noqa: F401
from website.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("simulated failure")


urlpatterns = [path("boom/", boom)] + site_urlpatterns
