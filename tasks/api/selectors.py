"""Reads of reviews for the API, scoped like the task lists, and the helpers reports share.

A report, review or sign-off is visible to whoever sees its task. One
exception: a report still waiting for the agency head (pending_head) has not
been sent to the office yet, so only the reporting agency sees it.
"""

from django.db.models import Exists, F, OuterRef, QuerySet

from agencies.roles import Actor
from tasks.models import Assignment, Review
from tasks.selectors import actor_agency_ids


def visible_through_task(qs: QuerySet, agency_ids: list[int] | None) -> QuerySet:
    if agency_ids is None:
        return qs
    if not agency_ids:
        return qs.none()
    return qs.filter(Exists(Assignment.objects.filter(task=OuterRef("task_id"), agency_id__in=agency_ids)))


def with_task_ref(qs: QuerySet) -> QuerySet:
    # The task's number and document, without loading its (long) text.
    return qs.annotate(task_number=F("task__number"), task_document_id=F("task__document_id"))


def review_list(*, actor: Actor) -> QuerySet[Review]:
    qs = visible_through_task(Review.objects.all(), actor_agency_ids(actor))
    return with_task_ref(qs).select_related("reviewer", "signoff_request__agency")
