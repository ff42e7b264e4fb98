"""An index on wagtailcore_page.url_path: website.routing finds a page by its url_path in one
query, which without it reads every row of the page table (O(number of pages) per request).
A hash index on PostgreSQL (equality only, no length limit on the key), a b-tree elsewhere."""

from django.db import migrations

NAME = "website_page_url_path_idx"


def create(apps, schema_editor):
    method = "USING hash " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page {method}(url_path)")


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0004_home_sections_footer"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
