from django.apps import AppConfig


class RemindersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reminders"
    verbose_name = "提醒与消息"

    def ready(self):
        from tasks.signals import event_recorded

        from .notices import record_notice

        # The workflow services (tasks, reporting) send it; they never import this room.
        event_recorded.connect(record_notice, dispatch_uid="reminders.notices.record_notice")
        from . import urging  # noqa: F401  (connects the 催办 delivery to tasks.signals.event_recorded)
