"""The office (督查室) keeps the dispatch meetings, the 考核 scheme and the 通报 template in the admin; leadership views them.

Depends on agencies' 0002 only in the migration graph (no import): that migration creates the role groups
and *sets* their permissions, so running before it would have our grants wiped. Group names are spelled
here because migrations must not import app code (agencies.choices.ROLE_GROUPS holds the same names).
"""

from django.db import migrations

MODELS = ["dispatchmeeting", "scoringscheme", "briefingtemplate"]
OFFICE_GROUP, LEADER_GROUP = "督查室", "领导"


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; this migration needs them now.
    app_config = apps.get_app_config("leadership")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(actions):
        codenames = [f"{action}_{model}" for model in MODELS for action in actions]
        return Permission.objects.filter(content_type__app_label="leadership", codename__in=codenames)

    office, _ = Group.objects.get_or_create(name=OFFICE_GROUP)
    office.permissions.add(*perms(["add", "change", "delete", "view"]))
    leader, _ = Group.objects.get_or_create(name=LEADER_GROUP)
    leader.permissions.add(*perms(["view"]))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    found = Permission.objects.filter(content_type__app_label="leadership", codename__in=codenames)
    for group in Group.objects.filter(name__in=[OFFICE_GROUP, LEADER_GROUP]):
        group.permissions.remove(*found)


class Migration(migrations.Migration):
    dependencies = [
        ("leadership", "0001_initial"),
        ("agencies", "0002_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
