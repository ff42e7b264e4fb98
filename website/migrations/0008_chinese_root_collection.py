"""Wagtail's migrations name the root collection "Root", in English, in the database: editors saw
it as the 集合 of every image and document they uploaded. Renamed to Chinese, only where still
called that, so a name an administrator chose is kept. (Wagtail's "Moderators" and "Editors" groups
keep their names: later migrations of Wagtail and its add-ons look them up by name.)"""

from django.db import migrations

ENGLISH, CHINESE = "Root", "全部"


def rename(apps, old, new):
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name=old).update(name=new)


def forwards(apps, schema_editor):
    rename(apps, ENGLISH, CHINESE)


def backwards(apps, schema_editor):
    rename(apps, CHINESE, ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0007_starter_sensitive_words"),
        ("wagtailcore", "0026_group_collection_permission"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
