"""The 评论审核员 group: can open the admin and moderate comments, cannot edit pages.

Used by the data migration (with historical models) and by tests that run after a transactional
test has emptied the tables."""

GROUP_NAME = "评论审核员"
PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("comments", "view_comment"),
    ("comments", "change_comment"),
    ("comments", "delete_comment"),
]


def ensure_moderator_group(apps=None):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    if apps is not global_apps:
        # In a migration, permissions are normally created only after all migrations ran.
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, codename in PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            group.permissions.add(permission)
    return group
