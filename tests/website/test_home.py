"""The home page, the site chrome (navigation, footer) and the section pages."""

import re

import pytest
from django.core.management import call_command

from website.models import HomePage, SectionPage, SiteSettings

pytestmark = pytest.mark.django_db


def test_home_shows_lead_story_and_newest_items_per_column(client, columns, make_article, wagtail_image):
    make_article("较早的低保新闻", column="bmdt")
    lead = make_article("带封面的头条", column="bmdt", cover=wagtail_image, summary="头条摘要")
    make_article("通知一", column="tzgg")
    html = client.get("/").content.decode()
    lead_html = html.split('class="lead-story"')[1].split("</section>")[0]
    assert "带封面的头条" in lead_html and "头条摘要" in lead_html and "<picture>" in lead_html
    for title in ("部门动态", "通知公告", "政策文件"):
        assert f">{title}</a></h2>" in html
    assert re.search(r"较早的低保新闻</a> <time datetime=\"[^\"]+\">\d{4}-\d\d-\d\d</time>", html)
    assert html.count(">更多<") == 5  # 部门动态, 通知公告, 政策文件, 机构职能, 财政资金
    assert f'href="{columns["tzgg"].url}">更多' in html
    assert "暂无信息" in html  # 政策文件 is empty
    assert lead.title in html


def test_editor_chosen_columns_and_lead(client, home, columns, make_article):
    chosen = make_article("编辑指定的头条", column="zcwj")
    home.featured_columns = [("column", columns["zcwj"]), ("column", columns["bmdt"])]
    home.lead_article = chosen
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert "编辑指定的头条" in html.split('class="lead-story"')[1].split("</section>")[0]
    assert html.index(">政策文件</a></h2>") < html.index(">部门动态</a></h2>")
    assert ">通知公告</a></h2>" not in html


def test_footer_comes_from_site_settings(client, home):
    settings = SiteSettings.objects.get()
    settings.organizer = "测试主办单位"
    settings.undertaker = "测试承办单位"
    settings.site_id_code = "3418009999"
    settings.icp_number = "皖ICP备00000000号"
    settings.police_number = "皖公网安备 00000000000000号"
    settings.phone = "0563-0000000"
    settings.address = "测试地址"
    settings.save()
    html = client.get("/").content.decode()
    footer = html.split('<footer class="site-footer">')[1]
    for text in [
        "主办单位：测试主办单位",
        "承办单位：测试承办单位",
        "网站标识码：3418009999",
        "0563-0000000",
        "测试地址",
    ]:
        assert text in footer
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">皖ICP备00000000号</a>' in footer
    assert "皖公网安备 00000000000000号" in footer
    assert 'aria-label="党政机关网站标识"' in footer


def test_demo_navigation_order_and_sections(client, db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    html = client.get("/").content.decode()
    nav = html.split('aria-label="主导航"')[1].split("</nav>")[0]
    labels = re.findall(r">([^<>]+)</a></li>", nav)
    assert labels[:5] == ["首页", "资讯中心", "政务公开", "互动交流", "专题专栏"]
    section = SectionPage.objects.get(slug="hdjl")
    page = client.get(section.url).content.decode()
    assert "智能问答" in page and 'href="/qa/"' in page and "12345" in page
    assert HomePage.objects.count() == 1


def test_section_page_rules(home):
    assert SectionPage.can_exist_under(home)
    from news.models import NewsIndexPage

    assert NewsIndexPage.can_exist_under(SectionPage(title="x", slug="x"))


def test_every_page_has_skip_link_landmarks_and_one_h1(client, article, columns):
    for url in ["/", columns["bmdt"].url, article.url, "/no-such-page/"]:
        html = client.get(url).content.decode()
        assert 'class="skip-link" href="#main"' in html
        assert '<main id="main"' in html and "<header" in html and "<footer" in html and "<nav" in html
        assert html.count("<h1") == 1, url
        assert '<html lang="zh-CN"' in html


def test_viewport_allows_zoom(client, home):
    html = client.get("/").content.decode()
    viewport = re.search(r'<meta name="viewport" content="([^"]+)"', html).group(1)
    assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport


def test_home_query_budget(client, columns, make_article, django_assert_max_num_queries):
    """At most 10 queries (with the 红色地名 banner) however many columns are shown: the columns'
    newest articles come in one query (website/home.py)."""
    for i in range(10):
        make_article(f"文章{i}", column=["bmdt", "tzgg", "zcwj"][i % 3])
    client.get("/")
    with django_assert_max_num_queries(10):
        assert client.get("/").status_code == 200


def test_home_lists_each_columns_newest_including_nested_columns(columns, make_article):
    """Featured columns may nest (资讯中心 and its 部门动态): each still gets its own newest six."""
    import datetime

    from django.utils import timezone

    from website.home import HOME_ITEMS_PER_COLUMN, home_context

    start = timezone.now() - datetime.timedelta(days=30)
    for i in range(8):
        make_article(f"部门{i}", column="bmdt", publish_at=start + datetime.timedelta(days=i))
        make_article(f"通知{i}", column="tzgg", publish_at=start + datetime.timedelta(days=i, hours=12))
    home = columns["news"].get_parent().specific
    home.featured_columns = [("column", columns["news"]), ("column", columns["bmdt"]), ("column", columns["zcwj"])]
    lists = {c["page"].slug: [a.title for a in c["articles"]] for c in home_context(home)["columns"]}
    assert lists["news"] == ["通知7", "部门7", "通知6", "部门6", "通知5", "部门5"]
    assert lists["bmdt"] == [f"部门{i}" for i in range(7, 7 - HOME_ITEMS_PER_COLUMN, -1)]
    assert lists["zcwj"] == []
