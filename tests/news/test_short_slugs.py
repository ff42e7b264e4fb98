"""New articles and columns get a short ASCII slug, not their Chinese title (issue 11.2).

Everything goes through the admin as a superuser (三审三校 is on every page; a superuser may still
publish directly), the way the admin's JavaScript posts the create and edit forms.
"""

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.models import ArticlePage, NewsIndexPage
from news.slugs import is_derived_from_title

pytestmark = pytest.mark.django_db

SHORT = re.compile(r"^\d{8}-\d{6}$")
TITLE = "宣城市民政局关于开展2024年度全市养老服务机构安全生产专项整治行动的通知"


def article_form(title, slug, paragraphs=("正文第一段。",), **fields):
    data = {
        "title": title,
        "slug": slug,
        "body": streamfield([("paragraph", rich_text(f"<p>{p}</p>")) for p in paragraphs]),
        "comments": inline_formset([]),
        "publish_at": "",
        "source": "",
        "author": "",
        "summary": "",
    }
    data.update(fields)
    return nested_form_data(data)


def column_form(title, slug, **fields):
    data = {
        "title": title,
        "slug": slug,
        "intro": "",
        "default_source": "",
        "stale_after_days": "14",
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def add_article(client, column, title, slug, action="action-publish", **fields):
    url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", column.pk))
    data = article_form(title, slug, **fields)
    if action:
        data[action] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return ArticlePage.objects.child_of(column).order_by("-pk").first()


def add_column(client, parent, title, slug):
    url = reverse("wagtailadmin_pages:add", args=("news", "newsindexpage", parent.pk))
    response = client.post(url, {**column_form(title, slug), "action-publish": "1"})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return NewsIndexPage.objects.child_of(parent).order_by("-pk").first()


@pytest.fixture
def visitor():
    return Client()


def test_chinese_title_with_blank_slug_gets_a_short_ascii_url(admin_client, columns, visitor):
    page = add_article(admin_client, columns["bmdt"], TITLE, "")
    assert SHORT.match(page.slug), page.slug
    assert page.live
    # Dated like the legacy importer's slugs: the day of first publication, Beijing time.
    assert page.slug[:8] == timezone.localtime(page.publish_at).strftime("%Y%m%d")
    assert page.url == f"/news/zwdt/bmdt/{page.slug}/"
    assert page.url.isascii() and len(page.url) < 40
    response = visitor.get(page.url)
    assert response.status_code == 200 and TITLE in response.content.decode()
    assert page.get_latest_revision().content["slug"] == page.slug  # the revision agrees with the row


@pytest.mark.parametrize(
    "filled",
    [
        slugify(TITLE, allow_unicode=True),  # Django's slugify (what Wagtail itself would use)
        TITLE.replace("，", "").lower(),  # the admin's JavaScript with unicode slugs allowed
        "2024",  # the admin's JavaScript told not to allow unicode: only the ASCII fragment is left
    ],
)
def test_slug_copied_from_a_chinese_title_is_replaced(admin_client, columns, filled):
    page = add_article(admin_client, columns["bmdt"], TITLE, filled)
    assert SHORT.match(page.slug), page.slug


def test_same_chinese_title_twice_is_not_refused(admin_client, columns):
    """Two 工作动态 in one column: the copied title used to collide; now both get their own slug."""
    filled = slugify("工作动态", allow_unicode=True)
    first = add_article(admin_client, columns["bmdt"], "工作动态", filled)
    second = add_article(admin_client, columns["bmdt"], "工作动态", filled)
    assert SHORT.match(first.slug) and SHORT.match(second.slug) and first.slug != second.slug


def test_typed_ascii_slug_is_kept(admin_client, columns):
    page = add_article(admin_client, columns["bmdt"], TITLE, "yanglao-anquan")
    assert page.slug == "yanglao-anquan"
    english = add_article(admin_client, columns["bmdt"], "Annual Report", "annual-report")
    assert english.slug == "annual-report"  # an English title's own slug is short and readable


def test_draft_gets_a_short_slug_that_publishing_keeps(admin_client, columns):
    page = add_article(admin_client, columns["bmdt"], TITLE, "", action=None)  # 保存草稿
    assert not page.live and SHORT.match(page.slug)
    slug = page.slug
    # The edit form (still never published) comes back with the short slug; publishing keeps it.
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert f'value="{slug}"' in admin_client.get(edit_url).content.decode()
    response = admin_client.post(edit_url, {**article_form(TITLE, slug), "action-publish": "1"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and page.slug == slug


def test_edit_posted_with_an_empty_slug_keeps_the_slug(admin_client, columns, make_article):
    """Wagtail 8 autosaves a new page before its slug is filled in, then posts the edit form with
    the slug still empty: the draft keeps the short slug it got first, not a new one each time."""
    draft = add_article(admin_client, columns["bmdt"], TITLE, "", action=None)
    edit_url = reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    for _ in range(2):
        assert admin_client.post(edit_url, article_form(TITLE, "")).status_code == 302
    assert admin_client.post(edit_url, {**article_form(TITLE, ""), "action-publish": "1"}).status_code == 302
    slug = draft.slug
    draft.refresh_from_db()
    assert draft.live and draft.slug == slug
    assert {r.content["slug"] for r in draft.revisions.all()} == {slug}
    # A published page's address never moves by itself, even an old Chinese one.
    old = make_article("我市提高城乡低保标准", slug="我市提高城乡低保标准")
    edit_url = reverse("wagtailadmin_pages:edit", args=(old.pk,))
    response = admin_client.post(edit_url, {**article_form("我市提高城乡低保标准", ""), "action-publish": "1"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.slug == "我市提高城乡低保标准"


def test_preview_with_an_empty_slug(admin_client, columns):
    for model, parent, data in (
        ("articlepage", columns["bmdt"], article_form(TITLE, "")),
        ("newsindexpage", columns["zwdt"], column_form("婚姻登记", "")),
    ):
        url = reverse("wagtailadmin_pages:preview_on_add", args=("news", model, parent.pk))
        assert admin_client.post(url, data).json() == {"is_valid": True, "is_available": True}
        assert admin_client.get(url).status_code == 200, model


def test_never_published_draft_with_copied_slug_gets_a_short_one_on_edit(admin_client, columns):
    """A draft saved before this change (or by autosave) with the Chinese title as its slug."""
    copied = slugify(TITLE, allow_unicode=True)
    page = ArticlePage(title=TITLE, slug=copied, live=False)
    columns["bmdt"].add_child(instance=page)
    assert page.slug == copied  # a slug given in code is kept
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = admin_client.post(edit_url, {**article_form(TITLE, copied), "action-publish": "1"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and SHORT.match(page.slug), page.slug


def test_code_without_a_slug_gets_a_short_one(columns):
    page = ArticlePage(title=TITLE, live=False)
    columns["bmdt"].add_child(instance=page)
    assert SHORT.match(page.slug), page.slug
    column = NewsIndexPage(title="养老服务")
    columns["zwdt"].add_child(instance=column)
    assert column.slug == "ylfw"


def test_create_form_does_not_copy_chinese_into_the_slug(admin_client, columns, make_article):
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", columns["bmdt"].pk))
    html = admin_client.get(add_url).content.decode()
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', html).group(0)
    assert 'data-w-slug-allow-unicode-value="false"' in slug_input
    assert "留空则自动生成简短网址" in html
    # An old article's edit form still allows its Chinese slug (Wagtail's default, unicode allowed).
    old = make_article("旧文章", slug="旧文章")
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=(old.pk,))).content.decode()
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', html).group(0)
    assert 'data-w-slug-allow-unicode-value="false"' not in slug_input
    assert "data-w-slug-allow-unicode-value" in slug_input


def test_old_article_with_chinese_slug_still_serves_and_can_be_republished(admin_client, make_article, visitor):
    old_slug = slugify("我市提高城乡低保标准", allow_unicode=True)
    page = make_article("我市提高城乡低保标准", slug=old_slug)
    url = page.url
    assert url == quote(f"/news/zwdt/bmdt/{old_slug}/")  # the 100-character URL of issue 11.2
    assert visitor.get(url).status_code == 200
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert admin_client.get(edit_url).status_code == 200
    data = article_form("我市提高城乡低保标准", old_slug, paragraphs=["标准提高到每人每月860元。"])
    response = admin_client.post(edit_url, {**data, "action-publish": "1"})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page.refresh_from_db()
    assert page.slug == old_slug and page.url == url  # a published page's slug is never replaced
    assert "860元" in visitor.get(url).content.decode()


def test_changed_slug_redirects_from_the_old_url(
    admin_client, make_article, visitor, django_capture_on_commit_callbacks
):
    old_slug = slugify("我市提高城乡低保标准", allow_unicode=True)
    page = make_article("我市提高城乡低保标准", slug=old_slug)
    old_url = page.url
    data = article_form("我市提高城乡低保标准", "20240624-100001")
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail sends page_slug_changed on commit
        response = admin_client.post(
            reverse("wagtailadmin_pages:edit", args=(page.pk,)), {**data, "action-publish": "1"}
        )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.url == "/news/zwdt/bmdt/20240624-100001/"
    assert Redirect.objects.filter(redirect_page=page, is_permanent=True).exists()
    assert "%E6%88%91" in old_url
    response = visitor.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(page.url)
    assert visitor.get(page.url).status_code == 200


def test_new_column_gets_pinyin_initials(admin_client, columns, visitor):
    column = add_column(admin_client, columns["zwdt"], "婚姻登记", "")
    assert column.slug == "hydj" and column.url == "/news/zwdt/hydj/"
    assert visitor.get(column.url).status_code == 200
    again = add_column(admin_client, columns["zwdt"], "婚姻登记", slugify("婚姻登记", allow_unicode=True))
    assert again.slug == "hydj-2"
    typed = add_column(admin_client, columns["zwdt"], "殡葬管理", "binzang")
    assert typed.slug == "binzang"
    html = admin_client.get(reverse("wagtailadmin_pages:add", args=("news", "newsindexpage", columns["zwdt"].pk)))
    assert "拼音首字母" in html.content.decode()


@pytest.mark.parametrize(
    "slug,title,derived",
    [
        ("", "任何标题", True),
        ("部门动态", "部门动态", True),
        ("部门动态-2024", "部门动态 2024", True),
        ("２０２４年工作要点", "２０２４年工作要点", True),  # full-width digits: NFKC either way
        ("2024", "２０２４年工作要点", True),
        ("bmdt", "部门动态", False),
        ("annual-report", "Annual Report", False),
        ("部门", "部门动态", False),
    ],
)
def test_is_derived_from_title(slug, title, derived):
    assert is_derived_from_title(slug, title) is derived
