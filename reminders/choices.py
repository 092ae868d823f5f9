"""Choices of reminders and their delivery."""

from django.db import models


class ReminderKind(models.TextChoices):
    UPCOMING = "upcoming", "临期提醒"
    OVERDUE = "overdue", "逾期提醒"
    ESCALATION = "escalation", "逾期升级"
    ROLL_CALL = "roll_call", "月度调度"
    OFFICE_DIGEST = "office_digest", "督查室日报"
    NOTICE = "notice", "办理通知"  # a decision on the agency's work (reminders/notices.py), one per event
    ACK_OVERDUE = "ack_overdue", "超期未签收"
    URGE = "urge", "催办"


class Channel(models.TextChoices):
    EMAIL = "email", "邮件"
    INBOX = "inbox", "站内消息"
    WEBHOOK = "webhook", "Webhook"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
    # Never sent, and no longer worth sending: a fresher reminder of the same kind went to the same
    # recipient on the same channel (yesterday's overdue list beside today's), or it failed for a day.
    SUPERSEDED = "superseded", "已被新提醒取代"
    GAVE_UP = "gave_up", "放弃发送"
