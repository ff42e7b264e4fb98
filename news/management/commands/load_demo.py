"""Build the demo site. Idempotent: a second run adds nothing and changes nothing editors made.

Each app may contribute demo content in a `demo` module with `load(home, stdout)`; they run in
INSTALLED_APPS order after the site itself (website.demo) is in place.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from website import demo as site_demo


class Command(BaseCommand):
    help = "创建演示站点：栏目树、演示文章和网站设置（可重复运行）。"

    def handle(self, *args, **options):
        with transaction.atomic():
            home = site_demo.load(self.stdout)
            for config in apps.get_app_configs():
                name = f"{config.name}.demo"
                if config.name == "website" or find_spec(config.name) is None:
                    continue
                if find_spec(name) is None:
                    continue
                module = import_module(name)
                if hasattr(module, "load"):
                    module.load(home, self.stdout)
            site_demo.load_sections(home, self.stdout)
        self.stdout.write(self.style.SUCCESS("演示站点已就绪。"))
