"""The unread count of the in-app inbox, for the page header on every page."""

from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread_count(request):
    """`unread_count` for templates; counted only when a template reads it (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_count": 0}
    return {
        "unread_count": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        )
    }
