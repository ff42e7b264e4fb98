"""`make run`: the development server, the publishing scheduler and the background worker (tasks:
docs/background-work.md), started and stopped together.

Scheduled publishing (go_live_at / expire_at) needs `publish_scheduled` every minute; in
production cron does that (deploy/cron). Here a child process (website/scheduler.py) runs it so
`make run` alone is enough.
"""

import ctypes
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def _die_with_parent():
    """Linux: the child gets SIGTERM when run_site ends, however it ends (runserver leaves with
    os._exit when its port is taken, which skips the `finally` below; a SIGTERM does too)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def follow_served_origin(port):
    """Without SITE_URL, canonical links, QR codes, the sitemap and robots.txt take their origin
    from the default Wagtail Site: point it at the address this server really answers on."""
    if settings.SITE_URL:
        return
    from wagtail.models import Site

    for site in Site.objects.filter(is_default_site=True):
        site.hostname, site.port = "127.0.0.1", int(port)
        site.save()  # save(), not update(): it clears Wagtail's cached site root paths
    settings.WAGTAILADMIN_BASE_URL = f"http://127.0.0.1:{port}"


class Command(BaseCommand):
    help = "启动开发服务器和定时发布进程。"

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, port, **options):
        follow_served_origin(port)
        scheduler = subprocess.Popen([sys.executable, "-m", "website.scheduler"], preexec_fn=_die_with_parent)
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "1", "--no-startup-delay"],
            preexec_fn=_die_with_parent,
        )
        try:
            # insecure_serving: static files are served with DEBUG off too (DEBUG is off unless DEBUG=1).
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=True)
        finally:
            for child in (scheduler, worker):
                child.terminate()
            for child in (scheduler, worker):
                child.wait(timeout=10)
