"""Point 4 (sensitive words flag comments) and point 6 (举报 flags a shown comment again)."""

import re

import pytest
from django.test import Client, override_settings
from wagtail.models import ModelLogEntry

from comments.models import Comment
from website.models import SensitiveWord

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def words(db):
    SensitiveWord.objects.create(word="敏感词")
    SensitiveWord.objects.create(word="spam")
    SensitiveWord.objects.create(word="停用词", active=False)


@pytest.mark.parametrize(
    "text, matched",
    [
        ("这里有敏感词。", "敏感词"),
        ("这里有敏 感 词。", "敏感词"),
        ("这里有敏a感b词。", "敏感词"),
        ("全角ＳＰＡＭ广告", "spam"),
        ("敏感词和spam都有", "spam、敏感词"),
    ],
)
def test_sensitive_words_flag_the_comment(csrf_client, article, words, text, matched):
    assert submit(csrf_client, article, text).status_code == 200
    comment = Comment.objects.get()
    assert comment.flagged is True
    assert comment.matched_words == matched
    assert comment.status == Comment.Status.PENDING  # flagged, still moderated like any other


def test_clean_text_and_inactive_words_do_not_flag(csrf_client, article, words):
    submit(csrf_client, article, "这是一条正常评论，提到停用词也没关系，spammer 不是整词。")
    comment = Comment.objects.get()
    assert comment.flagged is False and comment.matched_words == ""


def test_nickname_is_checked_too(csrf_client, article, words):
    submit(csrf_client, article, "正常内容", nickname="敏感词")
    assert Comment.objects.get().flagged is True


def test_report_flags_an_approved_comment_again(article, make_comment):
    comment = make_comment("被举报的评论")
    html = Client().get(article.url).content.decode()
    assert f'action="/comments/report/{comment.pk}/"' in html and ">举报</button>" in html
    response = Client().post(f"/comments/report/{comment.pk}/", HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 200
    assert "举报已收到" in response.json()["message"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    comment.refresh_from_db()
    assert comment.flagged is True and comment.reported_count == 1
    assert comment.status == Comment.Status.APPROVED
    assert ModelLogEntry.objects.filter(object_id=str(comment.pk), action="comments.report").exists()


def test_report_without_javascript_shows_a_page(article, make_comment):
    comment = make_comment("无脚本举报")
    client = Client(enforce_csrf_checks=True)
    html = client.get(f"/comments/{article.pk}/post/").content.decode()
    token = re.search(
        rf'action="/comments/report/{comment.pk}/".*?name="csrfmiddlewaretoken" value="([^"]+)"', html, re.S
    ).group(1)
    response = client.post(f"/comments/report/{comment.pk}/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert "举报已收到" in response.content.decode()


def test_report_needs_the_csrf_token(article, make_comment):
    comment = make_comment("伪造举报")
    client = Client(enforce_csrf_checks=True)
    for headers in ({}, {"HTTP_X_REQUESTED_WITH": "fetch"}):
        response = client.post(f"/comments/report/{comment.pk}/", **headers)
        assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.reported_count == 0


def test_the_script_reports_with_the_token_from_the_state_list(article, make_comment):
    comment = make_comment("脚本举报")
    client = Client(enforce_csrf_checks=True)
    data = client.get(f"/comments/{article.pk}/", HTTP_X_REQUESTED_WITH="fetch").json()
    assert 'name="csrfmiddlewaretoken"' in data["html"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', data["html"]).group(1)
    response = client.post(f"/comments/report/{comment.pk}/", HTTP_X_REQUESTED_WITH="fetch", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content
    comment.refresh_from_db()
    assert comment.reported_count == 1


def test_the_cached_article_html_carries_no_csrf_token(client, article, make_comment):
    make_comment("缓存页面")
    html = client.get(article.url).content.decode()
    assert "data-report-form" in html
    assert "csrfmiddlewaretoken" not in html


def test_same_address_reports_once(article, make_comment):
    comment = make_comment("重复举报")
    client = Client()
    client.post(f"/comments/report/{comment.pk}/", HTTP_X_REQUESTED_WITH="fetch")
    again = client.post(f"/comments/report/{comment.pk}/", HTTP_X_REQUESTED_WITH="fetch")
    assert "已举报过" in again.json()["message"]
    comment.refresh_from_db()
    assert comment.reported_count == 1
    Client().post(f"/comments/report/{comment.pk}/", REMOTE_ADDR="10.9.9.9")
    comment.refresh_from_db()
    assert comment.reported_count == 2


@override_settings(COMMENTS_REPORT_RATE_LIMIT=(2, 600))
def test_reports_are_rate_limited(article, make_comment):
    comments = [make_comment(f"评论{i}") for i in range(3)]
    client = Client()
    codes = [client.post(f"/comments/report/{c.pk}/", HTTP_X_REQUESTED_WITH="fetch").status_code for c in comments]
    assert codes == [200, 200, 429]
    assert Comment.objects.filter(reported_count__gt=0).count() == 2


def test_pending_rejected_or_missing_comments_cannot_be_reported(article, make_comment):
    pending = make_comment("待审核", status=Comment.Status.PENDING)
    rejected = make_comment("未通过", status=Comment.Status.REJECTED)
    for pk in (pending.pk, rejected.pk, 999999):
        response = Client().post(f"/comments/report/{pk}/", HTTP_X_REQUESTED_WITH="fetch")
        assert response.status_code == 404 and "不存在或未公开显示" in response.json()["message"]
    assert Client().get(f"/comments/report/{pending.pk}/").status_code == 405
    assert not Comment.objects.filter(reported_count__gt=0).exists()
