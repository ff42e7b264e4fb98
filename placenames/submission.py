"""Storing a checked submission: the cleaned picture as a Wagtail image (or the video as
wagtailmedia media with a poster) in the 作品征集 collection, and the pending Work. All in one
transaction; files already written are removed again if anything fails, so nothing is left
half-saved."""

import io
import uuid

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection
from wagtailmedia import get_media_model

from . import posters
from .models import Work
from .moderation import SUBMIT

COLLECTION_NAME = "作品征集"


def works_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def _random_name(extension):
    # Unguessable names: a pending work's file must not be found by trying URLs.
    return f"work-{uuid.uuid4().hex}.{extension}"


def save_submission(cleaned, checked):
    """Create and return the pending Work for a valid form's `cleaned_data` and checked file."""
    written = []  # field files that may have reached the storage
    try:
        with transaction.atomic():
            collection = works_collection()
            work = Work(
                title=cleaned["title"],
                kind=cleaned["kind"],
                story=cleaned.get("story"),
                place_name=cleaned.get("place_name") or "",
                description=cleaned.get("description") or "",
                author_name=cleaned["author_name"],
                phone=cleaned["phone"],
                consent=cleaned["consent"],
            )
            if work.kind == Work.Kind.VIDEO:
                upload = cleaned["file"]
                upload.seek(0)
                media = get_media_model()(
                    title=work.title,
                    type="video",
                    collection=collection,
                    width=checked.width,
                    height=checked.height,
                    duration=round(checked.duration, 2),
                )
                media.file = File(upload, name=_random_name("mp4"))
                media.thumbnail = ContentFile(posters.poster_for(upload, work.title), name=_random_name("jpg"))
                written += [media.file, media.thumbnail]
                media.save()
                work.video = media
            else:
                image = get_image_model()(title=work.title, collection=collection)
                image.file = ImageFile(io.BytesIO(checked.content), name=_random_name(checked.extension))
                written.append(image.file)
                image._set_image_file_metadata()
                image.save()
                work.image = image
            work.save()
            log(instance=work, action=SUBMIT, user=None, data={"kind": work.kind})
    except BaseException:
        for field_file in written:
            if field_file.name and getattr(field_file, "_committed", False):
                field_file.storage.delete(field_file.name)
        raise
    return work
