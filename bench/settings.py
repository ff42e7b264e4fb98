"""Benchmark-only settings: production settings with what a plain-HTTP localhost run needs.

Never used in production. Differences from `website.settings.production`, and why:
- a fixed SECRET_KEY (production refuses to start without one);
- no HTTPS redirect and no secure-only cookies (wrk and the cluster check speak plain HTTP);
- the database and cache come from BENCH_DATABASE_URL / BENCH_REDIS_URL (run_all.py sets
  DATABASE_URL and REDIS_URL before this module is imported), SQLite in bench/_work otherwise;
- STATIC_ROOT in bench/_work, plus WHITENOISE_ROOT holding the reference copy of an article's
  HTML, served by whitenoise as a plain file (the ceiling for a Python server);
- bench/urls.py adds the minimal Django view (the framework's floor) in front of the site's URLs.
"""

import os
from pathlib import Path

WORK = Path(__file__).resolve().parent / "_work"
os.environ.setdefault("SECRET_KEY", "bench-only-fixed-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("MEDIA_ROOT", str(WORK / "media"))

from website.settings.production import *  # noqa: E402, F403
from website.settings.production import PAGE_CACHE_EXCLUDE_PREFIXES  # noqa: E402

ROOT_URLCONF = "bench.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STATIC_ROOT = WORK / "static"
WHITENOISE_ROOT = WORK / "root"
# The minimal view is a reference: it must not pay for the page-cache lookup either.
PAGE_CACHE_EXCLUDE_PREFIXES = (*PAGE_CACHE_EXCLUDE_PREFIXES, "/bench/")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

if os.environ.get("BENCH_PLAIN_STATIC"):
    # The cluster test in the PostgreSQL pass of the suite runs without collectstatic.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
