from django.apps import AppConfig


class PlacenamesConfig(AppConfig):
    name = "placenames"
    verbose_name = "红色地名"

    def ready(self):
        from . import signals, uploads  # noqa: F401  (connects the clean-up receivers)

        uploads.bound_pillow()
