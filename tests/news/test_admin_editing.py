"""An editor creates, previews, schedules and publishes articles through the Wagtail admin."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail.test.utils.timestamps import submittable_timestamp

from news.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def without_review_workflow(db):
    """These tests are about Wagtail's own editing and publishing, so they take 三审三校 (which the
    migration puts on the root page for every column, issue 11.7) off, as an administrator could."""
    from wagtail.models import WorkflowPage

    WorkflowPage.objects.filter(workflow__name="三审三校").delete()


@pytest.fixture
def editor(django_user_model, columns):
    """A member of Wagtail's default "Editors" group who may also publish in 资讯中心.

    Built the way Wagtail builds its default groups: admin access plus page permissions on a
    subtree (Editors alone may add and edit but not publish; publishing rights are granted on
    资讯中心 only).
    """
    editors = Group.objects.get(name="Editors")
    news_publishers, _ = Group.objects.get_or_create(name="资讯中心发布")
    news_publishers.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission_type in ("add", "change", "publish"):
        GroupPagePermission.objects.create(group=news_publishers, page=columns["news"], permission_type=permission_type)
    user = django_user_model.objects.create_user("bianji", "bianji@example.invalid", "editor-pass-123")
    user.groups.add(editors, news_publishers)
    return user


@pytest.fixture
def editor_client(client, editor):
    # django-axes checks every authenticate() call and needs the request it comes from.
    assert client.login(request=HttpRequest(), username="bianji", password="editor-pass-123")
    return client


@pytest.fixture
def visitor():
    """An anonymous citizen (the `client` fixture is logged in as the editor)."""
    return Client()


def article_form(title, slug, paragraphs, **extra):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "publish_at": "",
            "source": "社会事务科",
            "author": "周敏",
            "summary": "",
            "body": streamfield([("paragraph", rich_text(f"<p>{p}</p>")) for p in paragraphs]),
        }
    )
    data.update(extra)
    return data


def add_url(column):
    return reverse("wagtailadmin_pages:add", args=("news", "articlepage", column.pk))


def test_admin_speaks_simplified_chinese(editor_client):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'lang="zh-hans"' in html.lower() or 'lang="zh-cn"' in html.lower()
    assert "<title>控制面板 - " in html and "网站摘要" in html  # zh_Hans for "Dashboard", "Site summary"
    assert "Site summary" not in html
    choose = editor_client.get(reverse("wagtailadmin_pages:add_subpage", args=(Page.objects.get(slug="bmdt").pk,)))
    assert "文章" in choose.content.decode()
    assert "创建一个页面在" in choose.content.decode() or "创建" in choose.content.decode()


def test_editor_creates_and_publishes_an_article(editor_client, columns, visitor):
    data = article_form(
        "我市开展养老机构消防安全检查", "fire-safety-check", ["检查覆盖全市62家养老机构。", "发现的隐患已全部整改。"]
    )
    response = editor_client.post(add_url(columns["bmdt"]), {**data, "action-publish": "发布"})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = ArticlePage.objects.get(slug="fire-safety-check")
    assert page.live and page.get_parent().pk == columns["bmdt"].pk
    assert page.owner.username == "bianji"
    assert page.publish_at is not None  # defaults to the first publication
    html = visitor.get(page.url).content.decode()
    assert "我市开展养老机构消防安全检查" in html and "（周敏）" in html and "来源: 社会事务科" in html
    assert "检查覆盖全市62家养老机构。" in html

    # A later edit, published from the edit view with the form's 发布时间 as shown, keeps it.
    shown = timezone.localtime(page.publish_at).strftime("%Y-%m-%d %H:%M")
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert f'value="{shown}"' in editor_client.get(edit_url).content.decode()
    edit = article_form("我市开展养老机构消防安全检查", "fire-safety-check", ["检查覆盖全市62家养老机构和3家福利院。"])
    response = editor_client.post(edit_url, {**edit, "publish_at": shown, "action-publish": "发布"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert timezone.localtime(page.publish_at).strftime("%Y-%m-%d %H:%M") == shown
    assert "3家福利院" in visitor.get(page.url).content.decode()
    assert page.revisions.count() == 2


def test_editor_previews_before_saving_and_while_editing(editor_client, columns):
    url = reverse("wagtailadmin_pages:preview_on_add", args=("news", "articlepage", columns["bmdt"].pk))
    data = article_form("预览中的文章", "preview-draft", ["这是一段预览正文。"])
    response = editor_client.post(url, data)
    assert response.json() == {"is_valid": True, "is_available": True}
    html = editor_client.get(url).content.decode()
    assert "预览中的文章" in html and "这是一段预览正文。" in html
    assert "您现在所在的位置" in html and "部门动态" in html
    assert "data-count-views" not in html  # a preview is not a visit
    assert not ArticlePage.objects.filter(slug="preview-draft").exists()  # nothing saved

    # Save a draft, then preview an edit of it.
    response = editor_client.post(add_url(columns["bmdt"]), data)
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="preview-draft")
    assert not page.live
    edit_preview = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    changed = article_form("预览中的文章（修改稿）", "preview-draft", ["修改后的正文。"])
    assert editor_client.post(edit_preview, changed).json()["is_valid"] is True
    html = editor_client.get(edit_preview).content.decode()
    assert "预览中的文章（修改稿）" in html and "修改后的正文。" in html
    page.refresh_from_db()
    assert page.title == "预览中的文章"  # previewing an edit changes nothing


def test_editor_schedules_an_article(editor_client, columns, visitor, monkeypatch):
    go_live = timezone.now() + datetime.timedelta(hours=2)
    data = article_form(
        "关于清明节期间祭扫服务安排的公告",
        "qingming-notice",
        ["清明节期间各公墓开放时间延长。"],
        go_live_at=submittable_timestamp(go_live),
    )
    response = editor_client.post(add_url(columns["tzgg"]), {**data, "action-publish": "发布"})
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="qingming-notice")
    assert not page.live and page.status_string == "已计划"
    assert visitor.get("/news/zwdt/tzgg/qingming-notice/").status_code == 404
    assert "清明节期间祭扫" not in visitor.get(columns["tzgg"].url).content.decode()

    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert not page.live  # not yet time

    # Three hours later the scheduler (cron: publish_scheduled every minute) puts it live.
    later = timezone.now() + datetime.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled", verbosity=0)
    monkeypatch.undo()
    page.refresh_from_db()
    assert page.live
    # 发布时间 is when it went live, not when the editor scheduled it.
    assert page.first_published_at == later
    assert page.publish_at == later.replace(microsecond=0)  # whole seconds, see ArticlePage.save
    assert visitor.get("/news/zwdt/tzgg/qingming-notice/").status_code == 200
    assert "清明节期间祭扫" in visitor.get(columns["tzgg"].url).content.decode()
