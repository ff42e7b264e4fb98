"""`make run`: the development server plus the publishing scheduler, started and stopped together.

Scheduled publishing (go_live_at / expire_at) needs `publish_scheduled` every minute; in
production cron does that (deploy/cron). Here a child process runs it so `make run` alone is enough.
"""

import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

SCHEDULER = "import time, subprocess, sys\nwhile True:\n    subprocess.call([sys.executable, 'manage.py', 'publish_scheduled'], stdout=subprocess.DEVNULL)\n    time.sleep(60)\n"


class Command(BaseCommand):
    help = "启动开发服务器和定时发布进程。"

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, port, **options):
        scheduler = subprocess.Popen([sys.executable, "-c", SCHEDULER])
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            scheduler.terminate()
            scheduler.wait(timeout=10)
