"""The head's 待审核 count in the navigation, on every page."""

from django.utils.functional import SimpleLazyObject

from agencies.roles import actor_for

from .selectors import head_pending_count


def head_queue_count(request):
    """`head_pending_count` for templates: one query, only for a head and only when a template reads it."""
    actor = actor_for(getattr(request, "user", None))
    if not actor.is_head:
        return {"head_pending_count": 0}
    return {"head_pending_count": SimpleLazyObject(lambda: head_pending_count(actor))}
