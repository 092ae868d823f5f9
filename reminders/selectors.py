"""Reads of the inbox."""

from django.db.models import QuerySet

from .models import Notification


def notification_list(*, user) -> QuerySet[Notification]:
    """The user's own inbox; nobody reads anyone else's."""
    return Notification.objects.filter(recipient=user)
