"""Data: 三审三校 on every page (issue 11.7). Its steps become ReviewTask (separation of duties), it
is assigned to Wagtail's root page, Wagtail's default 'Moderators approval' workflow is retired,
and the review groups get their page permissions on every site's home page. Same code as
`load_demo` (editorial.setup.setup_all), run on historical models."""

from django.db import migrations


def forwards(apps, schema_editor):
    from editorial.setup import setup_all

    setup_all(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0003_review_task"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
