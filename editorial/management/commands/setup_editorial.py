"""Re-apply 三审三校 after the column tree was built by hand (the migration only sees pages that existed)."""

from django.apps import apps
from django.core.management.base import BaseCommand

from editorial.setup import WHOLE_SITE_MESSAGE, setup_all


class Command(BaseCommand):
    help = "创建“三审三校”审核流程和审核组，并应用于全站所有栏目（可重复运行）。"

    def handle(self, *args, **options):
        setup_all(apps)
        self.stdout.write(self.style.SUCCESS(WHOLE_SITE_MESSAGE))
