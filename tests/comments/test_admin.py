"""Point 5: 评论审核 in the Wagtail admin, logged actions, the moderators' group, the dashboard."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import ModelLogEntry

from comments.models import Comment
from comments.signals import comments_changed

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/comments/comment/"


def bulk_url(action, *comments):
    ids = "&".join(f"id={c.pk}" for c in comments)
    return f"/admin/bulk/comments/comment/{action}/?{ids}&next={LIST_URL}"


def actions_for(comment):
    return list(
        ModelLogEntry.objects.filter(object_id=str(comment.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def moderator(db, django_user_model):
    user = django_user_model.objects.create_user("shenhe", "shenhe@example.invalid", "secret-pass-123")
    user.groups.add(Group.objects.get(name="评论审核员"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def mixed(article, make_comment, make_article):
    now = timezone.now()
    other = make_article("另一篇文章")
    return {
        "approved": make_comment("已经通过的评论", created_at=now - datetime.timedelta(minutes=1)),
        "pending": make_comment("普通待审核评论", status="pending", created_at=now - datetime.timedelta(days=3)),
        "flagged": make_comment(
            "含敏感词的待审核评论",
            status="pending",
            flagged=True,
            matched_words="敏感词",
            created_at=now - datetime.timedelta(days=10),
        ),
        "reported": make_comment(
            "被举报的已通过评论", flagged=True, reported_count=2, created_at=now - datetime.timedelta(days=20)
        ),
        "rejected": make_comment("未通过的评论", status="rejected", page=other),
    }


def listed(html):
    texts = ["含敏感词的待审核评论", "普通待审核评论", "被举报的已通过评论", "已经通过的评论", "未通过的评论"]
    return sorted((html.index(t), t) for t in texts if t in html)


def test_menu_and_listing_pending_then_flagged_first(admin_client, mixed):
    home = admin_client.get("/admin/").content.decode()
    assert "评论审核" in home
    response = admin_client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    order = [t for _i, t in listed(html)]
    assert order[:3] == ["含敏感词的待审核评论", "普通待审核评论", "被举报的已通过评论"]
    assert "敏感词：敏感词" in html and "被举报 2 次" in html
    assert "审核通过" in html and "审核不通过" in html  # bulk actions
    pk = mixed["pending"].pk
    assert f'href="{LIST_URL}edit/{pk}/"' in html  # the title links to the moderation form
    assert f"/admin/bulk/comments/comment/approve/?id={pk}&amp;" in html  # the row's own buttons
    assert f"/admin/bulk/comments/comment/reject/?id={pk}&amp;" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=pending", {"含敏感词的待审核评论", "普通待审核评论"}),
        ("status=rejected", {"未通过的评论"}),
        ("flagged=true", {"含敏感词的待审核评论", "被举报的已通过评论"}),
        ("q=通过的", {"已经通过的评论", "未通过的评论"}),
    ],
)
def test_filters_and_search(admin_client, mixed, query, expected):
    html = admin_client.get(f"{LIST_URL}?{query}").content.decode()
    assert {t for _i, t in listed(html)} == expected


def test_filter_by_page_and_date(admin_client, mixed):
    page_id = mixed["rejected"].page_id
    html = admin_client.get(f"{LIST_URL}?page={page_id}").content.decode()
    assert {t for _i, t in listed(html)} == {"未通过的评论"}
    since = timezone.localdate() - datetime.timedelta(days=5)
    html = admin_client.get(f"{LIST_URL}?created_at_from={since:%Y-%m-%d}").content.decode()
    assert {t for _i, t in listed(html)} == {"已经通过的评论", "普通待审核评论", "未通过的评论"}


def test_bulk_approve_and_reject_are_logged(admin_client, admin_user, mixed, django_capture_on_commit_callbacks):
    received = []

    def receiver(**kwargs):
        received.append((kwargs["action"], kwargs["page_ids"]))

    comments_changed.connect(receiver)
    try:
        confirm = admin_client.get(bulk_url("approve", mixed["pending"], mixed["flagged"]))
        assert confirm.status_code == 200 and "普通待审核评论" in confirm.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(bulk_url("approve", mixed["pending"], mixed["flagged"]))
        assert response.status_code == 302
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(bulk_url("reject", mixed["approved"]))
    finally:
        comments_changed.disconnect(receiver)
    for key in ("pending", "flagged"):
        mixed[key].refresh_from_db()
        assert mixed[key].status == Comment.Status.APPROVED
        assert mixed[key].moderated_by == admin_user and mixed[key].moderated_at
        assert mixed[key].flagged is False
        entry = ModelLogEntry.objects.get(object_id=str(mixed[key].pk), action="comments.approve")
        assert entry.user == admin_user
    mixed["approved"].refresh_from_db()
    assert mixed["approved"].status == Comment.Status.REJECTED
    assert "comments.reject" in actions_for(mixed["approved"])
    assert received == [("approve", {mixed["pending"].page_id}), ("reject", {mixed["approved"].page_id})]


def test_bulk_delete_is_logged(admin_client, admin_user, mixed, django_capture_on_commit_callbacks):
    received = []
    comments_changed.connect(lambda **kw: received.append(kw["action"]), weak=False, dispatch_uid="t-del")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(bulk_url("delete", mixed["pending"], mixed["rejected"]))
    finally:
        comments_changed.disconnect(dispatch_uid="t-del")
    assert response.status_code == 302
    assert not Comment.objects.filter(pk__in=[mixed["pending"].pk, mixed["rejected"].pk]).exists()
    deleted = ModelLogEntry.objects.filter(action="wagtail.delete", user=admin_user)
    assert set(deleted.values_list("object_id", flat=True)) == {str(mixed["pending"].pk), str(mixed["rejected"].pk)}
    assert received == ["delete", "delete"]


def test_single_delete_is_logged(admin_client, mixed):
    comment = mixed["approved"]
    response = admin_client.post(f"{LIST_URL}delete/{comment.pk}/")
    assert response.status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert ModelLogEntry.objects.filter(object_id=str(comment.pk), action="wagtail.delete").count() == 1


def test_reply_form_approves_and_replies_without_touching_the_text(admin_client, admin_user, mixed, client):
    comment = mixed["pending"]
    edit_url = f"{LIST_URL}edit/{comment.pk}/"
    form = admin_client.get(edit_url)
    assert form.status_code == 200 and "官方回复" in form.content.decode()
    response = admin_client.post(
        edit_url, {"status": "approved", "reply": "您好，相关政策已在官网公布。", "text": "篡改的正文"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "普通待审核评论"
    assert comment.status == Comment.Status.APPROVED
    assert comment.reply == "您好，相关政策已在官网公布。" and comment.reply_by == admin_user and comment.reply_at
    assert actions_for(comment) == ["comments.approve", "comments.reply"]
    history = admin_client.get(f"{LIST_URL}history/{comment.pk}/").content.decode()
    assert "评论审核通过" in history and "官方回复" in history
    from django.test import Client

    html = Client().get(comment.page.url).content.decode()
    assert "官方回复" in html and "相关政策已在官网公布" in html


def test_audit_log_lists_comment_actions(admin_client, mixed):
    admin_client.post(bulk_url("approve", mixed["pending"]))
    report = admin_client.get("/admin/reports/site-history/").content.decode()
    assert "评论审核通过" in report


def test_inspect_shows_records_to_moderators(admin_client, make_comment):
    comment = make_comment("有记录的评论", ip_address="192.0.2.8", user_agent="InspectAgent/1.0")
    html = admin_client.get(f"{LIST_URL}inspect/{comment.pk}/").content.decode()
    assert "192.0.2.8" in html and "InspectAgent/1.0" in html


def test_nobody_adds_comments_in_the_admin(admin_client, mixed):
    response = admin_client.get(f"{LIST_URL}add/")
    assert response.status_code != 200 or "Comment" not in response.content.decode()
    assert response.status_code in (302, 403)


def test_moderator_group_can_moderate_but_not_edit_pages(moderator_client, moderator, mixed, article):
    group = Group.objects.get(name="评论审核员")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "change_comment", "delete_comment", "view_comment"} <= codenames
    assert not any(c.endswith("_page") or c.startswith("add_") for c in codenames)
    assert moderator_client.get(LIST_URL).status_code == 200
    moderator_client.post(bulk_url("approve", mixed["pending"]))
    mixed["pending"].refresh_from_db()
    assert mixed["pending"].status == Comment.Status.APPROVED
    assert ModelLogEntry.objects.get(object_id=str(mixed["pending"].pk), action="comments.approve").user == moderator
    edit_page = moderator_client.get(f"/admin/pages/{article.pk}/edit/")
    assert edit_page.status_code in (302, 403)
    assert not article.permissions_for_user(moderator).can_edit()


def test_user_without_permission_cannot_moderate(client, django_user_model, mixed):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", "e@example.invalid", "secret-pass-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(LIST_URL).status_code in (302, 403)
    client.post(bulk_url("approve", mixed["pending"]))
    mixed["pending"].refresh_from_db()
    assert mixed["pending"].status == Comment.Status.PENDING


def test_dashboard_shows_pending_count(moderator_client, mixed):
    html = moderator_client.get("/admin/").content.decode()
    assert re.search(r"待审核评论：<strong data-pending-count>2</strong> 条", html)
    assert re.search(r"<strong data-flagged-count>1</strong> 条含敏感词或被举报", html)
    assert f"{LIST_URL}?status=pending" in html


def test_editors_switch_comments_off_in_the_page_editor(admin_client, article):
    html = admin_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "开放评论" in html and 'name="comments_open"' in html
