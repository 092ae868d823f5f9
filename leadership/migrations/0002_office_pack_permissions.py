"""The office (督查室) keeps the dispatch meetings, the 考核 scheme and the 通报 template in the admin; leadership views them.

Depends on agencies' 0002 only in the migration graph (no import): that migration creates the role groups
and *sets* their permissions, so running before it would have our grants wiped. Group names are spelled
here (a migration keeps its own copy); the granting is agencies.group_grants, as for the other rooms.
"""

from django.db import migrations

from agencies import group_grants

MODELS = ["dispatchmeeting", "scoringscheme", "briefingtemplate"]
OFFICE_GROUP, LEADER_GROUP = "督查室", "领导"
OFFICE_GRANTS = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
LEADER_GRANTS = [f"view_{model}" for model in MODELS]


def grant(apps, schema_editor):
    group_grants.grant(apps, OFFICE_GROUP, "leadership", OFFICE_GRANTS)
    group_grants.grant(apps, LEADER_GROUP, "leadership", LEADER_GRANTS)


def revoke(apps, schema_editor):
    group_grants.revoke(apps, OFFICE_GROUP, "leadership", OFFICE_GRANTS)
    group_grants.revoke(apps, LEADER_GROUP, "leadership", OFFICE_GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("leadership", "0001_initial"),
        ("agencies", "0002_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
