"""Expired captchas do not pile up (issue 12.9): making a new captcha purges expired rows at most
once per CAPTCHA_PURGE_SECONDS, and deploy/cron runs the library's captcha_clean."""

import datetime
import re
from pathlib import Path

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from website.captcha import PURGE_CACHE_KEY

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def expired_rows(n):
    keys = [CaptchaStore.generate_key() for _ in range(n)]
    CaptchaStore.objects.filter(hashkey__in=keys).update(expiration=timezone.now() - datetime.timedelta(minutes=1))
    return keys


@pytest.fixture(autouse=True)
def fresh_purge_clock():
    cache.delete(PURGE_CACHE_KEY)
    yield
    cache.delete(PURGE_CACHE_KEY)


def test_a_new_captcha_purges_expired_ones_at_most_once_per_interval(client, settings):
    settings.CAPTCHA_PURGE_SECONDS = 300
    cache.add(PURGE_CACHE_KEY, 1, 300)  # purged a moment ago
    old = expired_rows(3)
    assert CaptchaStore.objects.filter(hashkey__in=old).count() == 3
    cache.delete(PURGE_CACHE_KEY)  # the interval is over

    response = client.get("/captcha/refresh/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    new_key = response.json()["key"]
    assert not CaptchaStore.objects.filter(hashkey__in=old).exists()
    assert CaptchaStore.objects.filter(hashkey=new_key).exists()

    # Within the interval, no further purge (one DELETE per five minutes, not per request).
    later = expired_rows(2)
    client.get("/captcha/refresh/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert CaptchaStore.objects.filter(hashkey__in=later).count() == 2


def test_unexpired_captchas_are_kept(client):
    key = CaptchaStore.generate_key()
    cache.delete(PURGE_CACHE_KEY)
    CaptchaStore.generate_key()
    assert CaptchaStore.objects.filter(hashkey=key).exists()


def test_a_broken_cache_skips_the_purge_without_an_error(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "add", broken)
    old = expired_rows(1)
    response = client.get("/captcha/refresh/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200
    assert CaptchaStore.objects.filter(hashkey__in=old).exists()  # left to cron


def test_captcha_clean_removes_expired_rows():
    cache.add(PURGE_CACHE_KEY, 1, 300)
    old = expired_rows(4)
    fresh = CaptchaStore.generate_key()
    call_command("captcha_clean", verbosity=0)
    assert not CaptchaStore.objects.filter(hashkey__in=old).exists()
    assert CaptchaStore.objects.filter(hashkey=fresh).exists()


def test_cron_and_the_scheduler_unit_run_captcha_clean():
    cron = [line for line in (ROOT / "deploy" / "cron").read_text().splitlines() if "captcha_clean" in line]
    assert len(cron) == 1 and not cron[0].startswith("#")
    assert re.match(r"^\*/10\s+\*\s+\*\s+\*\s+\*\s+xcmz\s", cron[0])
    unit = (ROOT / "deploy" / "systemd" / "xcmz-scheduler.service").read_text()
    assert "manage.py captcha_clean" in unit
