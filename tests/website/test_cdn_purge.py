"""A CDN in front (CDN_PURGE_URL): one publish purges each affected address once, through Wagtail's
frontend-cache backends, with the paths of our own page cache (website.pagecache.purge_paths)."""

import pytest
from django.test import override_settings
from wagtail.contrib.frontend_cache.backends import BaseBackend

pytestmark = pytest.mark.django_db

PURGED = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)

    def purge_batch(self, urls):
        PURGED.extend(urls)


def test_publish_purges_each_address_once(make_article, columns, settings):
    from django.apps import apps

    assert not apps.is_installed("wagtail.contrib.frontend_cache")  # its handler would purge again
    settings.SITE_URL = "https://mzj.example.invalid"
    article = make_article("CDN 清除测试", slug="cdn-purge")
    PURGED.clear()
    backend = {"cdn": {"BACKEND": "tests.website.test_cdn_purge.RecordingBackend"}}
    with override_settings(WAGTAILFRONTENDCACHE=backend):
        article.title = "CDN 清除测试（修改）"
        article.save_revision().publish()
    base = settings.SITE_URL
    assert base + article.url in PURGED and base + columns["bmdt"].url in PURGED and base + "/" in PURGED
    assert len(PURGED) == len(set(PURGED)), PURGED
