from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "网站"

    def ready(self):
        from . import admin_chinese, checks, image_dimensions, signals  # noqa: F401

        admin_chinese.install()
        image_dimensions.install()

        from captcha.models import CaptchaStore
        from django.db.models.signals import post_save

        from .captcha import purge_on_new_captcha

        post_save.connect(purge_on_new_captcha, sender=CaptchaStore, dispatch_uid="captcha-purge-expired")
