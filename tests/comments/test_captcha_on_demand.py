"""Reading articles makes no captchas (issue 12.13): the article HTML and the state endpoint the
script fetches on load carry none; one is made only when the form is used (/captcha/refresh/,
which the script calls on the first focus or tap in the form) or the comment page is opened."""

import pytest
from captcha.models import CaptchaStore

from .conftest import state

pytestmark = pytest.mark.django_db


def test_anonymous_article_views_create_no_captcha(client, article):
    for _ in range(5):
        response = client.get(article.url)
        assert response.status_code == 200
        data = state(client, article)
        assert data["ok"] and data["form_token"]
        assert "captcha_key" not in data
    assert CaptchaStore.objects.count() == 0


def test_opening_the_form_creates_one_captcha(client, article):
    client.get(article.url)
    state(client, article)
    response = client.get("/captcha/refresh/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200
    assert CaptchaStore.objects.filter(hashkey=response.json()["key"]).count() == 1
    assert CaptchaStore.objects.count() == 1


def test_the_article_links_to_the_comment_page_with_nofollow(client, article):
    html = client.get(article.url).content.decode()
    assert f'href="/comments/{article.pk}/post/#comment-form" rel="nofollow"' in html
    assert "开始填写评论时显示验证码" in html
