"""Issue 12.3: a document in a login-restricted collection must not be readable under /media/.

Documents are served only by Wagtail's serve view (/documents/<id>/<name>), which checks the
collection's view restrictions; Django serves /media/ only under `make run` and in tests, never
/media/documents/; in production nginx serves /media/ and refuses /media/documents/."""

import http.client
import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import clear_url_caches

from tests.website.test_nginx_error_pages import CONF, nginx  # noqa: F401  (fixture: a real nginx)

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n% xcmz private test document\n%%EOF\n"


def _collection(name, restricted):
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name=name)
    if restricted:
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def _document(title, filename, collection):
    from wagtail.documents.models import Document

    return Document.objects.create(title=title, file=ContentFile(PDF, name=filename), collection=collection)


@pytest.fixture
def private_doc(db):
    return _document("内部文件", "neibu-wenjian.pdf", _collection("内部资料", restricted=True))


@pytest.fixture
def public_doc(db):
    return _document("公开文件", "gongkai-wenjian.pdf", _collection("公开资料", restricted=False))


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _media_path(doc):
    return "/media/" + doc.file.name


def test_document_url_is_the_serve_view_not_media(private_doc, public_doc):
    for doc in (private_doc, public_doc):
        assert doc.url == f"/documents/{doc.pk}/{doc.filename}"
        assert not doc.url.startswith("/media/")
        assert doc.file.name.startswith("documents/")


def test_anonymous_visitor_is_sent_to_login_for_a_private_document(client, private_doc):
    response = client.get(private_doc.url)
    assert response.status_code == 302
    assert "login" in response["Location"] and "next=" in response["Location"]
    assert PDF not in _body(response)
    login = client.get(response["Location"])
    assert login.status_code == 200
    assert PDF not in login.content
    assert "登录" in login.content.decode()


def test_logged_in_user_gets_the_private_document(client, private_doc, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="x-pass-123"))
    response = client.get(private_doc.url)
    assert response.status_code == 200
    assert _body(response) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"


def test_public_document_is_downloadable(client, public_doc):
    response = client.get(public_doc.url)
    assert response.status_code == 200
    assert _body(response) == PDF


@pytest.mark.parametrize(
    "variant",
    ["{path}", "/media/images/../{rel}", "/media//{rel}", "/media/./{rel}", "/media/documents/"],
)
def test_dev_media_never_serves_documents(client, private_doc, public_doc, variant):
    for doc in (private_doc, public_doc):
        path = variant.format(path=_media_path(doc), rel=doc.file.name)
        response = client.get(path)
        assert response.status_code == 404, path
        assert PDF not in _body(response)


def test_dev_media_still_serves_images(client, wagtail_image):
    rendition = wagtail_image.get_rendition("fill-32x24")
    for url in (wagtail_image.file.url, rendition.url):
        assert url.startswith("/media/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert _body(response)[:2] == b"\xff\xd8"  # JPEG


@pytest.fixture
def production_urls():
    """website.urls as production builds it (SERVE_MEDIA off), restored afterwards."""
    import website.urls

    with override_settings(SERVE_MEDIA=False, DEBUG=False):
        importlib.reload(website.urls)
        clear_url_caches()
        yield
    importlib.reload(website.urls)
    clear_url_caches()


def test_without_serve_media_django_serves_nothing_under_media(client, private_doc, wagtail_image, production_urls):
    for path in (_media_path(private_doc), wagtail_image.file.url):
        response = client.get(path)
        assert response.status_code == 404, path
        assert PDF not in _body(response)
    # Documents still work through the serve view.
    assert client.get(private_doc.url).status_code == 302


@pytest.mark.parametrize(
    "module,expected",
    [
        ("production", ["False", "False", "serve_view", "unrouted", "unrouted"]),
        # `make run`: media served by website.media (which refuses documents/).
        ("dev", ["True", "False", "serve_view", "website.media", "website.media"]),
    ],
)
def test_settings_serve_documents_by_serve_view_and_media_only_in_dev(module, expected):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DEBUG"}
    env.update(DJANGO_SETTINGS_MODULE=f"website.settings.{module}", SECRET_KEY="x" * 50)
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.urls import resolve\n"
        "print(settings.SERVE_MEDIA, settings.DEBUG, settings.WAGTAILDOCS_SERVE_METHOD)\n"
        "from django.urls import Resolver404\n"
        "for path in ('/media/documents/x.pdf', '/media/images/x.jpg'):\n"
        "    try:\n"
        "        print(resolve(path).func.__module__)\n"
        "    except Resolver404:\n"
        "        print('unrouted')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split()
    assert lines == expected


# nginx (deploy/nginx.conf) -------------------------------------------------------------------


def test_nginx_conf_refuses_media_documents():
    conf = CONF.read_text(encoding="utf-8")
    block = re.search(r"location \^~ /media/documents/ \{(.*?)\}", conf, re.S)
    assert block, "deploy/nginx.conf must refuse /media/documents/"
    assert block.group(1).split() == ["return", "404;"]
    # The prefix block comes with ^~, so no regex location can serve those files instead.
    assert not re.search(r"location\s+~", conf)


def _nginx_get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/private.pdf",
        "/media/images/../documents/private.pdf",
        "/media//documents/private.pdf",
        "/media/./documents/private.pdf",
        "/media/%64ocuments/private.pdf",
        "/media/documents/",
    ],
)
def test_nginx_never_serves_document_files(nginx, path):  # noqa: F811
    status, body = _nginx_get(nginx["port"], path)
    assert status == 404, path
    assert b"private" not in body
    assert "您访问的页面不存在" in body.decode()


def test_nginx_still_serves_images(nginx):  # noqa: F811
    assert _nginx_get(nginx["port"], "/media/images/photo.jpg") == (200, b"\xff\xd8\xff\xe0 jpeg")
    status, body = _nginx_get(nginx["port"], "/media/images/missing.jpg")
    assert status == 404 and "您访问的页面不存在" in body.decode()
