"""The admin an editor works in is Chinese throughout (issue 11.9).

Wagtail 8's zh_Hans catalogue lacks a few hundred strings ("36 Pages", "Saved", "Autosave is paused",
the schedule-publishing dialog, "Referenced 0 times"...); the project catalogue in locale/ fills them
in. And Chinese names read family name first with no space: 张编辑, not "编辑 张".
"""

import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(columns, django_user_model):
    from django.contrib.auth.models import Group

    from editorial.setup import EDITORS, setup_all

    setup_all(apps)
    user = django_user_model.objects.create_user(
        "zhangbianji", "zhangbianji@example.invalid", "pass-12345", first_name="编辑", last_name="张"
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    assert client.login(request=HttpRequest(), username="zhangbianji", password="pass-12345")
    return client


@pytest.fixture
def edited_article(make_article, editor):
    """An article the editor revised and submitted to 三审三校."""
    article = make_article("我市提高城乡低保标准", paragraphs=["自7月起，城乡最低生活保障标准提高到每人每月860元。"])
    article.title = "我市提高城乡低保标准（修订）"
    article.save_revision(user=editor, log_action=True)
    from wagtail.models import Workflow

    from editorial.setup import WORKFLOW_NAME

    Workflow.objects.get(name=WORKFLOW_NAME).start(article, editor)  # submitted to 初审
    return article


# English Wagtail 8.0 showed an editor on these screens before the project catalogue filled it in.
KNOWN_ENGLISH = [
    "Pages <span",  # "36 Pages" on the dashboard
    "Images <span",
    "Documents <span",
    "created in 宣城市民政局",
    ">Saved<",
    "Autosave is paused",
    "Autosave is <span>paused</span>",
    "Referenced 0 times",
    "Referenced 1 time",
    "Schedule to publish",
    "Choose when this page should go live",
    "Anyone with editing permissions can create schedules",
    "Go live date",
    "Expiry date",
    "Toggle checks",
    "Content metrics",
    "Reading time",
    "Readability",
    "This data explained",
    "Show issue",
    "Anyone can edit this",
    "Locking:",
    "To be created by",
    "Correct the validation errors to resume preview",
    "Actions (footer)",
    'aria-label="Actions"',
    "Edit account avatar",
    "editor guide",
    "Privacy and access",
    "Search all pages",
    "JavaScript is required to use Wagtail",
    "Exploring:",
    "Date updated",
    "Edited by",
    "Has child pages",
    "Page type",
    "Is commenting action",
    "There is one matching page",
    "in ascending order",
    "Grid layout",
    "List layout",
    "Usage count:",
    "Oldest",
    "Moderators approval",
    "Dashboard",
    "个None",
]
# Product and technical names that stay as they are.
ALLOWED_LATIN = re.compile(r"Wagtail|JavaScript|URL|https?://\S+|UTC|GIF|JPE?G|PNG|WEBP|AVIF|\bMB\b")


class VisibleText(HTMLParser):
    """Text a person reads: element text and the attributes screen readers and tooltips show."""

    SKIP = {"script", "style", "template"}
    ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip_tag, self.skip_depth = [], None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.skip_tag:
            self.skip_depth += tag == self.skip_tag
            return
        if tag in self.SKIP or "hidden" in attrs:
            self.skip_tag, self.skip_depth = tag, 1
            return
        self.parts.extend(value for name, value in attrs.items() if name in self.ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if self.skip_tag == tag:
            self.skip_depth -= 1
            if not self.skip_depth:
                self.skip_tag = None

    def handle_data(self, data):
        if not self.skip_tag and data.strip():
            self.parts.append(data.strip())


def english_phrases(html):
    parser = VisibleText()
    parser.feed(html)
    return [p for p in parser.parts if re.search(r"[A-Za-z]{3,}", ALLOWED_LATIN.sub("", p))]


def screens(columns, article):
    bmdt = columns["bmdt"]
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "explorer": reverse("wagtailadmin_explore", args=(bmdt.pk,)),
        "edit": reverse("wagtailadmin_pages:edit", args=(article.pk,)),
        "add": reverse("wagtailadmin_pages:add", args=("news", "articlepage", bmdt.pk)),
        "history": reverse("wagtailadmin_pages:history", args=(article.pk,)),
        "usage": reverse("wagtailadmin_pages:usage", args=(article.pk,)),
        "workflow_history": reverse("wagtailadmin_pages:workflow_history", args=(article.pk,)),
        "images": reverse("wagtailimages:index"),
        "image_upload": reverse("wagtailimages:add_multiple"),
        "image_chooser": reverse("wagtailimages_chooser:choose"),
        "documents": reverse("wagtaildocs:index"),
        "search": reverse("wagtailadmin_pages:search") + "?q=低保",
        "workflows": reverse("wagtailadmin_reports:workflow"),
        "workflow_tasks": reverse("wagtailadmin_reports:workflow_tasks"),
        "site_history": reverse("wagtailadmin_reports:site_history"),
        "aging_pages": reverse("wagtailadmin_reports:aging_pages"),
        "account": reverse("wagtailadmin_account"),
    }


def test_editor_screens_are_chinese(editor_client, columns, edited_article):
    leaks = {}
    for name, url in screens(columns, edited_article).items():
        response = editor_client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        html = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            html = json.loads(html)["html"]  # the chooser modal, as the editor sees it
        found = [s for s in KNOWN_ENGLISH if s in html] + english_phrases(html)
        if found:
            leaks[name] = found
    assert not leaks


def test_translations_are_there(editor_client, columns, edited_article):
    """The Chinese that replaced the English, so an emptied catalogue cannot pass as "no English"."""
    dashboard = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert re.search(r"\d+ 个页面", dashboard)
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=(edited_article.pk,))).content.decode()
    for chinese in ("已保存", "自动保存已暂停", "被引用 0 次", "有编辑权限的用户都可以创建发布计划", "内容指标"):
        assert chinese in edit
    search = editor_client.get(reverse("wagtailadmin_pages:search") + "?q=低保").content.decode()
    assert "共 1 个页面，当前第 1-1 个" in search


def test_javascript_catalogue_is_chinese(editor_client):
    response = editor_client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    js = response.content.decode()
    for english, chinese in [
        ("Autosave in progress\u2026", "正在自动保存…"),
        ("Changes have been autosaved.", "修改已自动保存。"),
        ("A network error occurred.", "发生网络错误。"),
        ("Insert a block", "插入区块"),
    ]:
        assert chinese in js or json.dumps(chinese)[1:-1] in js, english


def test_chinese_names_read_family_name_first(editor_client, editor, columns, edited_article, django_user_model):
    assert editor.get_full_name() == "张编辑"
    assert django_user_model(first_name="Wei", last_name="Zhang").get_full_name() == "Wei Zhang"
    add = editor_client.get(reverse("wagtailadmin_pages:add", args=("news", "articlepage", columns["bmdt"].pk)))
    assert "将由张编辑创建" in add.content.decode()
    history = editor_client.get(reverse("wagtailadmin_pages:history", args=(edited_article.pk,))).content.decode()
    assert "张编辑" in history
    assert "编辑 张" not in add.content.decode() + history


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogue_matches_the_po_file(domain):
    """The committed .mo is what Django reads: it must hold every translation in the .po."""
    import ast
    import gettext

    from django.conf import settings

    directory = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES"
    with open(directory / f"{domain}.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    msgids = [
        ast.literal_eval(line[len("msgid ") :])
        for line in (directory / f"{domain}.po").read_text(encoding="utf-8").splitlines()
        if line.startswith('msgid "') and line != 'msgid ""'
    ]
    assert msgids
    missing = [m for m in msgids if m not in compiled and (m, 0) not in compiled]
    assert not missing, f"recompile: msgfmt -c -o {domain}.mo {domain}.po ({len(missing)} stale)"


def test_upload_forms_name_the_root_collection_in_chinese(editor_client):
    """The 集合 an editor picks when uploading a cover photo: Wagtail's migrations call it "Root"."""
    from wagtail.models import Collection

    Collection.get_first_root_node().add_child(name="新闻图片")  # the 集合 choice shows with two or more
    chooser = json.loads(editor_client.get(reverse("wagtailimages_chooser:choose")).content)["html"]
    for html in (chooser, editor_client.get(reverse("wagtailimages:add_multiple")).content.decode()):
        assert ">全部<" in html.replace("\n", "").replace(" ", "") and "Root" not in html
