"""Data: the 三审三校 groups and workflow, its assignment to pages that already exist, and the
starting list of 规范用语. Shares its code with `load_demo` (editorial.setup), run on historical models."""

from django.db import migrations


def forwards(apps, schema_editor):
    from editorial.setup import setup_all

    setup_all(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
