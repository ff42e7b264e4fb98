from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "网站"

    def ready(self):
        from . import admin_chinese, checks, signals  # noqa: F401

        admin_chinese.install()
