"""`comments_changed`: sent after anything that changes what the public sees under a page.

Receivers (the page cache: `purge_cached_pages` below) get `page_ids` (a set of page ids whose comment list or count
changed), `action` ("approve", "reject", "reply", "delete") and `comment_ids`. It is sent after the
transaction commits, so a receiver that re-renders the page sees the new state.
"""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

comments_changed = Signal()


def send_comments_changed(action, comments):
    page_ids = {c.page_id for c in comments}
    comment_ids = [c.pk for c in comments]
    if not page_ids:
        return

    def send():
        from .models import Comment

        comments_changed.send(sender=Comment, page_ids=page_ids, action=action, comment_ids=comment_ids)

    transaction.on_commit(send)


@receiver(post_delete, sender="comments.Comment")
def comment_deleted(sender, instance, **kwargs):
    # Every way of deleting (one, many, with the page) tells the page cache.
    comment = sender(pk=instance.pk, page_id=instance.page_id)
    send_comments_changed("delete", [comment])


@receiver(comments_changed)
def purge_cached_pages(sender, page_ids, **kwargs):
    """The article shows the approved comments and their count: drop its cached copies."""
    from wagtail.models import Page

    from website.pagecache import purge_paths

    for page in Page.objects.filter(pk__in=page_ids):
        url = page.get_url()
        if url:
            purge_paths([url])
