"""Keep cached site chrome (the main menu) in step with publishing."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .templatetags.site_tags import MENU_CACHE_KEY


def clear_menu(**kwargs):
    cache.delete_many([MENU_CACHE_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)])


page_published.connect(clear_menu)
page_unpublished.connect(clear_menu)
post_page_move.connect(clear_menu)
post_delete.connect(clear_menu, sender=Page)


def clear_sensitive_words(**kwargs):
    from .models import SENSITIVE_WORDS_CACHE_KEY

    cache.delete(SENSITIVE_WORDS_CACHE_KEY)


post_save.connect(clear_sensitive_words, sender="website.SensitiveWord")
post_delete.connect(clear_sensitive_words, sender="website.SensitiveWord")
