from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: health endpoint, heartbeats' durable copy, backup and restore commands.

    Imports Django only, never the workflow apps, so that it keeps working
    (and the restore can run) whatever state those apps' tables are in.
    """

    name = "ops"
    verbose_name = "运行维护"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from fangguanfu.session_activity import mark_login_as_activity

        user_logged_in.connect(mark_login_as_activity, dispatch_uid="fangguanfu.session_activity")
