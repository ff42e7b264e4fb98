from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "网站"

    def ready(self):
        from . import signals  # noqa: F401
