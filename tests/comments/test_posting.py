"""Point 1 and 2: posting under an article, stored pending, shown and counted only once approved."""

import re

import pytest
from django.test import Client

from comments import moderation
from comments.models import Comment

from .conftest import form_data, state, submit

pytestmark = pytest.mark.django_db


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_article_shows_count_form_and_empty_list(client, article):
    html = client.get(article.url).content.decode()
    area = html.split('id="comments"', 1)[1]
    text = text_of(area)
    compact = re.sub(r"<[^>]+>|\s+", "", area)
    assert "0条评论" in compact
    assert "*正文" in compact
    assert "验证码" in text and "播放语音验证码" in text and "换一张" in text and "看大图" in text
    assert "网友评论列表" in text and "暂无网友评论" in text
    assert 'maxlength="500"' in area and "data-char-counter" in area
    assert f'action="/comments/{article.pk}/post/"' in area
    order = [text.index(s) for s in ["条评论", "正文", "验证码", "网友评论列表", "暂无网友评论"]]
    assert order == sorted(order)


def test_article_html_has_nothing_per_visitor(article):
    """The article may be served from a full-page cache: no CSRF token, captcha key or form token."""
    first = Client().get(article.url)
    second = Client().get(article.url)
    html = first.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert 'name="captcha_key" value=""' in html
    assert 'name="form_token" value=""' in html
    assert "/captcha/image/" not in html
    assert "csrftoken" not in first.cookies
    assert first.content == second.content


def test_comments_open_is_on_by_default(article):
    assert article.comments_open is True


def test_post_is_stored_pending_and_not_shown(csrf_client, article):
    response = submit(csrf_client, article, "低保标准提高了，感谢政府！", nickname="宣州居民")
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert response.json()["message"] == "评论已提交，审核通过后显示"
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.text == "低保标准提高了，感谢政府！" and comment.nickname == "宣州居民"
    assert comment.page_id == article.pk
    html = Client().get(article.url).content.decode()
    assert "低保标准提高了" not in html
    assert "暂无网友评论" in html
    data = state(Client(), article)
    assert data["count"] == 0 and "低保标准提高了" not in data["html"]


def test_approved_comment_is_shown_and_counted_at_once(csrf_client, article, admin_user):
    submit(csrf_client, article, "第一条评论")
    comment = Comment.objects.get()
    # The cached article HTML is stale; the script's endpoint is never cached and is right at once.
    response = Client().get(f"/comments/{article.pk}/")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    moderation.approve([comment], admin_user)
    data = state(Client(), article)
    assert data["count"] == 1 and "第一条评论" in data["html"]
    html = Client().get(article.url).content.decode()
    assert "第一条评论" in html
    assert "1条评论" in text_of(html).replace(" ", "")


def test_rejected_comment_never_shows(article, make_comment, admin_user):
    comment = make_comment("不该显示的评论", status=Comment.Status.PENDING)
    moderation.reject([comment], admin_user)
    html = Client().get(article.url).content.decode()
    assert "不该显示的评论" not in html
    assert state(Client(), article)["count"] == 0


def test_list_is_newest_first_with_time_nickname_and_reply(article, make_comment, admin_user):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    older = make_comment("较早的评论", nickname="老张", created_at=now - datetime.timedelta(hours=2))
    make_comment("较新的评论", created_at=now - datetime.timedelta(minutes=5))
    moderation.set_reply(older, "感谢您的关注，我们将继续做好相关工作。", admin_user)
    html = Client().get(article.url).content.decode()
    text = text_of(html)
    assert text.index("较新的评论") < text.index("较早的评论")
    assert "老张" in text and "网友" in text
    assert timezone.localtime(older.created_at).strftime("%Y-%m-%d %H:%M") in text
    assert "官方回复" in text and "感谢您的关注" in text
    assert "2条评论" in text.replace(" ", "")


def test_html_and_script_are_stored_as_text_and_escaped(csrf_client, article, admin_user):
    evil = '<script>alert("x")</script><b>粗体</b> & <img src=x onerror=alert(1)>'
    submit(csrf_client, article, evil, nickname="<i>昵称</i>")
    comment = Comment.objects.get()
    assert comment.text == evil
    moderation.approve([comment], admin_user)
    for html in (Client().get(article.url).content.decode(), state(Client(), article)["html"]):
        assert "<script>alert" not in html and "<img src=x" not in html and "<i>昵称" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        assert "&lt;i&gt;昵称&lt;/i&gt;" in html


def test_state_endpoint_gives_tokens_and_sets_csrf_cookie(article):
    client = Client()
    response = client.get(f"/comments/{article.pk}/")
    data = response.json()
    assert data["open"] is True and data["form_token"] and data["csrf_token"]
    assert "csrftoken" in response.cookies


def test_state_endpoint_for_missing_page_is_404_in_chinese(db, home):
    response = Client().get("/comments/999999/")
    assert response.status_code == 404
    assert "不存在" in response.json()["message"]


def test_posting_to_missing_page_is_404_and_saves_nothing(csrf_client, article):
    data, token = form_data(csrf_client, article)
    response = csrf_client.post("/comments/999999/post/", data, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 404
    assert "要评论的文章不存在或已撤下" in response.content.decode()
    assert not Comment.objects.exists()


def test_unpublished_page_takes_no_comments(csrf_client, article):
    data, token = form_data(csrf_client, article)
    article.unpublish()
    response = csrf_client.post(f"/comments/{article.pk}/post/", data, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_closed_comments_hide_form_and_refuse_posts(csrf_client, make_article):
    article = make_article("不开放评论的文章", comments_open=False)
    html = Client().get(article.url).content.decode()
    assert "本文暂不开放评论" in html
    assert "data-comment-form" not in html
    data, token = form_data(csrf_client, article)
    assert data["form_token"] == ""
    response = csrf_client.post(
        f"/comments/{article.pk}/post/", data, HTTP_X_CSRFTOKEN=token, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert response.status_code == 403
    assert response.json()["message"] == "本文暂不开放评论，评论未保存。"
    page = csrf_client.post(f"/comments/{article.pk}/post/", data, HTTP_X_CSRFTOKEN=token)
    assert page.status_code == 403 and "本文暂不开放评论" in page.content.decode()
    assert not Comment.objects.exists()


def test_posting_without_javascript(article):
    """The no-script path: the comment page has the whole form with a captcha and a CSRF token."""
    from captcha.models import CaptchaStore

    client = Client(enforce_csrf_checks=True)
    response = client.get(f"/comments/{article.pk}/post/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    html = response.content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    key = re.search(r'name="captcha_key" value="([^"]+)"', html).group(1)
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    assert f"/captcha/image/{key}/" in html and f"/captcha/audio-zh/{key}.wav" in html
    assert f"/captcha/image/{key}@2/" in html
    data = {
        "csrfmiddlewaretoken": csrf,
        "text": "不用脚本也能评论",
        "nickname": "",
        "captcha_key": key,
        "captcha": CaptchaStore.objects.get(hashkey=key).response,
        "form_token": token,
        "website": "",
    }
    response = client.post(f"/comments/{article.pk}/post/", data)
    assert response.status_code == 302
    assert response["Location"].endswith("?submitted=1#comment-form")
    page = client.get(response["Location"]).content.decode()
    assert "评论已提交，审核通过后显示" in page
    assert Comment.objects.get().text == "不用脚本也能评论"


def test_no_javascript_refresh_keeps_text_and_gives_new_captcha(article):
    client = Client(enforce_csrf_checks=True)
    html = client.get(f"/comments/{article.pk}/post/").content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    key = re.search(r'name="captcha_key" value="([^"]+)"', html).group(1)
    response = client.post(
        f"/comments/{article.pk}/post/",
        {"csrfmiddlewaretoken": csrf, "text": "写了一半", "captcha_key": key, "refresh_captcha": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "写了一半" in page
    new_key = re.search(r'name="captcha_key" value="([^"]+)"', page).group(1)
    assert new_key != key
    assert not Comment.objects.exists()


def test_comment_page_paginates_all_comments(article, make_comment, settings):
    settings.COMMENTS_PER_PAGE = 2
    for i in range(5):
        make_comment(f"评论{i}")
    html = Client().get(article.url).content.decode()
    assert "查看更多评论（共 5 条）" in html
    page2 = Client().get(f"/comments/{article.pk}/post/?page=2").content.decode()
    assert "第 2 / 3 页" in page2
    assert Client().get(f"/comments/{article.pk}/post/?page=abc").status_code == 200


def test_article_query_budget_with_comments(client, article, make_comment, django_assert_max_num_queries):
    for i in range(30):
        make_comment(f"评论{i}", reply="官方回复内容" if i % 3 == 0 else "")
    client.get(article.url)
    with django_assert_max_num_queries(10):
        response = client.get(article.url)
    assert response.status_code == 200 and "30条评论" in text_of(response.content.decode()).replace(" ", "")


@pytest.mark.parametrize("approved", [0, 1, 2, 3])
def test_count_is_exact_around_a_full_first_page(client, article, make_comment, settings, approved):
    """The count query is skipped while the first page is not full: the figure stays exact."""
    settings.COMMENTS_PER_PAGE = 2
    for i in range(approved):
        make_comment(f"评论{i}")
    make_comment("待审核的评论", status="pending")
    html = client.get(article.url).content.decode()
    assert f"<span data-comment-count>{approved}</span>条评论" in html
    assert ("查看更多评论" in html) == (approved > 2)
