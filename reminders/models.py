"""Reminders recorded before they are sent, and the in-app inbox (站内消息).

The tables keep the names they had when these models lived in tasks/ (db_table).
"""

from django.conf import settings
from django.db import models

from .choices import Channel, DeliveryStatus, ReminderKind

USER = settings.AUTH_USER_MODEL


class Reminder(models.Model):
    """One reminder to one recipient on one channel, recorded before it is sent.

    `key` is derived from (recipient, kind, period, channel, covered tasks) and
    is unique in the database: a second sweep, a redelivered Celery message or
    a second beat cannot record, and therefore cannot send, the same reminder.
    """

    key = models.CharField("去重键", max_length=64, unique=True)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="单位", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    recipient = models.CharField("接收方", max_length=255, help_text="单位、邮箱或“督查室”")
    kind = models.CharField("类型", max_length=20, choices=ReminderKind.choices)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    period = models.CharField("周期", max_length=20, help_text="如 2021-09-30 或 2021-09")
    task_ids = models.JSONField("涉及任务", default=list)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    status = models.CharField("发送状态", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    # The outbox's clock (reminders/outbox.py): a row is due when this is empty or past. Claiming a row
    # for a send sets it a lease ahead (a worker killed mid-send leaves it to the next drain once the
    # lease ends); a failure sets it to the next retry, minutes then hours later.
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        db_table = "tasks_reminder"
        verbose_name = "提醒记录"
        verbose_name_plural = "提醒记录"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "channel"], name="reminder_status_channel_idx"),
            models.Index(fields=["next_attempt_at"], condition=models.Q(status__in=["pending", "failed"]),
                         name="reminder_outbox_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} ({self.get_channel_display()})"


class Notification(models.Model):
    """The in-app inbox (站内消息)."""

    recipient = models.ForeignKey(USER, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications")
    reminder = models.ForeignKey(
        Reminder, verbose_name="提醒", null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        db_table = "tasks_notification"
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "reminder"], name="notification_once_per_reminder"),
        ]

    def __str__(self) -> str:
        return self.title
