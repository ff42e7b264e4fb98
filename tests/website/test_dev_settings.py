"""`make run` (website.settings.dev) shows citizens the production pages unless DEBUG=1."""

import importlib
from unittest import mock

import pytest
from django.test import override_settings


def _dev_debug(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("DEBUG", raising=False)
    else:
        monkeypatch.setenv("DEBUG", value)
    import website.settings.dev as dev

    return importlib.reload(dev).DEBUG


def test_dev_settings_debug_is_off_without_the_environment_variable(monkeypatch):
    assert _dev_debug(monkeypatch, None) is False
    assert _dev_debug(monkeypatch, "1") is True
    assert _dev_debug(monkeypatch, "0") is False


@pytest.mark.django_db
def test_missing_url_under_dev_settings_gives_the_chinese_404_page(monkeypatch, client, home):
    with override_settings(DEBUG=_dev_debug(monkeypatch, None)):
        response = client.get("/news/no-such-article/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "抱歉，您访问的页面不存在" in html
    assert "Page not found" not in html and "URLconf" not in html


def test_run_site_serves_static_files_with_debug_off():
    from website.management.commands import run_site

    with (
        mock.patch.object(run_site.subprocess, "Popen") as popen,
        mock.patch.object(run_site, "call_command") as call,
        mock.patch.object(run_site, "follow_served_origin", create=True),
    ):
        run_site.Command().handle(port="8123")
    assert popen.return_value.terminate.call_count == 2  # the scheduler and the worker
    args, kwargs = call.call_args
    assert args == ("runserver", "127.0.0.1:8123")
    assert kwargs["insecure_serving"] is True
