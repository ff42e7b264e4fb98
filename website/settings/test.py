"""Test settings: fast password hashing, quiet logs, files in a temporary folder."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run at once, in the caller (tests that exercise the queue and the worker say so).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="xcmz-test-media-")
SERVE_MEDIA = True  # as under `make run` (browser tests show images)
WORKS_HELD_UPLOADS_DIR = tempfile.mkdtemp(prefix="xcmz-test-held-")  # placenames.held
ALLOWED_HOSTS = ["*"]
SITE_URL = "https://mzj.xuancheng.gov.cn"
WAGTAILADMIN_BASE_URL = SITE_URL
PAGE_CACHE_ENABLED = False  # tests of the page cache turn it on themselves
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
STORAGES = {
    "default": {"BACKEND": "website.storage.SafeFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if not REDIS_URL:  # noqa: F405
    # Each test process keeps its own cache (tests clear it); tests of the shared file cache
    # that `make run` uses override CACHES themselves.
    CACHES = {  # noqa: F405
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "xcmz", "TIMEOUT": 600},
        "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "xcmz-r"},
    }

# SQLite: a real file (not shared-cache memory) so threads in the concurrency tests wait on locks
# instead of failing with "database table is locked".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"xcmz-test-{os.getpid()}.sqlite3")
    }

# Parallel test workers (pytest-xdist) each get a Redis database of their own, so one worker's
# cache.clear() never empties another's page cache mid-test.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and REDIS_URL:  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    _parts = urlsplit(REDIS_URL)  # noqa: F405
    _location = urlunsplit(_parts._replace(path=f"/{2 + int(_worker[2:])}"))
    for _alias in CACHES.values():  # noqa: F405
        _alias["LOCATION"] = _location
