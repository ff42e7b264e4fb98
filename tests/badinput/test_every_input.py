"""Issue 12, the bad-input suite: every hostile string of tests/badinput/corpus.py goes to every
public form field, query parameter and URL segment of the site, and every hostile file to the works
form. For each case:

- no response is a 500 (the test client re-raises a view's exception, so a crash fails with its
  traceback);
- an HTML response never carries the hostile markup unescaped (nor a `javascript:` link, nor an
  injected header or cookie);
- nothing is half-saved: a refused post changes no row; an accepted one stores exactly one row
  holding exactly what was sent (after the form's documented tidying: outer whitespace, CRLF).

The targets are found by hand from the site's URLs, templates and views (docs/security.md lists
them); TARGETS below is the list, one function per field.
"""

import json
import uuid
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.test import Client, override_settings
from django.utils.html import escape

from comments.forms import new_form_token
from comments.models import Comment
from placenames.models import Work
from tests.comments.conftest import new_captcha

from .corpus import MARK, STRINGS, files

pytestmark = pytest.mark.django_db


# --- sending -----------------------------------------------------------------------------------


def q(bad):
    """The value %-encoded for a query string or a path segment (raw bytes stay raw bytes)."""
    return quote(bad.raw, safe="")


def multipart(fields, uploads=()):
    """A multipart body built by hand, so values can be raw (non-UTF-8) bytes and file names
    reach the server exactly as given (the test client would strip a path from them)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        value = value if isinstance(value, bytes) else str(value).encode()
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value)
    for name, filename, content, content_type in uploads:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content)
    body = b"\r\n".join(parts) + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def post_fields(client, url, fields, uploads=(), **extra):
    body, content_type = multipart(fields, uploads)
    return client.post(url, body, content_type=content_type, **extra)


def comment_fields(tree):
    key, answer = new_captcha()
    return {
        "text": "民政服务越来越方便了，点赞！",
        "nickname": "老李",
        "captcha_key": key,
        "captcha": answer,
        "form_token": new_form_token(tree.article.pk),
        "website": "",
    }


def works_fields(tree):
    key, answer = new_captcha()
    return {
        "title": "云岭的早晨",
        "kind": "photo",
        "story": str(tree.story.pk),
        "place_name": "",
        "description": "雾中的军部旧址。",
        "author_name": "李华",
        "phone": "13912345678",
        "consent": "on",
        "captcha_0": key,
        "captcha_1": answer,
    }


def good_jpeg():
    from tests.placenames.files import jpeg_bytes

    return ("file", "photo.jpg", jpeg_bytes(), "image/jpeg")


def strip(value):
    return value.strip()


def multiline(value):
    return value.strip().replace("\r\n", "\n").replace("\r", "\n")


# --- targets -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    id: str
    send: object  # send(client, tree, bad) -> response
    model: type | None = None  # the model an accepted post stores one row of
    field: str = ""  # ... and the field that must hold the value
    tidy: object = strip  # the form's documented tidying of what was sent
    received: object = None  # what the server receives from bad (default: bad.text)
    may_store: object = None  # for fields not stored: when a row may still be saved (a blank honeypot)


def query_target(id, url):
    """`url` is a function of the tree giving the address up to the value."""
    return Target(id, lambda client, tree, bad: client.get(url(tree) + q(bad)))


def path_target(id, url, method="get"):
    return Target(id, lambda client, tree, bad: getattr(client, method)(url(tree, q(bad))))


def comment_target(field, tidy=strip, saved=True, **options):
    def send(client, tree, bad):
        fields = comment_fields(tree)
        fields[field] = bad.raw
        return post_fields(client, f"/comments/{tree.article.pk}/post/", fields)

    return Target(f"comment.{field}", send, Comment, field if saved else "", tidy, **options)


def works_target(field, tidy=strip, saved=True, with_file=True):
    def send(client, tree, bad):
        fields = works_fields(tree)
        fields[field] = bad.raw
        return post_fields(client, "/placenames/submit/", fields, [good_jpeg()] if with_file else ())

    return Target(f"works.{field}", send, Work, field if saved else "", tidy)


def login_target(url, field):
    def send(client, tree, bad):
        fields = {"username": "admin", "password": "wrong-password", "next": "/admin/"}
        fields[field] = bad.raw
        return post_fields(client, url, fields)

    return Target(f"login{url.rstrip('/').replace('/', '.')}.{field}", send)


def header_target(id, header, method, url, fields=None):
    """A request header the site reads or stores (WSGI: Latin-1 text, so raw bytes stay raw)."""

    def send(client, tree, bad):
        headers = {header: bad.raw.decode("latin-1")}
        if fields is None:
            return getattr(client, method)(url(tree), **headers)
        return post_fields(client, url(tree), dict(fields), **headers)

    return Target(id, send)


WRONG_LOGIN = {"username": "admin", "password": "wrong-password"}
RIGHT_LOGIN = {"username": "bianji", "password": "right-pass-123"}  # tests/badinput/conftest.py


def comment_user_agent(client, tree, bad):
    # A header cannot carry raw non-Latin-1 bytes through WSGI; they arrive as Latin-1 text.
    agent = bad.raw.decode("latin-1")
    return post_fields(client, f"/comments/{tree.article.pk}/post/", comment_fields(tree), HTTP_USER_AGENT=agent)


def cookie_target(id, name, method, url):
    """A cookie the site reads: WSGI gives header bytes as Latin-1 text, so raw bytes stay raw."""

    def send(client, tree, bad):
        cookie = f"{name}={bad.raw.decode('latin-1')}"
        return getattr(client, method)(url(tree), HTTP_COOKIE=cookie)

    return Target(id, send)


def forwarded_for(url, fields):
    """X-Forwarded-For as if our proxy passed it on whole (TRUSTED_PROXY_COUNT=1): the address the
    rate limits, the comment's IP column and axes use."""

    def send(client, tree, bad):
        with override_settings(TRUSTED_PROXY_COUNT=1):
            return post_fields(client, url(tree), fields(tree), HTTP_X_FORWARDED_FOR=bad.raw.decode("latin-1"))

    return send


def report_csrf(client, tree, bad):
    strict = Client(enforce_csrf_checks=True)
    strict.get(f"/comments/{tree.article.pk}/post/")  # the CSRF cookie, as a visitor has it
    return post_fields(strict, f"/comments/report/{tree.comment.pk}/", {"csrfmiddlewaretoken": bad.raw})


TARGETS = [
    # Query parameters
    query_target("search?q", lambda t: "/search/?q="),
    query_target("search?page", lambda t: "/search/?q=%E4%BD%8E%E4%BF%9D&page="),
    query_target("search?column", lambda t: "/search/?q=%E4%BD%8E%E4%BF%9D&column="),
    query_target("search?year", lambda t: "/search/?q=%E4%BD%8E%E4%BF%9D&year="),
    query_target("qa?q", lambda t: "/qa/?q="),
    query_target("qa-ask?q", lambda t: "/qa/ask/?q="),
    query_target("qa-suggest?q", lambda t: "/qa/suggest/?q="),
    query_target("news-column?page", lambda t: t.news_column.url + "?page="),
    query_target("placenames-column?page", lambda t: t.column.url + "?page="),
    query_target("placenames-column?county", lambda t: t.column.url + "?county="),
    query_target("placenames-column?kind", lambda t: t.column.url + "?kind="),
    query_target("works-form?story", lambda t: "/placenames/submit/?story="),
    query_target("works-form?sent", lambda t: "/placenames/submit/?sent="),
    query_target("comments-state?page", lambda t: f"/comments/{t.article.pk}/?page="),
    query_target("comments-page?page", lambda t: f"/comments/{t.article.pk}/post/?page="),
    query_target("sitemap?p", lambda t: "/sitemap-pages.xml?p="),
    query_target("admin-login?next", lambda t: "/admin/login/?next="),
    query_target("util-login?next", lambda t: "/_util/login/?next="),
    # URL segments
    path_target("views/<id>", lambda t, v: f"/views/{v}/", "post"),
    path_target("comments/<id>", lambda t, v: f"/comments/{v}/"),
    path_target("comments/report/<id>", lambda t, v: f"/comments/report/{v}/", "post"),
    path_target("qa/faq/<id>", lambda t, v: f"/qa/faq/{v}/"),
    path_target("media/<path>", lambda t, v: f"/media/{v}"),
    path_target("media/images/<path>", lambda t, v: f"/media/original_images/{v}"),
    path_target("documents/<id>", lambda t, v: f"/documents/{v}/notice.pdf"),
    path_target("documents/<id>/<name>", lambda t, v: f"/documents/{t.document.pk}/{v}"),
    path_target("captcha/image/<key>", lambda t, v: f"/captcha/image/{v}/"),
    path_target("captcha/image/<key>@2", lambda t, v: f"/captcha/image/{v}@2/"),
    path_target("captcha/audio-zh/<key>", lambda t, v: f"/captcha/audio-zh/{v}.wav"),
    path_target("<page path>", lambda t, v: f"/{v}/"),
    # Cookies the site reads
    cookie_target("cookie.sessionid", "sessionid", "get", lambda t: "/admin/login/"),
    cookie_target("cookie.csrftoken", "csrftoken", "get", lambda t: f"/comments/{t.article.pk}/post/"),
    cookie_target("cookie.xcmz_seen", "xcmz_seen", "post", lambda t: f"/views/{t.article.pk}/"),
    # Headers axes stores with each failed (and successful) login, and the view counter's bot check
    header_target("login.admin.User-Agent", "HTTP_USER_AGENT", "post", lambda t: "/admin/login/", WRONG_LOGIN),
    header_target("login.admin.Accept", "HTTP_ACCEPT", "post", lambda t: "/admin/login/", WRONG_LOGIN),
    header_target("login._util.User-Agent", "HTTP_USER_AGENT", "post", lambda t: "/_util/login/", WRONG_LOGIN),
    header_target("login._util.Accept", "HTTP_ACCEPT", "post", lambda t: "/_util/login/", WRONG_LOGIN),
    header_target("login-right.User-Agent", "HTTP_USER_AGENT", "post", lambda t: "/_util/login/", RIGHT_LOGIN),
    header_target("views.User-Agent", "HTTP_USER_AGENT", "post", lambda t: f"/views/{t.article.pk}/"),
    Target(
        "comment.X-Forwarded-For",
        forwarded_for(lambda t: f"/comments/{t.article.pk}/post/", comment_fields),
        Comment,
        may_store=lambda bad: True,  # stored with no address when it is not one
    ),
    Target("login.X-Forwarded-For", forwarded_for(lambda t: "/_util/login/", lambda t: dict(WRONG_LOGIN))),
    # 网上评论 (posted without JavaScript: the answer is the HTML page with the form again)
    comment_target("text", tidy=multiline),
    comment_target("nickname"),
    comment_target("captcha_key", saved=False),
    comment_target("captcha", saved=False),
    comment_target("form_token", saved=False),
    # The honeypot: filled in, nothing is stored; blank (after stripping), the comment is.
    comment_target("website", saved=False, may_store=lambda bad: not bad.text.strip()),
    Target(
        "comment.User-Agent",
        comment_user_agent,
        Comment,
        "user_agent",
        tidy=lambda v: v.replace("\x00", "")[:300],  # PostgreSQL cannot store a NUL
        received=lambda bad: bad.raw.decode("latin-1"),
    ),
    # 举报
    Target("report.csrfmiddlewaretoken", report_csrf),
    # 作品征集 (with a real picture)
    works_target("title"),
    works_target("kind", saved=False),
    works_target("story", saved=False),
    works_target("place_name"),
    works_target("description"),
    works_target("author_name"),
    works_target("phone", saved=False),
    works_target("consent", tidy=lambda v: True),  # a checkbox: any value but "", "0", "false" ticks it
    works_target("captcha_0", saved=False),
    works_target("captcha_1", saved=False),
    works_target("held_file", saved=False, with_file=False),
    # Logins
    login_target("/admin/login/", "username"),
    login_target("/admin/login/", "password"),
    login_target("/admin/login/", "next"),
    login_target("/_util/login/", "username"),
    login_target("/_util/login/", "password"),
    login_target("/_util/login/", "next"),
]


# --- checks ------------------------------------------------------------------------------------


def counts():
    """Rows of everything a visitor's request could create, apart from captchas, login attempts
    and log entries (those are meant to be written). One query: it runs twice per case."""
    from django.db import connection
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Page
    from wagtailmedia.models import Media

    models = (Comment, Work, Image, Media, Document, Page)
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {m._meta.db_table})" for m in models)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip((m.__name__ for m in models), cursor.fetchone(), strict=True))


def html_of(response):
    kind = response.get("Content-Type", "")
    if kind.startswith("text/html"):
        return response.content.decode("utf-8", "replace")
    if kind.startswith("application/json"):
        data = json.loads(response.content)
        if isinstance(data, dict) and isinstance(data.get("html"), str):
            return data["html"]
    return None


def dangerous_part(bad):
    """What must never appear raw in HTML: the start of a string that breaks out of text or an
    attribute. Escaped (&lt; &quot; &#x27;) it is harmless."""
    text = bad.text
    starts = [i for i in (text.find(c) for c in "<>\"'") if i >= 0]
    return text[min(starts) : min(starts) + 12] if starts else None


def assert_not_reflected(response, bad):
    assert response.status_code != 500
    html = html_of(response)
    if html is not None:
        danger = dangerous_part(bad)
        if danger:
            assert danger not in html, f"unescaped {danger!r} in the page"
        if "javascript:" in bad.text:
            assert 'href="javascript:' not in html and 'src="javascript:' not in html
    for name, value in response.items():
        assert "\n" not in value and "\r" not in value and name.lower() != "x-injected"
    assert MARK not in str(response.cookies)


def assert_nothing_half_saved(target, before, after, bad):
    changed = {name for name in before if after[name] != before[name]}
    if not changed:
        return
    stored_value = bool(target.field)
    assert target.model is not None and (stored_value or (target.may_store and target.may_store(bad))), (
        f"rows changed: {changed}"
    )
    model = target.model
    if model is Work:
        assert changed <= {"Work", "Image"} and after["Work"] - before["Work"] == 1
        assert after["Image"] - before["Image"] == 1  # the picture and its work, or neither
    else:
        assert changed == {model.__name__} and after[model.__name__] - before[model.__name__] == 1
    if stored_value:
        row = model.objects.order_by("-pk").first()
        received = target.received(bad) if target.received else bad.text
        assert getattr(row, target.field) == target.tidy(received), "stored value differs from what was sent"


def cache_keys():
    from django.core.cache import cache

    if hasattr(cache, "_cache"):  # LocMemCache (SQLite pass)
        return [str(k) for k in cache._cache]
    return [k.decode() if isinstance(k, bytes) else str(k) for k in cache.keys("*")]  # django-redis


def assert_no_hostile_cache_keys():
    """A visitor's string never becomes a cache key: Redis accepts anything, but the rate limits
    would then be keyed (and so dodged) by whatever a client sends, 100,000 characters at a time."""
    for key in cache_keys():
        assert len(key) <= 250 and key.isascii() and key.isprintable() and " " not in key, f"cache key {key[:80]!r}"


@pytest.mark.parametrize("bad", STRINGS, ids=[b.id for b in STRINGS])
@pytest.mark.parametrize("target", TARGETS, ids=[t.id for t in TARGETS])
def test_hostile_string(tree, target, bad):
    client = Client()
    before = counts()
    response = target.send(client, tree, bad)
    after = counts()
    assert_not_reflected(response, bad)
    assert_nothing_half_saved(target, before, after, bad)
    assert_no_hostile_cache_keys()


FILES = files()


@pytest.mark.parametrize("bad", FILES, ids=[f.id for f in FILES])
def test_hostile_file(tree, bad):
    from wagtail.images.models import Image

    client = Client()
    fields = works_fields(tree)
    fields["kind"] = bad.kind
    before = counts()
    response = post_fields(client, "/placenames/submit/", fields, [("file", bad.name, bad.content, bad.content_type)])
    after = counts()
    assert response.status_code != 500
    html = html_of(response)
    if html is not None:
        assert f"<script>{MARK}" not in html and f'<script>alert("{MARK}")' not in html
    if not bad.acceptable:
        assert response.status_code == 200 and after == before, "a hostile file was stored"
        assert "作品未保存" in html or "errorlist" in html or 'aria-invalid="true"' in html
        return
    if after == before:
        return  # refused: also fine
    assert response.status_code == 302
    assert after["Work"] == before["Work"] + 1 and after["Image"] == before["Image"] + 1
    image = Image.objects.order_by("-pk").first()
    assert image.file.name.startswith("original_images/work-") and ".." not in image.file.name


MARKUP = [b for b in STRINGS if b.has_markup]


@pytest.mark.parametrize("bad", MARKUP, ids=[b.id for b in MARKUP])
def test_stored_hostile_text_is_shown_escaped(tree, bad):
    """What an accepted post stored, once approved, is shown on the public pages escaped."""
    Comment.objects.create(page=tree.article, text=bad.text, nickname=bad.text[:20], status=Comment.Status.APPROVED)
    Work.objects.filter(pk=tree.work.pk).update(title=bad.text[:60], author_name=bad.text[:30])
    client = Client()
    for url in (
        tree.article.url,
        f"/comments/{tree.article.pk}/",
        f"/comments/{tree.article.pk}/post/",
        tree.column.url,
        tree.story.url,
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_not_reflected(response, bad)
        html = html_of(response)
        assert escape(bad.text[:20])[:12] in html or url == tree.article.url, f"not shown at all on {url}"


def test_the_checks_catch_what_they_are_for():
    """The checks themselves: raw markup, a javascript: link and a half-saved work are caught."""
    from django.http import HttpResponse

    script, link = STRINGS[0], next(b for b in STRINGS if b.id == "xss-javascript-url")
    with pytest.raises(AssertionError):
        assert_not_reflected(HttpResponse(f"<p>{script.text}</p>"), script)
    assert_not_reflected(HttpResponse(f"<p>{escape(script.text)}</p>"), script)
    with pytest.raises(AssertionError):
        assert_not_reflected(HttpResponse(f'<a href="{escape(link.text)}">x</a>'), link)
    works = next(t for t in TARGETS if t.id == "works.title")
    rows = {"Comment": 0, "Work": 0, "Image": 0, "Media": 0, "Document": 0, "Page": 9}
    with pytest.raises(AssertionError):
        assert_nothing_half_saved(works, rows, {**rows, "Image": 1}, script)  # a picture without its work
    with pytest.raises(AssertionError):
        assert_nothing_half_saved(TARGETS[0], rows, {**rows, "Comment": 1}, script)  # a GET that saved
