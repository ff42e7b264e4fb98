"""Production settings, health check and fault handling."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean():
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY="x" * 20 + "production-secret-key-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="mzj.xuancheng.gov.cn",
        TRUSTED_PROXY_COUNT="1",
        EMAIL_HOST="mail.xuancheng.gov.cn",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr


def test_check_deploy_warns_without_trusted_proxies():
    """Issue 12.4: behind nginx, TRUSTED_PROXY_COUNT=0 makes every visitor 127.0.0.1."""
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY="x" * 20 + "production-secret-key-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="mzj.xuancheng.gov.cn",
        TRUSTED_PROXY_COUNT="0",
    )
    assert "website.W001" in result.stderr and "TRUSTED_PROXY_COUNT" in result.stderr


def test_without_a_mail_server_mail_is_dropped_and_the_deploy_check_says_so():
    """Without EMAIL_HOST every submission to 三审三校 logged a refused SMTP connection to
    localhost:25 (seen on the production stack); now the mail is dropped and check --deploy warns."""
    env = dict(
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY="x" * 20 + "production-secret-key-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="mzj.xuancheng.gov.cn",
        TRUSTED_PROXY_COUNT="1",
    )
    result = run_manage("check", "--deploy", **env)
    assert "website.W002" in result.stderr and "EMAIL_HOST" in result.stderr
    code = "from django.core.mail import send_mail; print(send_mail('审核', '正文', None, ['a@example.invalid']))"
    result = run_manage("shell", "-c", code, **env)
    assert result.returncode == 0 and "ConnectionRefused" not in result.stderr, result.stderr
    result = run_manage("shell", "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)", **env)
    assert "dummy" in result.stdout
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.EMAIL_PORT)",
        **env,
        EMAIL_HOST="mail.xuancheng.gov.cn",
        EMAIL_USE_SSL="1",
    )
    assert "smtp.EmailBackend 465" in result.stdout, result.stderr


def test_proxied_request_with_no_trusted_proxies_warns_once(rf, caplog):
    from website import ratelimit

    ratelimit._proxy_warned[0] = False
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="127.0.0.1")
    with override_settings(TRUSTED_PROXY_COUNT=0):
        assert ratelimit.client_ip(request) == "127.0.0.1"
        ratelimit.client_ip(request)
    assert caplog.text.count("TRUSTED_PROXY_COUNT is 0") == 1


def test_production_refuses_to_start_without_secret_key():
    env = {"DJANGO_SETTINGS_MODULE": "website.settings.production", "SECRET_KEY": ""}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_says_how_far_the_worker_is_behind_without_failing(client, settings):
    """With the database queue (make run, production) a monitor sees waiting tasks; a stopped
    worker never turns the check red (the pages are still served)."""
    import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from qa import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    assert client.get("/healthz").json()["tasks_waiting"] == 0
    tasks.index_page.enqueue(1)
    tasks.index_page.enqueue(2)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert response.json()["tasks_waiting"] == 2 and 590 <= response.json()["tasks_oldest_seconds"] <= 660


@pytest.mark.django_db
def test_healthz_503_when_cache_fails(client):
    with mock.patch("website.health.cache.set", side_effect=ConnectionError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error"


@pytest.mark.django_db
def test_healthz_503_when_database_fails(client):
    with mock.patch("website.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


@pytest.mark.django_db
def test_database_down_gives_chinese_503(article):
    with mock.patch("news.models.ArticlePage.get_context", side_effect=OperationalError("could not connect")):
        response = Client().get(article.url)
    assert response.status_code == 503
    assert "网站暂时无法访问" in response.content.decode()
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
def test_security_headers(client, article):
    response = client.get(article.url)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_public_templates_have_no_inline_scripts(client, article):
    import re

    html = client.get(article.url).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_production_sessions_live_in_the_database_too():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SESSION_ENGINE)",
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY="x" * 20 + "production-secret-key-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="mzj.xuancheng.gov.cn",
        REDIS_URL="redis://127.0.0.1:6379/9",
    )
    assert result.stdout.strip().endswith("\ndjango.contrib.sessions.backends.cached_db"), result.stderr


@pytest.mark.django_db
@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
def test_an_editor_stays_logged_in_through_a_cache_outage(admin_user):
    """Issue 12.14: a Redis blip (or a flushed cache) must not log editors out."""
    from tests.cache_faults import cache_down

    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    with cache_down():
        assert client.get("/admin/").status_code == 200
    from django.core.cache import cache

    cache.clear()  # flushed
    assert client.get("/admin/").status_code == 200
