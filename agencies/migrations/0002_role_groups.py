"""Create one Django group per role with the model permissions it carries.

Office staff edit everything in the admin; leadership only views. Liaisons and
heads hold no admin permissions: they act only through the pages and API,
where each request is scoped to their agency.
"""

from django.db import migrations

OFFICE_MODELS = {
    "agencies": ["agency", "agencyalias", "userprofile"],
    "documents": ["document", "plan", "section"],
    "tasks": [
        "task", "assignment", "progressreport", "reportattachment", "signoffrequest", "review",
        "taskevent", "reminder", "notification", "officesettings",
    ],
}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(actions):
        found = []
        for app_label, models in OFFICE_MODELS.items():
            for model in models:
                for action in actions:
                    found += list(
                        Permission.objects.filter(content_type__app_label=app_label, codename=f"{action}_{model}")
                    )
        return found

    office, _ = Group.objects.get_or_create(name="督查室")
    office.permissions.set(perms(["add", "change", "delete", "view"]))
    leader, _ = Group.objects.get_or_create(name="领导")
    leader.permissions.set(perms(["view"]))
    Group.objects.get_or_create(name="联络员")
    Group.objects.get_or_create(name="单位负责人")


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["督查室", "领导", "联络员", "单位负责人"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("documents", "0001_initial"),
        ("tasks", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
