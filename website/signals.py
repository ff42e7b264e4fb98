"""Keep caches in step with content: the full-page cache, the main menu and the word lists."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils.encoding import escape_uri_path
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import pagecache
from .templatetags.site_tags import MENU_CACHE_KEY


def clear_menu(**kwargs):
    cache.delete_many([MENU_CACHE_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)])


def purge_published(sender, instance, **kwargs):
    clear_menu()
    pagecache.purge_page(instance)


def purge_moved(sender, instance, parent_page_before=None, url_path_before=None, **kwargs):
    clear_menu()
    paths = pagecache.paths_for_page(instance)
    if parent_page_before is not None:
        paths += pagecache.paths_for_page(parent_page_before)
    if url_path_before:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        root = site.root_page.url_path if site else "/"
        if url_path_before.startswith(root):
            # url_path is stored decoded; purge_paths takes what a browser sends (encoded).
            paths.append(escape_uri_path("/" + url_path_before[len(root) :]))
    pagecache.purge_paths(paths)


def purge_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.depth > 1:
        clear_menu()
        pagecache.purge_page(instance)


page_published.connect(purge_published)
page_unpublished.connect(purge_published)
post_page_move.connect(purge_moved)
pre_delete.connect(purge_deleted)


def clear_sensitive_words(**kwargs):
    from .models import SENSITIVE_WORDS_CACHE_KEY

    cache.delete(SENSITIVE_WORDS_CACHE_KEY)


post_save.connect(clear_sensitive_words, sender="website.SensitiveWord")
post_delete.connect(clear_sensitive_words, sender="website.SensitiveWord")
