"""Point 6 (records): time, IP address and user agent kept, never public, purged after six months."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from comments import moderation
from comments.models import Comment

from .conftest import state, submit

pytestmark = pytest.mark.django_db


def test_records_are_kept_and_never_public(csrf_client, article, admin_user):
    submit(csrf_client, article, "记录测试", REMOTE_ADDR="203.0.113.77", user_agent="Mozilla/5.0 UniqueAgent/9.9")
    comment = Comment.objects.get()
    assert comment.ip_address == "203.0.113.77"
    assert comment.user_agent == "Mozilla/5.0 UniqueAgent/9.9"
    assert abs((timezone.now() - comment.created_at).total_seconds()) < 60
    moderation.approve([comment], admin_user)
    for html in (
        Client().get(article.url).content.decode(),
        state(Client(), article)["html"],
        Client().get(f"/comments/{article.pk}/post/").content.decode(),
    ):
        assert "记录测试" in html
        assert "203.0.113.77" not in html and "UniqueAgent" not in html


def test_unknown_address_is_stored_as_empty(csrf_client, article):
    submit(csrf_client, article, "无地址", REMOTE_ADDR="")
    assert Comment.objects.get().ip_address is None


def make_old(make_comment, days, text):
    return make_comment(
        text,
        ip_address="198.51.100.1",
        user_agent="OldAgent",
        created_at=timezone.now() - datetime.timedelta(days=days),
    )


def test_purge_clears_old_records_only(make_comment):
    old = make_old(make_comment, 200, "老评论")
    recent = make_old(make_comment, 30, "新评论")
    out = io.StringIO()
    call_command("purge_comment_records", "--days", "190", stdout=out)
    assert "已清除 1 条" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_address is None and old.user_agent == ""
    assert old.text == "老评论" and old.status == Comment.Status.APPROVED  # the comment itself stays
    assert recent.ip_address == "198.51.100.1" and recent.user_agent == "OldAgent"


def test_purge_default_keeps_six_months(make_comment):
    kept = make_old(make_comment, 183, "五个多月")
    gone = make_old(make_comment, 185, "六个多月")
    call_command("purge_comment_records", stdout=io.StringIO())
    kept.refresh_from_db()
    gone.refresh_from_db()
    assert kept.ip_address == "198.51.100.1"
    assert gone.ip_address is None


def test_purge_refuses_less_than_six_months_without_force(make_comment):
    comment = make_old(make_comment, 100, "三个多月")
    with pytest.raises(CommandError, match="至少保存六个月"):
        call_command("purge_comment_records", "--days", "90", stdout=io.StringIO())
    comment.refresh_from_db()
    assert comment.ip_address == "198.51.100.1"
    call_command("purge_comment_records", "--days", "90", "--force", stdout=io.StringIO())
    comment.refresh_from_db()
    assert comment.ip_address is None


def test_purge_dry_run_changes_nothing(make_comment):
    comment = make_old(make_comment, 400, "很老")
    out = io.StringIO()
    call_command("purge_comment_records", "--dry-run", stdout=out)
    assert "将清除 1 条" in out.getvalue()
    comment.refresh_from_db()
    assert comment.ip_address == "198.51.100.1"
