"""Without Redis, every process of `make run` shares one cache (issue 11.8): a purge made by the
scheduler process reaches the web server, so a timed go-live shows in the lists at once."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client, override_settings
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def file_caches(directory):
    return {
        alias: {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(directory / alias)}
        for alias in ("default", "renditions")
    }


def test_default_cache_without_redis_is_shared_between_processes():
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='website.settings.dev'; django.setup(); {code}",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "django.core.cache.backends.filebased.FileBasedCache"


def test_purge_from_a_second_process_reaches_the_server(tmp_path, columns, article):
    column = columns["bmdt"]
    with override_settings(CACHES=file_caches(tmp_path), PAGE_CACHE_ENABLED=True):
        assert Client().get(column.url)["X-Page-Cache"] == "miss"
        assert Client().get(column.url)["X-Page-Cache"] == "hit"
        # What the scheduler's go-live changes, written without this process hearing of it.
        Page.objects.filter(pk=article.pk).update(title="定时发布的新标题")
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
        env.update(DJANGO_SETTINGS_MODULE="website.settings.dev", CACHE_DIR=str(tmp_path))
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); from website.pagecache import purge_paths; "
                f"purge_paths([{column.url!r}])",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
            timeout=60,
        )
        response = Client().get(column.url)
    assert response["X-Page-Cache"] == "miss"
    assert "定时发布的新标题" in response.content.decode()
