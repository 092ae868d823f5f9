"""Reads of reports, reviews and notifications for the API, scoped like the task lists.

A report, review or sign-off is visible to whoever sees its task. One
exception: a report still waiting for the agency head (pending_head) has not
been sent to the office yet, so only the reporting agency sees it.
"""

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from agencies.roles import Actor
from tasks.choices import ReportStatus
from tasks.models import Assignment, Notification, ProgressReport, Review
from tasks.selectors import actor_agency_ids


def _visible_through_task(qs: QuerySet, agency_ids: list[int] | None) -> QuerySet:
    if agency_ids is None:
        return qs
    if not agency_ids:
        return qs.none()
    return qs.filter(Exists(Assignment.objects.filter(task=OuterRef("task_id"), agency_id__in=agency_ids)))


def _with_task_ref(qs: QuerySet) -> QuerySet:
    # The task's number and document, without loading its (long) text.
    return qs.annotate(task_number=F("task__number"), task_document_id=F("task__document_id"))


def report_list(*, actor: Actor) -> QuerySet[ProgressReport]:
    agency_ids = actor_agency_ids(actor)
    qs = _visible_through_task(ProgressReport.objects.all(), agency_ids)
    if agency_ids is None:
        qs = qs.exclude(status=ReportStatus.PENDING_HEAD)
    else:
        qs = qs.filter(~Q(status=ReportStatus.PENDING_HEAD) | Q(agency_id__in=agency_ids))
    return _with_task_ref(qs).select_related("agency", "author").prefetch_related("attachments")


def review_list(*, actor: Actor) -> QuerySet[Review]:
    qs = _visible_through_task(Review.objects.all(), actor_agency_ids(actor))
    return _with_task_ref(qs).select_related("reviewer", "signoff_request__agency")


def notification_list(*, user) -> QuerySet[Notification]:
    """The user's own inbox; nobody reads anyone else's."""
    return Notification.objects.filter(recipient=user)
