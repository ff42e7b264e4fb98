"""Keep cached site chrome (the main menu) in step with publishing."""

from django.core.cache import cache
from django.db.models.signals import post_delete
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .templatetags.site_tags import MENU_CACHE_KEY


def clear_menu(**kwargs):
    cache.delete_many([MENU_CACHE_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)])


page_published.connect(clear_menu)
page_unpublished.connect(clear_menu)
post_page_move.connect(clear_menu)
post_delete.connect(clear_menu, sender=Page)
