"""One solved captcha lets exactly one post through, however many arrive at once; a malformed
captcha key (a NUL byte: a 500 on PostgreSQL) is a form error and never reaches a query."""

import threading

import pytest
from captcha.models import CaptchaStore
from django.db import connection
from django.db.models.query import QuerySet
from django.test.utils import CaptureQueriesContext

from comments.forms import check_captcha
from comments.models import Comment

from .conftest import form_data, new_captcha, post_json

pytestmark = pytest.mark.django_db


def test_a_captcha_read_by_two_posts_at_once_is_consumed_once(monkeypatch):
    """Both posts read the store before either deletes it (what six simultaneous posts did):
    only the post whose delete removed the row is accepted."""
    key, answer = new_captcha()
    original_first = QuerySet.first
    racing = []

    def first_then_someone_else_consumes_it(qs):
        obj = original_first(qs)
        if qs.model is CaptchaStore and obj is not None and not racing:
            # Meanwhile the other request accepts the same captcha and deletes it.
            racing.append(True)
            assert check_captcha(key, answer) is None
        return obj

    monkeypatch.setattr(QuerySet, "first", first_then_someone_else_consumes_it)
    assert check_captcha(key, answer) == "验证码已失效（已使用或已过期），请输入新的验证码。"


@pytest.mark.django_db(transaction=True)
def test_six_simultaneous_posts_with_one_captcha_store_one_comment(article, csrf_client):
    from django.test import Client

    data, token = form_data(csrf_client, article, text="同时提交六次")
    clients = []
    for _ in range(6):
        client = Client(enforce_csrf_checks=True)
        extra, client_token = form_data(client, article, text="同时提交六次")
        extra["captcha_key"], extra["captcha"] = data["captcha_key"], data["captcha"]
        clients.append((client, extra, client_token))
    barrier = threading.Barrier(6)
    statuses = []

    def post(client, post_data, csrf_token):
        barrier.wait()
        try:
            statuses.append(post_json(client, article, post_data, csrf_token).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=c) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses).count(200) == 1, statuses
    assert Comment.objects.count() == 1


@pytest.fixture
def refuse_nul_like_postgresql():
    """psycopg refuses a NUL byte in a parameter ("A string literal cannot contain NUL (0x00)
    characters"); SQLite does not, so the tests make every query behave as on PostgreSQL."""

    def wrapper(execute, sql, params, many, context):
        for param in params or ():
            if isinstance(param, str) and "\x00" in param:
                raise ValueError("A string literal cannot contain NUL (0x00) characters.")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield


@pytest.mark.parametrize("bad_key", ["\x00", "ab\x00cd", "a" * 39 + "\x00", "not-a-key", "A" * 40])
def test_a_malformed_captcha_key_is_a_chinese_form_error(csrf_client, article, bad_key, refuse_nul_like_postgresql):
    data, token = form_data(csrf_client, article)
    data["captcha_key"] = bad_key
    with CaptureQueriesContext(connection) as queries:
        response = post_json(csrf_client, article, data, token)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"captcha"}  # shown at the visible field, not the hidden key
    assert errors["captcha"][0]["message"] == "验证码已失效（已使用或已过期），请输入新的验证码。"
    assert not Comment.objects.exists()
    assert not any("\x00" in str(q["sql"]) for q in queries.captured_queries)


@pytest.mark.parametrize("url", ["/captcha/audio-zh/%00.wav", "/captcha/image/%00@2/"])
def test_captcha_urls_with_a_nul_byte_are_not_queried(client, url, refuse_nul_like_postgresql):
    client.raise_request_exception = False
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in (404, 410)
    assert not any("\x00" in str(q["sql"]) for q in queries.captured_queries)
