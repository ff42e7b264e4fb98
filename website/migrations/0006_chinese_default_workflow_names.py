"""Wagtail's migration 0048 names its default workflow and task "Moderators approval" (in English,
in the database); editors saw it in the workflow reports' filters. Renamed to Chinese (issue 11.9),
only where still called that, so a name an administrator chose is kept."""

from django.db import migrations

ENGLISH, CHINESE = "Moderators approval", "审核员审批"


def rename(apps, old, new):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    rename(apps, ENGLISH, CHINESE)


def backwards(apps, schema_editor):
    rename(apps, CHINESE, ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0005_page_url_path_index"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
