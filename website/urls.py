from django.conf import settings
from django.http import Http404
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from news import views as news_views
from website.captcha import captcha_audio_zh, captcha_image_2x
from website.health import healthz
from website.media import serve_public_media
from website.sitemaps import robots_txt, sitemap_index, sitemap_part


def _no_such_document(request):
    raise Http404("No such document.")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-pages.xml", sitemap_part, name="sitemap-part"),
    path("robots.txt", robots_txt, name="robots"),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's serve view passes any run of digits to int(): 5,000 of them raised ValueError (500).
    re_path(r"^documents/\d{11,}/", _no_such_document),
    path("documents/", include(wagtaildocs_urls)),
    path("views/<int:page_id>/", news_views.page_views, name="page_views"),
    path("captcha/audio-zh/<str:key>.wav", captcha_audio_zh, name="captcha-audio-zh"),
    path("captcha/image/<str:key>@2/", captcha_image_2x, name="captcha-image-2x"),
    path("captcha/", include("captcha.urls")),
    path("placenames/", include("placenames.urls")),
    path("comments/", include("comments.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.SERVE_MEDIA:
    # `make run` and the test server only: in production nginx serves /media/ (not documents).
    urlpatterns += [path("media/<path:path>", serve_public_media)]

urlpatterns += [path("", include("qa.urls"))]
urlpatterns += [path("", include(wagtail_urls))]

handler400 = "website.views.bad_request"
handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"
