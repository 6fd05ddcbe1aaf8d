"""The two staff roles: Editors write drafts; Publishers review and publish them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = [
    "authority",
    "doctrine",
    "doctrinecitation",
    "agency",
    "officerkind",
    "jurisdiction",
    "limitationperiod",
    "noticerule",
    "route",
    "routecitation",
    "routedoctrine",
    "rule",
    "rulecitation",
    "myth",
    "mythcitation",
    "term",
]


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now to attach them.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editing = Permission.objects.filter(
        content_type__app_label="liability",
        codename__in=[f"{action}_{model}" for model in CONTENT for action in ("add", "change", "delete", "view")],
    )
    viewing = Permission.objects.filter(
        content_type__app_label="liability", codename__in=["view_contentversion", "view_share"]
    )
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set([*editing, *viewing])
    publisher, _ = Group.objects.get_or_create(name="Publisher")
    publisher.permissions.set(
        [*editing, *viewing, *Permission.objects.filter(codename="publish_contentversion")]
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Publisher"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("liability", "0003_publishing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
