from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "编辑审核"

    def ready(self):
        from . import signals  # noqa: F401
