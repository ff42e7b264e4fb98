"""Redis flushed (FLUSHDB, as by a restart without persistence or an operator) in the middle of a
citizen's visit (issue 12): between fetching the form's captcha and posting it, and between a works
upload refused for a wrong captcha (its file held for the next try) and the resubmission.

Nothing a form needs lives only in the cache: captchas are CaptchaStore rows, the comment form
token and the held-file token are signed, the held file is on disk, CSRF is a cookie. So each post
is accepted exactly once after the flush (no 500, nothing lost); a captcha that really is gone gets
the Chinese 验证码 message with the typing kept. Runs against the real Redis of the PostgreSQL pass.
"""

import re

import pytest
from captcha.models import CaptchaStore
from django.conf import settings
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from comments.models import Comment
from placenames.models import Work
from tests.comments.conftest import form_data
from tests.placenames import files
from tests.placenames.conftest import captcha_answer, column, make_story, story  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.REDIS_URL, reason="需要 Redis（设置 REDIS_URL）"),
    pytest.mark.django_db,
]
WORKS = "/placenames/submit/"


def flush_redis():
    """FLUSHDB on the database the site's caches use (only that one: other databases on the same
    server belong to others)."""
    from django_redis import get_redis_connection

    redis = get_redis_connection("default")
    redis.set("xcmz-probe", 1)
    redis.flushdb()
    assert redis.dbsize() == 0
    caches["default"].get("anything")  # the site's client still talks to the emptied database


def client():
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


@pytest.fixture
def open_article(article):
    article.comments_open = True
    article.save()
    return article


@override_settings(PAGE_CACHE_ENABLED=True)
def test_comment_posted_after_a_flush_is_accepted_once(open_article):
    visitor = client()
    assert visitor.get(open_article.url).status_code == 200  # the page, now in the page cache
    data, csrf = form_data(visitor, open_article, "缓存清空后提交的留言。")
    flush_redis()
    response = visitor.post(
        f"/comments/{open_article.pk}/post/", data, HTTP_X_CSRFTOKEN=csrf, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert response.status_code == 200, response.content[:300]
    assert response.json()["ok"] is True and "审核" in response.json()["message"]
    assert list(Comment.objects.values_list("text", flat=True)) == ["缓存清空后提交的留言。"]
    again = visitor.post(
        f"/comments/{open_article.pk}/post/", data, HTTP_X_CSRFTOKEN=csrf, HTTP_X_REQUESTED_WITH="fetch"
    )
    # The same post again (a double tap): its form token and captcha were used, so not stored twice.
    assert again.status_code in (400, 409) and again.json()["ok"] is False
    assert any("\u4e00" <= ch <= "\u9fff" for ch in again.json()["message"])
    assert Comment.objects.count() == 1
    assert visitor.get(open_article.url).status_code == 200


def test_comment_whose_captcha_is_gone_gets_the_chinese_message_and_keeps_the_text(open_article):
    visitor = client()
    data, csrf = form_data(visitor, open_article, "验证码过期后的留言。")
    flush_redis()
    CaptchaStore.objects.filter(hashkey=data["captcha_key"]).delete()  # expired and purged meanwhile
    response = visitor.post(f"/comments/{open_article.pk}/post/", {**data, "csrfmiddlewaretoken": csrf})
    html = response.content.decode()
    assert response.status_code == 400
    assert "验证码" in html and "验证码过期后的留言。" in html
    assert not Comment.objects.exists()


def works_fields(visitor, story, captcha_answer):  # noqa: F811
    html = visitor.get(WORKS).content.decode()
    key, answer = captcha_answer(html)
    csrf = visitor.cookies["csrftoken"].value
    return {
        "title": "云岭的早晨",
        "kind": "photo",
        "story": str(story.pk),
        "description": "雾中的军部旧址。",
        "author_name": "李华",
        "phone": "13912345678",
        "consent": "on",
        "captcha_0": key,
        "captcha_1": answer,
        "csrfmiddlewaretoken": csrf,
    }


def photo():
    return SimpleUploadedFile("photo.jpg", files.jpeg_bytes(size=(120, 90)), "image/jpeg")


def test_work_posted_after_a_flush_is_stored(story, captcha_answer):  # noqa: F811
    visitor = client()
    fields = works_fields(visitor, story, captcha_answer)
    flush_redis()
    response = visitor.post(WORKS, {**fields, "file": photo()})
    assert response.status_code == 302, response.content.decode()[:500]
    work = Work.objects.get()
    assert work.title == "云岭的早晨" and work.image.width == 120


def test_held_upload_survives_a_flush_before_the_resubmission(story, captcha_answer):  # noqa: F811
    visitor = client()
    fields = works_fields(visitor, story, captcha_answer)
    refused = visitor.post(
        WORKS, {**fields, "captcha_1": "0000" if fields["captcha_1"] != "0000" else "1111", "file": photo()}
    )
    html = refused.content.decode()
    assert refused.status_code == 200 and "验证码不正确或已过期" in html
    assert "已保留您上次选择的文件" in html and 'value="云岭的早晨"' in html
    token = re.search(r'name="held_file" value="([^"]+)"', html).group(1)
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html).group(1)
    flush_redis()
    again = {**fields, "captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}
    response = visitor.post(WORKS, {**again, "held_file": token})
    assert response.status_code == 302, response.content.decode()[:500]
    work = Work.objects.get()
    assert work.image.width == 120 and work.author_name == "李华"  # the held file, not a new one
