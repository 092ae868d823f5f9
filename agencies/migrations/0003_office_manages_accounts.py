"""The office (督查室) manages accounts in the admin: create, edit 姓名/email/role, reset passwords, deactivate.

No delete: a person who leaves is deactivated, so their reports and reviews keep
a name. The admin hides superuser, staff and permission fields from the office
(agencies/admin.py); staff status and the role group follow the profile's role.
"""

from django.db import migrations

from agencies import group_grants

OFFICE_GRANTS = ["view_user", "add_user", "change_user"]


def grant(apps, schema_editor):
    group_grants.grant(apps, "督查室", "auth", OFFICE_GRANTS)


def revoke(apps, schema_editor):
    group_grants.revoke(apps, "督查室", "auth", OFFICE_GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
