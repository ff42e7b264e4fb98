"""Navigation for the site chrome."""

from django import template
from django.core.cache import cache
from wagtail.models import Site

register = template.Library()

MENU_CACHE_KEY = "main-menu:v1:{site_id}"


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Top-level pages marked 'show in menus' as (title, url) pairs; cached until a page is published."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    key = MENU_CACHE_KEY.format(site_id=site.pk)
    items = cache.get(key)
    if items is None:
        pages = site.root_page.get_children().live().public().in_menu().only("id", "title", "url_path")
        items = [(page.title, page.get_url(request)) for page in pages]
        cache.set(key, items, 3600)
    return items
