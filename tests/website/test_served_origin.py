"""`make run` on another PORT: canonical links, QR codes, the sitemap and robots.txt follow the
address really served (issue 11.5); with SITE_URL set (production) they keep SITE_URL."""

import pytest
from django.test import override_settings

from news.qrcode import canonical_url
from website.management.commands.run_site import follow_served_origin

pytestmark = pytest.mark.django_db


@override_settings(SITE_URL="")
def test_origin_follows_the_served_port(client, article):
    follow_served_origin("8765")
    origin = "http://127.0.0.1:8765"
    html = client.get(article.url).content.decode()
    assert f'<link rel="canonical" href="{origin}{article.url}">' in html
    assert canonical_url(article) == origin + article.url
    assert origin + "/sitemap-pages.xml?p=1" in client.get("/sitemap.xml").content.decode()
    assert origin + "/sitemap.xml" in client.get("/robots.txt").content.decode()
    assert "127.0.0.1:8000" not in html


def test_site_url_wins_in_production(client, article):
    follow_served_origin("8765")
    html = client.get(article.url).content.decode()
    assert f'<link rel="canonical" href="https://mzj.xuancheng.gov.cn{article.url}">' in html
    assert "8765" not in html
