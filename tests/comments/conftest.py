"""Helpers for the comment tests: a client that enforces CSRF like a browser, and a way to fill in
the form the way the page script does (state endpoint for tokens, a real captcha answered from
CaptchaStore)."""

import pytest
from captcha.models import CaptchaStore
from django.test import Client


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def state(client, page):
    response = client.get(f"/comments/{page.pk}/", HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 200
    return response.json()


def new_captcha():
    key = CaptchaStore.generate_key()
    return key, CaptchaStore.objects.get(hashkey=key).response


def form_data(client, page, text="民政服务越来越方便了，点赞！", nickname="", captcha=None, **extra):
    """What the script posts: tokens from the state endpoint and a right (or given) captcha."""
    data = state(client, page)
    key, answer = new_captcha()
    post = {
        "text": text,
        "nickname": nickname,
        "captcha_key": key,
        "captcha": answer if captcha is None else captcha,
        "form_token": data["form_token"],
        "website": "",
    }
    post.update(extra)
    return post, data["csrf_token"]


def post_json(client, page, data, csrf_token, **headers):
    return client.post(
        f"/comments/{page.pk}/post/",
        data,
        HTTP_X_CSRFTOKEN=csrf_token,
        HTTP_X_REQUESTED_WITH="fetch",
        HTTP_USER_AGENT=headers.pop("user_agent", "Mozilla/5.0 (Test) Chrome/120"),
        **headers,
    )


def submit(client, page, text="民政服务越来越方便了，点赞！", **kwargs):
    headers = {k: kwargs.pop(k) for k in list(kwargs) if k.isupper() or k in ("REMOTE_ADDR", "user_agent")}
    data, token = form_data(client, page, text, **kwargs)
    return post_json(client, page, data, token, **headers)


@pytest.fixture
def make_comment(article):
    from comments.models import Comment

    def factory(text="一条评论", status=Comment.Status.APPROVED, page=None, **fields):
        return Comment.objects.create(page=page or article, text=text, status=status, **fields)

    return factory
