"""Model permissions for the role groups, granted by data migrations (`apps` is the migration's app registry).

Permissions are normally created after all migrations have run; a migration
that grants them creates them for the one app first. Safe to run again.
"""


def ensure_permissions(apps, app_label: str) -> None:
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config(app_label)
    saved = getattr(config, "models_module", None)  # a migration state stub may not have it
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = saved


def grant(apps, group_name: str, app_label: str, codenames: list[str]) -> None:
    ensure_permissions(apps, app_label)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def revoke(apps, group_name: str, app_label: str, codenames: list[str]) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=group_name).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
