from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "leadership"
    verbose_name = "领导驾驶舱"
