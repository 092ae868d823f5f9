"""The office (督查室) sees login failures and lockouts in the admin and lifts one by deleting it.

Deleting an AccessAttempt row is how django-axes unlocks an account and
address; the access log is read-only evidence (who logged in, from where).
The leaders' group gets nothing here: unlocking is the office's job.
"""

from django.db import migrations

GRANTS = {
    "accessattempt": ["view", "delete"],
    "accesslog": ["view"],
    "accessfailurelog": ["view"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; this one needs axes' now.
    axes_config = apps.get_app_config("axes")
    saved = getattr(axes_config, "models_module", None)  # a migration state stub may not have it
    axes_config.models_module = True
    create_permissions(axes_config, apps=apps, verbosity=0)
    axes_config.models_module = saved

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    office, _ = Group.objects.get_or_create(name="督查室")
    for model, actions in GRANTS.items():
        codenames = [f"{action}_{model}" for action in actions]
        office.permissions.add(
            *Permission.objects.filter(content_type__app_label="axes", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    office = Group.objects.filter(name="督查室").first()
    if office is not None:
        office.permissions.remove(*Permission.objects.filter(content_type__app_label="axes"))


class Migration(migrations.Migration):
    dependencies = [
        ("ops", "0001_initial"),
        ("agencies", "0002_role_groups"),
        ("axes", "0010_accessattemptexpiration"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
