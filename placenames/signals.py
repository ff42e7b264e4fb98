"""Signals of the works (作品) review, and clean-up of the files a work owns.

`work_moderated` is sent after an editor approves or rejects a work and the change is committed,
with `work`, `action` ("approve" or "reject"), `story` (the story page it belongs to, or None)
and `user`. The page cache listens to it to purge the story page and the column.
"""

from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

work_moderated = Signal()


@receiver(post_delete, sender="placenames.Work")
def delete_work_files(sender, instance, **kwargs):
    """A work's picture or video was made for it alone: deleting the work deletes them."""
    if instance.image_id:
        from wagtail.images import get_image_model

        for image in get_image_model().objects.filter(pk=instance.image_id):
            image.delete()
    if instance.video_id:
        from wagtailmedia import get_media_model

        for media in get_media_model().objects.filter(pk=instance.video_id):
            media.delete()


@receiver(work_moderated)
def purge_cached_pages(sender, work, story=None, **kwargs):
    """An approved (or withdrawn) work changes its story's gallery and the column's listing."""
    from website.pagecache import purge_page

    from .models import PlaceNameColumnPage

    if story is not None:
        purge_page(story)
    for column in PlaceNameColumnPage.objects.live():
        purge_page(column)
