from django.contrib import admin

from agencies.people import person_column

from .models import Notification, Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "channel", "recipient", "period", "status", "attempts", "next_attempt_at", "created_at",
                    "sent_at"]
    list_filter = ["kind", "channel", "status"]
    search_fields = ["recipient", "subject"]
    readonly_fields = ["key", "task_ids", "created_at", "sent_at", "next_attempt_at"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient_name", "created_at", "read_at"]
    recipient_name = person_column("recipient", "接收人")
    list_select_related = ["recipient"]

from . import schedule_admin  # noqa: E402,F401  (周期任务 as the office edits it)
