"""Two app servers sharing PostgreSQL and Redis stay consistent (the checks of bench/cluster.sh).

Runs only in the PostgreSQL pass with REDIS_URL set: two gunicorn processes (bench settings, page
cache on) against the test database; cheap (no migrate, no collectstatic).
"""

import os
import secrets

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"] or not os.environ.get("REDIS_URL"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
    ),
    # Committed data: the app servers are other processes.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def tree_root(transactional_db):
    """The page tree's root and the default locale, which migrations create and an earlier
    transactional test's flush may have removed."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is None:
        locale, _ = Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


@pytest.fixture
def cluster():
    from bench.common import Gunicorn, Target

    params = connection.get_connection_params()
    user = params.get("user") or "postgres"
    host = params.get("host") or "127.0.0.1"
    port = params.get("port") or 5432
    password = f":{params['password']}" if params.get("password") else ""
    url = f"postgres://{user}{password}@{host}:{port}/{settings.DATABASES['default']['NAME']}"
    target = Target(url, os.environ["REDIS_URL"])
    servers = [
        Gunicorn(target, workers=1, PAGE_CACHE_ENABLED=1, BENCH_PLAIN_STATIC=1, CONN_MAX_AGE=0) for _ in range(2)
    ]
    try:
        for server in servers:
            server.start()
        yield target, servers[0], servers[1]
    finally:
        for server in servers:
            server.stop()
        connection.close()


@pytest.fixture
def shared_article(tree_root, home, make_article):
    article = make_article("我市提高城乡低保标准", slug="dibao-cluster", paragraphs=["城乡低保标准提高到每月860元。"])
    return article


def _article_info(target, article):
    password = secrets.token_urlsafe(12)
    target.manage("ensure_admin", ADMIN_PASSWORD=password)
    return {
        "id": article.pk,
        "url": article.url,
        "column_url": article.get_parent().url,
        "base_title": article.title,
        "password": password,
    }


def test_publish_through_a_is_fresh_on_b_and_views_add_up(shared_article, cluster):
    from bench.cluster import check_comments, check_publish, check_views

    target, a, b = cluster
    info = _article_info(target, shared_article)
    lines = []
    assert check_publish(target, a, b, info, lines), "\n".join(lines)
    assert check_views(target, a, b, info, lines), "\n".join(lines)
    assert check_comments(target, a, b, info, lines) is True, "\n".join(lines)
