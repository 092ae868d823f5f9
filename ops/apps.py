from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: health endpoint, heartbeats' durable copy, backup and restore commands.

    Imports Django only, never the workflow apps, so that it keeps working
    (and the restore can run) whatever state those apps' tables are in.
    """

    name = "ops"
    verbose_name = "运行维护"
    default_auto_field = "django.db.models.BigAutoField"
