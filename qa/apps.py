from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "qa"
    verbose_name = "站内搜索与智能问答"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
