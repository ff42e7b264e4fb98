"""sitemap.xml (an index of parts), robots.txt and the RSS feed of each column."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_index_and_parts(client, article, make_article):
    draft = make_article("草稿不进站点地图", publish=False)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert parts == ["https://mzj.xuancheng.gov.cn/sitemap-pages.xml?p=1"]
    part = ET.fromstring(client.get("/sitemap-pages.xml?p=1").content)
    locs = [loc.text for loc in part.findall("s:url/s:loc", NS)]
    assert "https://mzj.xuancheng.gov.cn/" in locs
    assert "https://mzj.xuancheng.gov.cn/news/zwdt/bmdt/" in locs
    assert f"https://mzj.xuancheng.gov.cn{article.url}" in locs
    assert not any(draft.slug in loc for loc in locs)
    assert client.get("/sitemap-pages.xml?p=9").status_code == 404
    assert client.get("/sitemap-pages.xml?p=x").status_code == 404


def test_sitemap_splits_into_parts(client, make_article, monkeypatch):
    from wagtail.models import Page

    from website import sitemaps

    for i in range(5):
        make_article(f"文章{i}")
    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 4)
    assert Page.objects.live().filter(depth__gte=2).count() == 14  # home, 8 columns, 5 articles
    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert len(index.findall("s:sitemap/s:loc", NS)) == 4
    sizes = [
        len(ET.fromstring(client.get(f"/sitemap-pages.xml?p={n}").content).findall("s:url", NS)) for n in (1, 2, 3, 4)
    ]
    assert sizes == [4, 4, 4, 2]


def test_robots_txt(client, home):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: https://mzj.xuancheng.gov.cn/sitemap.xml" in text


def test_column_feed(client, columns, article, make_article):
    make_article("通知一则", column="tzgg")
    response = client.get(columns["zwdt"].url + "feed/")
    assert response.status_code == 200
    assert "rss+xml" in response["Content-Type"]
    feed = ET.fromstring(response.content)
    titles = [t.text for t in feed.findall("channel/item/title")]
    assert set(titles) == {"我市提高城乡低保标准", "通知一则"}
    links = [t.text for t in feed.findall("channel/item/link")]
    assert f"https://mzj.xuancheng.gov.cn{article.url}" in links
    assert feed.find("channel/title").text == "政务动态 - 宣城市民政局"
    leaf = ET.fromstring(client.get(columns["tzgg"].url + "feed/").content)
    assert [t.text for t in leaf.findall("channel/item/title")] == ["通知一则"]


def test_unknown_subroute_is_404(client, columns):
    assert client.get(columns["bmdt"].url + "nothing/").status_code == 404
    assert client.get(columns["bmdt"].url + "feed/extra/").status_code == 404
