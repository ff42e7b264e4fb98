"""The 评论审核员 group (comments.groups): moderates comments, has no page permissions."""

from django.db import migrations


def create_group(apps, schema_editor):
    from comments.groups import ensure_moderator_group

    ensure_moderator_group(apps)


def remove_group(apps, schema_editor):
    from comments.groups import GROUP_NAME

    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
