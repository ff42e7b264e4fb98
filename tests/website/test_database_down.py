"""PostgreSQL down for real (issue 12): every citizen page and write answers the Chinese 503 page,
never a traceback; once the database is back the same requests succeed and nothing was half-saved.

The outage is made by pointing the connection at a closed port (`tests.faults.database_down`), so
psycopg's own "connection refused" reaches the code, wherever it happens (middleware, view, form,
template). Runs in the PostgreSQL pass; SQLite cannot be "down".
"""

import os
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client, override_settings
from wagtail.models import Page

from tests.comments.conftest import form_data, make_comment  # noqa: F401  (fixture)
from tests.faults import database_down
from tests.placenames import files
from tests.placenames.conftest import column, make_story, story  # noqa: F401  (fixtures)
from tests.qa.conftest import make_faq  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="需要 PostgreSQL（设置 DATABASE_URL）"),
    pytest.mark.django_db(transaction=True),
]

BROWSER_UA = "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
UNANSWERABLE = "火星上的低保怎么申请"


@pytest.fixture
def site(article, make_comment, story, make_faq):  # noqa: F811
    """An article open for comments with one approved comment, the 红色地名 column with a story, a FAQ."""
    article.comments_open = True
    article.save()
    return {
        "article": article,
        "comment": make_comment(status="approved"),
        "story": story,
        "faq": make_faq("如何申请最低生活保障？", "<p>向户籍所在地乡镇（街道）提出申请。</p>"),
    }


def citizen_client():
    # raise_request_exception=False: a 500 is seen as a 500, as a visitor would see it.
    return Client(enforce_csrf_checks=True, raise_request_exception=False, HTTP_USER_AGENT=BROWSER_UA)


def citizen_pages(site):
    from captcha.models import CaptchaStore

    article, place = site["article"], site["story"]

    key = CaptchaStore.generate_key()
    return [
        "/",
        article.get_parent().url,
        article.url,
        f"/comments/{article.pk}/",
        f"/comments/{article.pk}/post/",
        place.get_parent().url,
        place.url,
        f"{place.get_parent().url}?county=泾县",
        "/placenames/submit/",
        "/qa/",
        "/qa/?q=低保",
        "/qa/ask/?q=低保",
        "/qa/suggest/?q=低保",
        "/qa/faq/",
        f"/qa/faq/{site['faq'].pk}/",
        "/search/?q=低保",
        f"/captcha/image/{key}/",
        f"/captcha/image/{key}@2/",
        f"/captcha/audio-zh/{key}.wav",
        "/captcha/refresh/",
        f"/views/{article.pk}/",
        "/sitemap.xml",
        "/no-such-page/",
    ]


def counts():
    from captcha.models import CaptchaStore
    from wagtail.images.models import Image
    from wagtailmedia.models import Media

    from comments.models import Comment
    from news.models import PageViewCount, PageViewDay
    from placenames.models import Work
    from qa.models import UnansweredQuestion

    stored = sum(len(names) for _root, _dirs, names in os.walk(settings.MEDIA_ROOT))
    held = len(os.listdir(settings.WORKS_HELD_UPLOADS_DIR))
    return {
        "comments": Comment.objects.count(),
        "reported": sum(Comment.objects.values_list("reported_count", flat=True)),
        "works": Work.objects.count(),
        "images": Image.objects.count(),
        "media": Media.objects.count(),
        "files": stored,
        "held": held,
        "unanswered": UnansweredQuestion.objects.count(),
        "views": sum(PageViewCount.objects.values_list("count", flat=True)),
        "view_days": PageViewDay.objects.count(),
        "captchas": CaptchaStore.objects.count(),
    }


def assert_chinese_503(response, what):
    body = response.content.decode("utf-8", "replace")
    assert response.status_code == 503, f"{what}: {response.status_code} {body[:300]}"
    assert "网站暂时无法访问" in body, what
    assert "Traceback" not in body and "OperationalError" not in body and "psycopg" not in body, what


def test_every_citizen_page_is_a_chinese_503_and_comes_back(site):
    client = citizen_client()
    pages = citizen_pages(site)
    with database_down():
        with pytest.raises(OperationalError):  # really down
            Page.objects.count()
        for path in pages:
            assert_chinese_503(client.get(path), path)
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 302, 404), f"{path}: {response.status_code}"
        if path == "/no-such-page/":
            assert response.status_code == 404


def writes(site, client):
    """Each citizen write as (name, a function sending it). Tokens, captchas and the CSRF cookie are
    fetched first, while the database is up, as the page would have them."""
    article, comment = site["article"], site["comment"]
    state = client.get(f"/comments/{article.pk}/", HTTP_X_REQUESTED_WITH="fetch").json()
    csrf = state["csrf_token"]
    comment_data, _ = form_data(client, article, "数据库恢复后这条评论应当保存。")
    plain_data, _ = form_data(client, article, "不用脚本提交的评论。")
    works_html = client.get("/placenames/submit/").content.decode()
    works_key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', works_html).group(1)
    from captcha.models import CaptchaStore

    works_answer = CaptchaStore.objects.get(hashkey=works_key).response
    works = {
        "title": "云岭的早晨",
        "kind": "photo",
        "story": str(site["story"].pk),
        "description": "雾中的军部旧址。",
        "author_name": "李华",
        "phone": "13912345678",
        "consent": "on",
        "captcha_0": works_key,
        "captcha_1": works_answer,
        "csrfmiddlewaretoken": csrf,
    }

    def post_comment():
        return client.post(
            f"/comments/{article.pk}/post/", comment_data, HTTP_X_CSRFTOKEN=csrf, HTTP_X_REQUESTED_WITH="fetch"
        )

    def post_comment_without_script():
        return client.post(f"/comments/{article.pk}/post/", {**plain_data, "csrfmiddlewaretoken": csrf})

    def report():
        return client.post(f"/comments/report/{comment.pk}/", HTTP_X_CSRFTOKEN=csrf, HTTP_X_REQUESTED_WITH="fetch")

    def submit_work():
        upload = SimpleUploadedFile("photo.jpg", files.jpeg_bytes(), "image/jpeg")
        return client.post("/placenames/submit/", {**works, "file": upload})

    def ask():
        return client.get("/qa/ask/", {"q": UNANSWERABLE})

    def count_view():
        return client.post(f"/views/{article.pk}/")

    return [
        ("comment", post_comment),
        ("comment without script", post_comment_without_script),
        ("举报", report),
        ("works", submit_work),
        ("qa question", ask),
        ("view counter", count_view),
    ]


def test_every_citizen_write_is_a_chinese_503_saves_nothing_and_succeeds_afterwards(site):
    client = citizen_client()
    sends = writes(site, client)
    before = counts()
    with database_down():
        for name, send in sends:
            assert_chinese_503(send(), name)
    assert counts() == before, "something was saved during the outage"

    results = {name: send() for name, send in sends}
    assert results["comment"].status_code == 200 and results["comment"].json()["ok"] is True
    assert results["comment without script"].status_code == 302
    assert results["举报"].status_code == 200 and results["举报"].json()["ok"] is True
    assert results["works"].status_code == 302, results["works"].content.decode()[:500]
    assert results["qa question"].status_code == 200
    assert results["view counter"].status_code == 200 and results["view counter"].json()["counted"] is True
    after = counts()
    assert after["comments"] == before["comments"] + 2
    assert after["reported"] == before["reported"] + 1
    assert (after["works"], after["images"]) == (before["works"] + 1, before["images"] + 1)
    assert after["files"] == before["files"] + 1  # the stored picture, no orphan from the outage
    assert after["held"] == before["held"]
    assert after["unanswered"] == before["unanswered"] + 1
    assert after["views"] == before["views"] + 1


@override_settings(PAGE_CACHE_ENABLED=True)
def test_with_the_page_cache_on_pages_are_cached_copies_or_the_chinese_503(site):
    client = citizen_client()
    pages = citizen_pages(site)
    warm = {path: client.get(path).status_code for path in pages}  # fills the page cache
    with database_down():
        for path in pages:
            response = client.get(path)
            if response.status_code != 503:  # served from the page cache, as before the outage
                assert response.status_code == warm[path] == 200, path
            else:
                assert_chinese_503(response, path)


def test_a_visitor_with_a_session_cookie_gets_the_chinese_503(site, admin_user):
    client = citizen_client()
    client.force_login(admin_user)  # a session in the database (and in the cache, in production)
    with database_down():
        for path in ["/", site["article"].url, "/qa/?q=低保", "/placenames/submit/", "/admin/"]:
            assert_chinese_503(client.get(path), path)
    assert client.get("/admin/").status_code == 200
