"""A gunicorn worker killed with SIGKILL on the production stack (issue 12): nginx (TLS) in front of
gunicorn (website.settings.production, deploy/gunicorn.conf.py, 2 workers), PostgreSQL and Redis,
started by the `stack` fixture of test_production_stack.py.

- Killed in the middle of a request (held on a PostgreSQL lock, so it is surely in the worker):
  the visitor gets nginx's Chinese 502 page (no traceback), the half-done write (a view being
  counted) is rolled back by PostgreSQL, the master starts a new worker and the next request is 200.
- Every worker killed just before a request: the request waits in the listening socket's queue
  (the master holds it) for the new workers and succeeds, or gets the Chinese 502 page; the next
  one is 200.
"""

import os
import signal
import threading
import time

import pytest
from django.conf import settings
from django.db import connection, transaction

from tests.scenarios.processes import _master, _worker_of_backend, _workers
from tests.scenarios.test_production_stack import _INSECURE, GUNICORN, NGINX, UA, _get, stack  # noqa: F401

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"] or not os.environ.get("REDIS_URL"),
        reason="需要 PostgreSQL 和 Redis（设置 DATABASE_URL、REDIS_URL）",
    ),
    pytest.mark.skipif(not NGINX or not GUNICORN, reason="需要 nginx 和 gunicorn"),
    pytest.mark.django_db(transaction=True),
]
NGINX_502 = "抱歉，网站暂时无法访问"


def _post(url):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=b"", method="POST", headers={"User-Agent": UA})
    try:
        with urllib.request.urlopen(request, timeout=60, context=_INSECURE) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def _waiting_backend(timeout=20):
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is a snapshot per transaction
            cursor.execute(
                "SELECT client_port FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND query ILIKE %s",
                ["%news_pageviewcount%"],
            )
            row = cursor.fetchone()
            if row:
                return row[0]
            time.sleep(0.1)
    pytest.fail("the view counter's request never reached the database lock")


def test_a_worker_killed_mid_request_gives_the_chinese_502_and_is_replaced(stack, make_article):  # noqa: F811
    from news.models import PageViewCount, PageViewDay

    base = stack["url"]
    article = make_article("工作进程被终止的测试文章", slug="worker-killed")
    assert _get(base + article.url)[0] == 200
    master = _master()
    before = _workers(master)

    result = {}
    started = time.monotonic()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE news_pageviewcount IN ACCESS EXCLUSIVE MODE")
        sender = threading.Thread(target=lambda: result.update(answer=_post(f"{base}/views/{article.pk}/")))
        sender.start()
        victim = _worker_of_backend(before, _waiting_backend())  # the worker holding the request
        os.kill(victim, signal.SIGKILL)
        sender.join(30)
    assert not sender.is_alive()
    status, body = result["answer"]
    assert status == 502, (status, body[:300])
    assert NGINX_502 in body and "Traceback" not in body
    # The killed worker's transaction never committed: the view it was counting is not stored.
    time.sleep(0.5)
    assert not PageViewCount.objects.filter(page_id=article.pk).exists()
    assert not PageViewDay.objects.filter(page_id=article.pk).exists()

    after = _workers(master)
    assert victim not in after and len(after) == 2
    status, body = _post(f"{base}/views/{article.pk}/")
    assert status == 200 and '"counted": true' in body
    assert _get(base + article.url)[0] == 200
    print(f"worker {victim} killed mid-request; replaced by {sorted(set(after) - set(before))}")
    print(f"{time.monotonic() - started:.1f} s from the lock to the next 200")


def test_every_worker_killed_just_before_a_request(stack, make_article):  # noqa: F811
    base = stack["url"]
    article = make_article("全部工作进程被终止的测试文章", slug="workers-killed")
    assert _get(base + article.url)[0] == 200
    master = _master()
    before = _workers(master)
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    started = time.monotonic()
    status, _headers, body = _get(base + article.url)
    waited = time.monotonic() - started
    assert status in (200, 502), status
    assert ("工作进程被终止" in body) if status == 200 else (NGINX_502 in body)
    after = _workers(master)
    assert not set(after) & set(before)
    assert _get(base + article.url)[0] == 200
    assert _get(base + "/")[0] == 200
    print(f"all workers killed: first request {status} after {waited:.1f} s; new workers {after}")


@pytest.mark.stack_env(CONN_MAX_AGE="60")  # production's default: connections kept between requests
def test_a_restarted_database_is_reconnected_without_an_error(stack, make_article):  # noqa: F811
    """PostgreSQL restarted (every app-server connection terminated) while gunicorn keeps its
    connections: the health check at the start of the next request notices and reconnects."""
    base = stack["url"]
    article = make_article("数据库重启的测试文章", slug="database-restarted")
    for _ in range(6):  # both workers and their threads hold a connection now
        assert _get(base + article.url)[0] == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        terminated = len(cursor.fetchall())
    assert terminated >= 1
    statuses = [
        _get(base + path)[0] for path in [article.url, "/", "/qa/?q=%E4%BD%8E%E4%BF%9D", article.url, "/", article.url]
    ]
    assert statuses == [200] * 6, statuses
    print(f"{terminated} app-server connections terminated; next requests: {statuses}")
