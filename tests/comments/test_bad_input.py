"""Point 3: every kind of bad input gets a Chinese message, keeps the typed text, saves nothing."""

import datetime
import re

import pytest
from captcha.models import CaptchaStore
from django.test import Client, override_settings
from django.utils import timezone

from comments.models import Comment

from .conftest import form_data, new_captcha, post_json, state, submit

pytestmark = pytest.mark.django_db


def errors_of(response):
    return {k: " ".join(e["message"] for e in v) for k, v in response.json()["errors"].items()}


@pytest.mark.parametrize(
    "text, field, message",
    [
        ("", "text", "请填写评论正文"),
        ("   \n\t　 ", "text", "请填写评论正文"),
        ("长" * 501, "text", "最多 500 个字，现在有 501 个字"),
        ("含有空字符\x00的文字", "text", "空字符"),
    ],
)
def test_bad_text(csrf_client, article, text, field, message):
    response = submit(csrf_client, article, text)
    assert response.status_code == 400
    assert message in errors_of(response)[field]
    assert response.json()["message"] == "评论未提交，请按提示修改后重新提交。"
    assert not Comment.objects.exists()


def test_exactly_500_characters_with_line_breaks_is_accepted(csrf_client, article):
    text = ("字" * 99 + "\r\n") * 5  # 500 characters once a line break counts as one
    text = text.rstrip()
    response = submit(csrf_client, article, text)
    assert response.status_code == 200, response.json()
    assert len(Comment.objects.get().text) == len(text.replace("\r\n", "\n"))


def test_over_long_nickname(csrf_client, article):
    response = submit(csrf_client, article, nickname="名" * 21)
    assert response.status_code == 400
    assert "昵称最多 20 个字" in errors_of(response)["nickname"]
    assert not Comment.objects.exists()


def test_wrong_captcha(csrf_client, article):
    data, token = form_data(csrf_client, article)
    data["captcha"] = str((int(data["captcha"]) + 1) % 10000).zfill(4)
    response = post_json(csrf_client, article, data, token)
    assert response.status_code == 400
    assert errors_of(response)["captcha"] == "验证码错误，请输入新的验证码。"
    assert not Comment.objects.exists()


def test_empty_captcha(csrf_client, article):
    response = submit(csrf_client, article, captcha="")
    assert response.status_code == 400
    assert errors_of(response)["captcha"] == "请输入图片中的验证码。"


def test_full_width_digits_are_accepted(csrf_client, article):
    data, token = form_data(csrf_client, article)
    data["captcha"] = "".join(chr(ord(d) + 0xFEE0) for d in data["captcha"])  # １２３４
    assert post_json(csrf_client, article, data, token).status_code == 200


def test_expired_captcha(csrf_client, article):
    data, token = form_data(csrf_client, article)
    CaptchaStore.objects.filter(hashkey=data["captcha_key"]).update(
        expiration=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = post_json(csrf_client, article, data, token)
    assert response.status_code == 400
    assert errors_of(response)["captcha"] == "验证码已过期，请输入新的验证码。"
    assert not Comment.objects.exists()


def test_captcha_is_single_use(csrf_client, article):
    """django-simple-captcha's store is deleted after one try; a reused captcha is refused."""
    data, token = form_data(csrf_client, article, text="第一条")
    assert post_json(csrf_client, article, data, token).status_code == 200
    assert not CaptchaStore.objects.filter(hashkey=data["captcha_key"]).exists()
    data2, token = form_data(csrf_client, article, text="第二条")
    data2["captcha_key"], data2["captcha"] = data["captcha_key"], data["captcha"]
    response = post_json(csrf_client, article, data2, token)
    assert response.status_code == 400
    assert errors_of(response)["captcha"] == "验证码已失效（已使用或已过期），请输入新的验证码。"
    assert Comment.objects.count() == 1


def test_a_wrong_answer_uses_up_the_captcha(csrf_client, article):
    data, token = form_data(csrf_client, article, captcha="abc")
    post_json(csrf_client, article, data, token)
    assert not CaptchaStore.objects.filter(hashkey=data["captcha_key"]).exists()


def test_form_posted_twice_is_stored_once(csrf_client, article):
    data, token = form_data(csrf_client, article, text="只应保存一次")
    first = post_json(csrf_client, article, data, token)
    second = post_json(csrf_client, article, data, token)
    assert first.status_code == 200
    assert second.status_code == 409
    assert "请勿重复提交" in second.json()["message"]
    assert Comment.objects.filter(text="只应保存一次").count() == 1


def test_same_text_again_with_a_new_form_is_a_duplicate(csrf_client, article):
    assert submit(csrf_client, article, "同样的话").status_code == 200
    response = submit(csrf_client, article, "同样的话")
    assert response.status_code == 409 and "请勿重复提交" in response.json()["message"]
    assert Comment.objects.count() == 1


def test_missing_or_forged_form_token(csrf_client, article):
    for token_value in ("", "forged-token", "eyJwIjoxfQ:1abc:def"):
        data, token = form_data(csrf_client, article, text="表单令牌", form_token=token_value)
        response = post_json(csrf_client, article, data, token)
        assert response.status_code == 400
        assert "表单已失效" in " ".join(e["message"] for e in response.json()["errors"]["__all__"])
    assert not Comment.objects.exists()


def test_form_token_of_another_page_is_refused(csrf_client, article, make_article):
    other = make_article("另一篇文章")
    data, token = form_data(csrf_client, other)
    response = post_json(csrf_client, article, data, token)
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_expired_form_token(csrf_client, article, monkeypatch):
    data, token = form_data(csrf_client, article)
    monkeypatch.setattr("comments.forms.FORM_TOKEN_MAX_AGE", -1)
    response = post_json(csrf_client, article, data, token)
    assert response.status_code == 400 and "__all__" in response.json()["errors"]


def test_wrong_types_never_500(csrf_client, article):
    data, token = form_data(csrf_client, article)
    data["text"] = ["第一段", "第二段"]  # a list where a string is expected
    data["captcha_key"] = "x" * 5000
    data["nickname"] = {"a": 1}
    response = post_json(csrf_client, article, data, token)
    assert response.status_code == 400
    response = csrf_client.post(
        f"/comments/{article.pk}/post/",
        b"\xff\xfe garbage",
        content_type="application/octet-stream",
        HTTP_X_CSRFTOKEN=token,
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_missing_csrf_token_is_403_in_chinese(article):
    client = Client(enforce_csrf_checks=True)
    data, _token = form_data(client, article)
    response = client.post(f"/comments/{article.pk}/post/", data)
    assert response.status_code == 403
    assert "安全校验未通过" in response.content.decode()
    fetch = client.post(f"/comments/{article.pk}/post/", data, HTTP_X_REQUESTED_WITH="fetch")
    assert fetch.status_code == 403 and "安全校验未通过" in fetch.json()["message"]
    assert not Comment.objects.exists()


def test_forged_csrf_token_is_403(article):
    client = Client(enforce_csrf_checks=True)
    data, _token = form_data(client, article)
    response = post_json(client, article, data, "A" * 64)
    assert response.status_code == 403
    # A token from another browser (a different cookie) does not fit this one's cookie either.
    other = Client(enforce_csrf_checks=True)
    other_token = state(other, article)["csrf_token"]
    assert post_json(client, article, data, other_token).status_code == 403
    assert not Comment.objects.exists()


def test_honeypot_catches_bots_silently(csrf_client, article):
    response = submit(csrf_client, article, "机器人的广告", website="http://spam.example")
    assert response.status_code == 200
    assert response.json()["message"] == "评论已提交，审核通过后显示"
    assert not Comment.objects.exists()


def test_rate_limit_429_after_five(csrf_client, article):
    for i in range(5):
        assert submit(csrf_client, article, f"第{i}条评论").status_code == 200
    response = submit(csrf_client, article, "第六条评论")
    assert response.status_code == 429
    assert "过于频繁" in response.json()["message"] and "10 分钟" in response.json()["message"]
    assert Comment.objects.count() == 5
    # Another address is not affected.
    assert submit(csrf_client, article, "别的地址", REMOTE_ADDR="10.1.2.3").status_code == 200


@override_settings(COMMENTS_RATE_LIMIT=(2, 60))
def test_rate_limit_is_a_setting(csrf_client, article):
    assert submit(csrf_client, article, "一").status_code == 200
    assert submit(csrf_client, article, "二").status_code == 200
    response = submit(csrf_client, article, "三")
    assert response.status_code == 429 and "1 分钟" in response.json()["message"]


def test_rate_limited_page_without_javascript_keeps_text(csrf_client, article, settings):
    settings.COMMENTS_RATE_LIMIT = (0, 600)
    data, token = form_data(csrf_client, article, text="我打的字还在")
    response = csrf_client.post(f"/comments/{article.pk}/post/", data, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 429
    html = response.content.decode()
    assert "过于频繁" in html and "我打的字还在" in html


def test_errors_without_javascript_are_next_to_fields_and_keep_text(article):
    client = Client(enforce_csrf_checks=True)
    html = client.get(f"/comments/{article.pk}/post/").content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    key = re.search(r'name="captcha_key" value="([^"]+)"', html).group(1)
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    typed = "我的意见<b>很长</b>" + "。" * 10
    response = client.post(
        f"/comments/{article.pk}/post/",
        {
            "csrfmiddlewaretoken": csrf,
            "text": typed,
            "nickname": "老李",
            "captcha_key": key,
            "captcha": "wrong",
            "form_token": token,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(r'data-errors-for="captcha">验证码错误，请输入新的验证码。</p>', page)
    assert "我的意见&lt;b&gt;很长&lt;/b&gt;" in page and 'value="老李"' in page
    new_key = re.search(r'name="captcha_key" value="([^"]+)"', page).group(1)
    assert new_key != key and CaptchaStore.objects.filter(hashkey=new_key).exists()
    assert not Comment.objects.exists()


def test_get_only_state_endpoint(csrf_client, article):
    assert csrf_client.post(f"/comments/{article.pk}/").status_code in (403, 405)
    assert Client().put(f"/comments/{article.pk}/post/").status_code in (403, 405)


def test_captcha_answer_is_really_checked(csrf_client, article):
    """The tests pass the captcha by reading CaptchaStore, not by a test mode."""
    from django.conf import settings

    assert not getattr(settings, "CAPTCHA_TEST_MODE", False)
    key, answer = new_captcha()
    assert answer.isdigit() and len(answer) == 4
