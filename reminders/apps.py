from django.apps import AppConfig


class RemindersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reminders"
    verbose_name = "提醒与消息"

    def ready(self):
        from . import urging  # noqa: F401  (connects the 催办 delivery to tasks.signals.event_recorded)
