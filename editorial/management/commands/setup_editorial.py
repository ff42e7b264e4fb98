"""Re-apply 三审三校 after the column tree was built by hand (the migration only sees pages that existed)."""

from django.apps import apps
from django.core.management.base import BaseCommand

from editorial.setup import default_page_ids, setup_all


class Command(BaseCommand):
    help = "创建“三审三校”审核流程和审核组，并应用于资讯中心和红色地名栏目（可重复运行）。"

    def handle(self, *args, **options):
        setup_all(apps)
        self.stdout.write(self.style.SUCCESS(f"三审三校已应用于 {len(default_page_ids(apps))} 个栏目。"))
