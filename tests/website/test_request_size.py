"""Issue 12.15: each request is capped as a whole, before anything reads (or spools) its body."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_public_form_refuses_a_huge_body_with_a_chinese_413(article):
    big = SimpleUploadedFile("x.bin", b"0" * (7 * 1024 * 1024))
    response = Client().post(f"/comments/{article.pk}/post/", {"text": "你好", "junk": big})
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()


def test_limits_follow_the_path(settings):
    from website.middleware import RequestSizeLimitMiddleware as limit

    assert limit.limit_for("/comments/1/post/") == settings.REQUEST_MAX_BYTES
    assert limit.limit_for("/placenames/submit/") > settings.WORKS_VIDEO_MAX_BYTES
    assert limit.limit_for("/admin/documents/multiple/add/") >= settings.WAGTAILDOCS_MAX_UPLOAD_SIZE


def test_works_form_over_its_whole_request_cap_is_refused(client, settings):
    response = client.post(
        "/placenames/submit/",
        data=b"x",
        content_type="multipart/form-data; boundary=zz",
        CONTENT_LENGTH=str(settings.WORKS_VIDEO_MAX_BYTES + 2 * 1024 * 1024),
    )
    assert response.status_code == 413


def test_gunicorn_binds_loopback_by_default():
    """Slow bodies meet nginx only: the app servers listen on loopback unless told otherwise."""
    import runpy
    from pathlib import Path

    conf = runpy.run_path(str(Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"))
    assert conf["bind"].startswith("127.0.0.1:") or conf["bind"].startswith("unix:")
