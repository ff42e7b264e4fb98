"""Review in the admin: the 作品征集 menu lists pending works first with a preview; approving puts
a work in its story's gallery, rejecting keeps it hidden; every decision is a log entry and a
signal for the page cache."""

import re

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from placenames import moderation
from placenames.models import Work
from placenames.signals import work_moderated

pytestmark = pytest.mark.django_db
LIST = "wagtailsnippets_placenames_work:list"


def _request(client):
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(username="admin")
    return request


@pytest.fixture
def signals():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    work_moderated.connect(receiver)
    yield received
    work_moderated.disconnect(receiver)


def test_menu_and_listing_pending_first_with_preview(admin_client, story, make_work):
    old_pending = make_work("早先的待审作品", status="pending", story=story)
    make_work("已通过的作品", status="approved", story=story)
    new_pending = make_work("新的待审作品", status="pending", story=story)
    make_work("未通过的作品", status="rejected", story=story)
    home = admin_client.get("/admin/").content.decode()
    assert reverse(LIST) in home  # the 作品征集 menu item (rendered from JSON by the sidebar)
    from wagtail.admin.menu import admin_menu

    assert "作品征集" in [str(item.label) for item in admin_menu.menu_items_for_request(_request(admin_client))]
    response = admin_client.get(reverse(LIST))
    assert response.status_code == 200
    html = response.content.decode()
    order = [t for t in re.findall(r"(早先的待审作品|已通过的作品|新的待审作品|未通过的作品)", html)]
    first_seen = list(dict.fromkeys(order))
    assert first_seen[:2] == ["新的待审作品", "早先的待审作品"]
    assert re.search(r'<img src="[^"]+" width="\d+" height="\d+" alt="摄影作品《新的待审作品》', html)
    assert reverse("wagtailsnippets_placenames_work:approve", args=[new_pending.pk]) in html
    assert reverse("wagtailsnippets_placenames_work:reject", args=[old_pending.pk]) in html
    filtered = admin_client.get(reverse(LIST) + "?status=approved").content.decode()
    assert "已通过的作品" in filtered and "新的待审作品" not in filtered


def test_listing_search(admin_client, make_work):
    make_work("云岭春晨", status="pending")
    make_work("板桥红军路", status="pending")
    html = admin_client.get(reverse(LIST) + "?q=云岭").content.decode()
    assert "云岭春晨" in html and "板桥红军路" not in html


def test_edit_view_shows_preview_and_keeps_phone_private(client, admin_client, make_work, story):
    work = make_work("待看作品", status="pending", story=story)
    html = admin_client.get(reverse("wagtailsnippets_placenames_work:edit", args=[work.pk])).content.decode()
    assert "作品预览与审核" in html and 'alt="摄影作品《待看作品》' in html
    assert "13912345678" in html  # editors see the phone ...
    assert "13912345678" not in client.get(story.url).content.decode()  # ... the public never does


def test_video_preview_in_admin(admin_client, story):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from placenames.submission import save_submission
    from placenames.uploads import check_mp4
    from tests.placenames.files import tiny_mp4

    clip = SimpleUploadedFile("c.mp4", tiny_mp4())
    cleaned = {
        "title": "短片",
        "kind": "video",
        "story": story,
        "file": clip,
        "author_name": "王五",
        "phone": "0563-1234567",
        "consent": True,
    }
    save_submission(cleaned, check_mp4(clip))
    html = admin_client.get(reverse(LIST)).content.decode()
    assert re.search(r'<video controls preload="none" width="160" poster="/media/media_thumbnails/', html)


def test_approve_puts_work_in_gallery_logs_and_signals(
    admin_client, admin_user, client, make_story, make_work, signals, django_capture_on_commit_callbacks
):
    first, second = make_story("茂林", slug="maolin"), make_story("濂长", slug="lianzhang")
    work = make_work("茂林古街", status="pending", story=first)
    url = reverse("wagtailsnippets_placenames_work:approve", args=[work.pk])
    page = admin_client.get(url).content.decode()
    assert "确认通过" in page and "关联地名故事" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"story": second.pk})
    assert response.status_code == 302
    work.refresh_from_db()
    assert work.status == "approved" and work.story == second and work.moderated_by == admin_user
    entry = ModelLogEntry.objects.get(object_id=str(work.pk), action="placenames.work.approve")
    assert entry.user == admin_user and entry.data["story_id"] == second.pk
    assert signals and signals[0]["action"] == "approve" and signals[0]["story"] == second
    gallery = client.get(second.url).content.decode()
    assert "《茂林古街》" in gallery and "作者：张三" in gallery
    assert "《茂林古街》" in client.get(second.get_parent().url).content.decode()
    assert "《茂林古街》" not in client.get(first.url).content.decode()
    history = admin_client.get(reverse("wagtailsnippets_placenames_work:history", args=[work.pk])).content.decode()
    assert "作品审核通过" in history


def test_reject_needs_a_reason_and_hides_the_work(
    admin_client, admin_user, client, story, make_work, signals, django_capture_on_commit_callbacks
):
    work = make_work("模糊的照片", status="approved", story=story)
    assert "《模糊的照片》" in client.get(story.url).content.decode()
    url = reverse("wagtailsnippets_placenames_work:reject", args=[work.pk])
    missing = admin_client.post(url, {"reason": ""})
    assert missing.status_code == 200 and "请填写未通过的原因" in missing.content.decode()
    work.refresh_from_db()
    assert work.status == "approved"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, {"reason": "画面模糊，与地名无关"}).status_code == 302
    work.refresh_from_db()
    assert work.status == "rejected" and work.reject_reason == "画面模糊，与地名无关"
    entry = ModelLogEntry.objects.get(object_id=str(work.pk), action="placenames.work.reject")
    assert entry.user == admin_user and entry.data["reason"] == "画面模糊，与地名无关"
    assert signals[-1]["action"] == "reject" and signals[-1]["story"] == story
    assert "模糊的照片" not in client.get(story.url).content.decode()
    assert "模糊的照片" not in client.get(story.get_parent().url).content.decode()
    history = admin_client.get(reverse("wagtailsnippets_placenames_work:history", args=[work.pk])).content.decode()
    assert "作品未通过审核：画面模糊，与地名无关" in history


def test_moderation_needs_permission(client, django_user_model, make_work):
    work = make_work("作品", status="pending")
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    url = reverse("wagtailsnippets_placenames_work:approve", args=[work.pk])
    assert client.post(url, {}).status_code in (302, 403)
    work.refresh_from_db()
    assert work.status == "pending"


def test_add_view_redirects_editors_to_the_list(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_placenames_work:add"))
    assert response.status_code == 302 and response["Location"] == reverse(LIST)


def test_deleting_a_work_deletes_its_picture(make_work, django_capture_on_commit_callbacks):
    from wagtail.images.models import Image

    work = make_work("作品")
    with django_capture_on_commit_callbacks(execute=True):
        work.delete()
    assert not Image.objects.filter(pk=work.image_id).exists()


def test_moderation_functions_directly(make_work, admin_user):
    work = make_work("作品", status="pending")
    moderation.reject(work, admin_user, "  重复投稿 ")
    assert Work.objects.get(pk=work.pk).reject_reason == "重复投稿"
    moderation.approve(work, admin_user)
    work.refresh_from_db()
    assert work.status == "approved" and work.reject_reason == ""
    actions = list(ModelLogEntry.objects.filter(object_id=str(work.pk)).values_list("action", flat=True))
    assert set(actions) == {"placenames.work.reject", "placenames.work.approve"}


def test_listing_moderation_buttons_are_small_listing_buttons(admin_client, story, make_work):
    pending = make_work("待审作品", status="pending", story=story)
    html = admin_client.get(reverse(LIST)).content.decode()
    for name, icon in (("approve", "check"), ("reject", "cross")):
        url = reverse(f"wagtailsnippets_placenames_work:{name}", args=[pending.pk])
        link = re.search(rf'<a href="{re.escape(url)}" class="([^"]*)"[^>]*>\s*(<svg[^>]*>)', html)
        assert link, name
        classes = link.group(1).split()
        # Styled as Wagtail's small listing buttons, so the ✓/✕ icon has its normal size.
        assert {"button", "button-small"} <= set(classes), classes
        assert f"icon-{icon}" in link.group(2)
