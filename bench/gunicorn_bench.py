"""gunicorn for the benchmark: the deploy/ config (gthread, 2 threads), 2 workers, no access log
(its cost is the same per request for every URL and would only blur the comparison) and no
worker recycling (the memory check must see whether a worker grows)."""

import os
import runpy
from pathlib import Path

_deploy = runpy.run_path(str(Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"))
for _name in ("worker_class", "threads", "timeout", "graceful_timeout", "keepalive", "forwarded_allow_ips"):
    globals()[_name] = _deploy[_name]

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
max_requests = 0
accesslog = None
errorlog = "-"
loglevel = "warning"
