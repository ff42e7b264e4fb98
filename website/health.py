"""`/healthz` for load balancers: 200 when the database and the cache answer, 503 otherwise.

It also says how far the background worker is behind (`tasks_waiting`, `tasks_oldest_seconds`;
docs/background-work.md). That never fails the check: pages are served without the worker, and a
load balancer must not take every server out because one queue is slow. Monitoring alerts on it.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

logger = logging.getLogger("website.health")


@never_cache
def healthz(request):
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as e:  # noqa: BLE001
        logger.error("health check: database unavailable: %s", type(e).__name__)
        checks["database"] = "error"
    try:
        probe = f"healthz:{uuid.uuid4().hex}"
        cache.set(probe, "1", 5)
        ok = cache.get(probe) == "1"
        cache.delete(probe)
        checks["cache"] = "ok" if ok else "error"
    except Exception as e:  # noqa: BLE001
        logger.error("health check: cache unavailable: %s", type(e).__name__)
        checks["cache"] = "error"
    healthy = all(v == "ok" for v in checks.values())
    queue = _task_queue() if checks["database"] == "ok" else {}
    return JsonResponse({"status": "ok" if healthy else "error", **checks, **queue}, status=200 if healthy else 503)


def _task_queue():
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
        return {}
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    try:
        row = DBTaskResult.objects.filter(status=TaskResultStatus.READY).aggregate(
            n=Count("id"), oldest=Min("enqueued_at")
        )
    except Exception as e:  # noqa: BLE001 - information only
        logger.warning("health check: task queue unreadable: %s", type(e).__name__)
        return {}
    oldest = (timezone.now() - row["oldest"]).total_seconds() if row["oldest"] else 0
    return {"tasks_waiting": row["n"], "tasks_oldest_seconds": int(oldest)}
