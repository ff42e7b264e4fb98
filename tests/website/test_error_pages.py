"""Chinese 404 and 500 pages; the 500 page must render without the database."""

import pytest
from django.test import Client, RequestFactory

from website.views import bad_request, csrf_failure, page_not_found, server_error


@pytest.mark.django_db
def test_missing_url_gives_the_chinese_404_page(client, home):
    response = client.get("/news/no-such-article/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "抱歉，您访问的页面不存在" in html
    assert '<html lang="zh-CN"' in html
    assert 'href="/"' in html  # a way back home
    assert "Not Found" not in html


@pytest.mark.django_db
def test_out_of_range_column_page_is_a_404_not_a_500(client, columns):
    assert client.get(columns["bmdt"].url + "?page=999").status_code == 404


def test_server_error_handler_needs_no_database():
    # No django_db mark: any query here would fail the test.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "抱歉，网站暂时无法访问" in html and "请稍后再试" in html
    assert '<html lang="zh-CN">' in html


@pytest.mark.urls("tests.website.urls_error")
def test_an_exception_in_a_view_shows_the_chinese_500_page(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "抱歉，网站暂时无法访问" in html
    assert "simulated failure" not in html and "Traceback" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/news/no-such-article/", "/comments/"])
def test_a_form_posted_in_a_non_utf8_charset_gets_the_chinese_400_page(home, path):
    # Django refuses urlencoded bodies that are not UTF-8 (BadRequest); its default 400
    # handler re-runs the CSRF check, which parses the body again and turned this into a 500.
    client = Client(enforce_csrf_checks=True)
    client.raise_request_exception = False
    client.cookies["csrftoken"] = "a" * 32
    response = client.post(
        path,
        data=b"name=%D6%D0%CE%C4",
        content_type="application/x-www-form-urlencoded; charset=gbk",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "抱歉，无法处理您的请求" in html
    assert '<html lang="zh-CN">' in html


def test_bad_request_handler_never_reads_the_form_body():
    request = RequestFactory().post("/", data=b"a=1", content_type="application/x-www-form-urlencoded; charset=gbk")
    response = bad_request(request, exception=None)
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
    assert not hasattr(request, "_post")  # the body was never parsed


@pytest.fixture
def database_down(monkeypatch):
    from django.db import OperationalError
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/wp-login.php", "/news/no-such-article/"])
def test_a_404_during_a_database_outage_is_a_chinese_503(home, client, database_down, path):
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 503
    assert "网站暂时无法访问" in response.content.decode()
    assert response["Retry-After"]


@pytest.mark.django_db
def test_the_404_handler_itself_survives_a_database_outage(home, database_down):
    response = page_not_found(RequestFactory().get("/wp-login.php"))
    assert response.status_code == 503
    assert "网站暂时无法访问" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("ajax", [False, True])
def test_a_csrf_failure_during_a_database_outage_is_a_chinese_503(home, database_down, ajax):
    client = Client(enforce_csrf_checks=True)
    client.raise_request_exception = False
    headers = {"X-Requested-With": "fetch"} if ajax else {}
    response = client.post("/comments/", {"body": "测试"}, headers=headers)
    assert response.status_code in (403, 503)
    if not ajax:
        assert response.status_code == 503
        assert "网站暂时无法访问" in response.content.decode()
    else:
        assert "安全校验未通过" in response.json()["message"]


@pytest.mark.django_db
def test_csrf_failure_page_never_reads_the_form_body(home):
    request = RequestFactory().post("/", data=b"a=1", content_type="application/x-www-form-urlencoded; charset=gbk")
    response = csrf_failure(request, reason="CSRF token missing.")
    assert response.status_code == 403
    assert "安全校验未通过" in response.content.decode()
    assert not hasattr(request, "_post")
