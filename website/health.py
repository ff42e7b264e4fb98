"""`/healthz` for load balancers: 200 when the database and the cache answer, 503 otherwise."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
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
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
