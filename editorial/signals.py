"""Put a 红色地名 column under 三审三校 as soon as it is created, whatever order the apps load in."""

from django.apps import apps
from django.db.models.signals import post_save


def protect_new_column(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .setup import protect_pages

        protect_pages(apps, [instance.pk])


if apps.is_installed("placenames"):
    try:
        column_model = apps.get_model("placenames", "PlaceNameColumnPage")
    except LookupError:
        column_model = None
    if column_model is not None:
        post_save.connect(protect_new_column, sender=column_model, dispatch_uid="editorial-protect-column")
