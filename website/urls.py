from django.conf import settings
from django.urls import include, path
from django.views.static import serve as serve_static
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from news import views as news_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("views/<int:page_id>/", news_views.page_views, name="page_views"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
urlpatterns += [path("media/<path:path>", serve_static, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include("qa.urls"))]
urlpatterns += [path("", include(wagtail_urls))]

handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"
