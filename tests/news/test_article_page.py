"""The article page carries every element of the bureau's old article page."""

import datetime
import html as html_module
import re

import pytest
from django.utils import timezone

from news.models import ArticlePage, NewsIndexPage
from tests.qr_utils import decode_svg
from website.models import HomePage

pytestmark = pytest.mark.django_db


def test_page_type_rules(home, columns):
    assert NewsIndexPage.can_exist_under(home)
    assert NewsIndexPage.can_exist_under(columns["news"])
    assert ArticlePage.can_exist_under(columns["bmdt"])
    assert not ArticlePage.can_exist_under(home)
    assert not HomePage.can_exist_under(columns["news"])
    assert ArticlePage.allowed_subpage_models() == []


def test_article_shows_every_old_page_element(client, article):
    html = client.get(article.url).content.decode()
    text = html_module.unescape(re.sub(r"<[^>]+>", "", html.split('id="main"', 1)[1]))
    text = re.sub(r"\s+", " ", text)
    assert "您现在所在的位置: 网站首页 > 资讯中心 > 政务动态 > 部门动态" in text
    for title, slug in [
        ("网站首页", "/"),
        ("资讯中心", "/news/"),
        ("政务动态", "/news/zwdt/"),
        ("部门动态", "/news/zwdt/bmdt/"),
    ]:
        assert f'href="{slug}">{title}</a>' in html
    assert '<h1 class="article-title">我市提高城乡低保标准</h1>' in html
    published = timezone.localtime(article.publish_at).strftime("%Y-%m-%d %H:%M")
    assert f"发布时间: {published}" in text
    assert "来源: 社会救助科" in text
    assert "浏览:" in text
    assert "字体大小:" in text and re.search(r"大\s*中\s*小", text)
    assert "城乡最低生活保障标准提高到每人每月860元" in text
    assert "（肖昆）" in text
    assert "扫一扫在手机打开当前页" in text
    assert 'id="comments"' in html
    order = [
        text.index(s)
        for s in ["您现在所在的位置", "我市提高城乡低保标准", "发布时间", "字体大小", "860元", "（肖昆）", "扫一扫"]
    ]
    assert order == sorted(order)


def test_font_size_buttons_are_real_buttons(client, article):
    html = client.get(article.url).content.decode()
    for label, size, pressed in [("大", "large", "false"), ("中", "medium", "true"), ("小", "small", "false")]:
        assert f'<button type="button" data-font-size="{size}" aria-pressed="{pressed}">{label}</button>' in html


def test_source_defaults_to_column_then_site(make_article, columns):
    columns["bmdt"].default_source = "部门动态来源"
    columns["bmdt"].save_revision().publish()
    a = make_article("无来源文章")
    assert a.get_source(columns["bmdt"]) == "部门动态来源"
    columns["tzgg"].default_source = ""
    columns["tzgg"].save_revision().publish()
    b = make_article("通知", column="tzgg")
    from django.test import Client

    assert "来源: 市民政局" in re.sub(r"<[^>]+>", "", Client().get(b.url).content.decode())


def test_publish_at_defaults_to_first_publication_and_survives_edits(make_article):
    article = make_article("发布时间测试")
    assert article.publish_at is not None
    assert abs((article.publish_at - article.first_published_at).total_seconds()) < 1
    original = article.publish_at
    # A later edit, an hour later: 发布时间 stays, 更新时间 appears.
    article.title = "发布时间测试（修订）"
    revision = article.save_revision()
    later = timezone.now() + datetime.timedelta(hours=1)
    revision.publish(changed=True)
    ArticlePage.objects.filter(pk=article.pk).update(last_published_at=later)
    article.refresh_from_db()
    assert article.publish_at == original
    assert article.updated_at == later
    from django.test import Client

    html = Client().get(article.url).content.decode()
    assert "更新时间:" in html
    assert timezone.localtime(original).strftime("%Y-%m-%d %H:%M") in html


def test_editor_set_publish_at_is_kept(make_article):
    when = timezone.make_aware(datetime.datetime(2021, 6, 24, 8, 32))
    article = make_article("旧闻", publish_at=when)
    assert article.publish_at == when
    assert article.updated_at is None


def test_government_meta_tags(client, article):
    html = client.get(article.url).content.decode()
    for name in [
        "SiteName",
        "SiteDomain",
        "SiteIDCode",
        "ColumnName",
        "ArticleTitle",
        "PubDate",
        "ContentSource",
        "Author",
        "Url",
    ]:
        assert f'<meta name="{name}"' in html, name
    assert '<meta name="ColumnName" content="部门动态">' in html
    assert '<meta name="ArticleTitle" content="我市提高城乡低保标准">' in html
    assert '<meta name="Author" content="肖昆">' in html
    assert "<title>我市提高城乡低保标准 - 宣城市民政局</title>" in html
    assert '<meta name="description"' in html
    assert '<link rel="canonical" href="https://mzj.xuancheng.gov.cn/news/zwdt/bmdt/article-1/">' in html
    assert '<meta property="og:title" content="我市提高城乡低保标准">' in html
    assert '<meta property="og:type" content="article">' in html


def test_body_blocks_render(client, make_article, wagtail_image):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    doc = Document.objects.create(title="申请表", file=ContentFile(b"%PDF-1.4 test", name="form.pdf"))
    article = make_article(
        "多种正文块",
        body=[
            ("paragraph", "<p>第一段。</p>"),
            ("image", {"image": wagtail_image, "alt": "救助站外景", "caption": "市救助管理站"}),
            (
                "table",
                {
                    "data": [["项目", "标准"], ["低保", "860元"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "",
                },
            ),
            ("attachment", {"document": doc, "title": "低保申请表"}),
        ],
    )
    html = client.get(article.url).content.decode()
    assert "<picture>" in html and 'alt="救助站外景"' in html and 'loading="lazy"' in html
    assert "<figcaption>市救助管理站</figcaption>" in html
    assert '<th scope="col">项目</th>' in html and "<td>860元</td>" in html
    assert "低保申请表" in html and doc.url in html


def test_qr_code_encodes_canonical_url_not_host_header(client, article):
    html = client.get(article.url, HTTP_HOST="evil.example.com").content.decode()
    svg = re.search(r"<svg[^>]*qr-code.*?</svg>", html, re.S).group(0)
    assert decode_svg(svg) == "https://mzj.xuancheng.gov.cn/news/zwdt/bmdt/article-1/"
    assert "evil.example.com" not in html


def test_column_page_has_qr_code(client, columns):
    html = client.get(columns["bmdt"].url).content.decode()
    svg = re.search(r"<svg[^>]*qr-code.*?</svg>", html, re.S).group(0)
    assert decode_svg(svg) == "https://mzj.xuancheng.gov.cn/news/zwdt/bmdt/"


def test_article_html_is_small(client, article):
    assert len(client.get(article.url).content) < 60 * 1024


def test_article_query_budget(client, article, django_assert_max_num_queries):
    client.get(article.url)  # warm per-process caches (menu, renditions), not the page
    with django_assert_max_num_queries(10):
        response = client.get(article.url)
    assert response.status_code == 200


def test_full_article_query_budget(client, make_article, wagtail_image, image_file, django_assert_max_num_queries):
    """A cover (og:image), two body images, a table and three approved comments: still at most 10
    queries (the cover comes with the page's row, the comment count with the list)."""
    from wagtail.images.models import Image

    from comments.models import Comment

    second = Image.objects.create(title="第二张图", file=image_file("second.jpg", color=(20, 120, 30)))
    full = make_article(
        "图文并茂的文章",
        cover=wagtail_image,
        body=[
            ("paragraph", "<p>第一段。</p>"),
            ("image", {"image": wagtail_image, "alt": "外景", "caption": "市救助管理站"}),
            ("image", {"image": second, "alt": "内景", "caption": "服务大厅"}),
            (
                "table",
                {
                    "data": [["项目", "标准"], ["城市低保", "860元"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "",
                },
            ),
        ],
    )
    for i in range(3):
        Comment.objects.create(page=full, text=f"评论{i}", status=Comment.Status.APPROVED, ip_address="192.0.2.1")
    client.get(full.url)  # warm per-process caches (menu, renditions), not the page
    with django_assert_max_num_queries(10):
        response = client.get(full.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'property="og:image"' in html and html.count("<figure") == 2
    assert "<span data-comment-count>3</span>条评论" in html


def test_preview_does_not_count_views(admin_client, article):
    response = admin_client.get(f"/admin/pages/{article.pk}/edit/preview/")
    assert response.status_code in (200, 405)
    if response.status_code == 200:
        assert "data-count-views" not in response.content.decode()
