"""`manage.py load_demo`: the demo site is complete, and a second run adds and changes nothing."""

import io

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from news.models import ArticlePage, NewsIndexPage
from website.models import HomePage, SiteSettings

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "settings": list(SiteSettings.objects.values()),
        "latest": list(Page.objects.order_by("pk").values_list("pk", "title", "live", "latest_revision_id")),
    }


@pytest.fixture
def demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_builds_the_site_and_is_idempotent(demo, client):
    assert "演示站点已就绪" in demo
    home = HomePage.objects.get()
    assert home.title == "网站首页" and home.live

    def column(parent, title):
        return NewsIndexPage.objects.child_of(parent).live().get(title=title)

    news = column(home, "资讯中心")
    zwdt = column(news, "政务动态")
    bmdt = column(zwdt, "部门动态")
    siblings = set(NewsIndexPage.objects.child_of(zwdt).values_list("title", flat=True))
    assert {"部门动态", "通知公告", "政策文件"} <= siblings

    articles = ArticlePage.objects.live()
    assert articles.count() >= 12
    for title in ["部门动态", "通知公告", "政策文件"]:
        assert articles.child_of(column(zwdt, title)).exists(), f"{title} has no articles"
    assert articles.exclude(cover=None).exists()  # some with generated images
    assert all(a.publish_at and a.source and len(a.body) >= 2 for a in articles)
    assert articles.exclude(author="").count() >= 6  # notices carry no byline, news does

    before = snapshot()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == before
    assert "新建 0 篇文章" in out.getvalue()

    # The footer carries the bureau's identity from the site settings.
    html = client.get("/").content.decode()
    settings = SiteSettings.objects.get()
    for value in [
        settings.organizer,
        settings.site_id_code,
        settings.icp_number,
        settings.police_number,
        settings.address,
        settings.phone,
    ]:
        assert value and value in html
    response = client.get(bmdt.url)
    assert response.status_code == 200
    assert articles.child_of(bmdt).order_by("-publish_at").first().title in response.content.decode()
