"""Reads of reports, scoped like the task lists.

A report is visible to whoever sees its task. One exception: a report still waiting for the
agency head (pending_head, or returned by the head) has not been sent to the office yet, so only the reporting agency sees it.
"""

from django.db.models import Case, Count, Q, QuerySet, Value, When

from agencies.roles import Actor
from tasks.api.selectors import visible_through_task, with_task_ref
from tasks.choices import UNSENT_REPORT_STATUSES, ReportStatus
from tasks.selectors import actor_agency_ids

from .models import ProgressReport


def report_list(*, actor: Actor) -> QuerySet[ProgressReport]:
    agency_ids = actor_agency_ids(actor)
    qs = visible_through_task(ProgressReport.objects.all(), agency_ids)
    if agency_ids is None:
        qs = qs.exclude(status__in=UNSENT_REPORT_STATUSES)
    else:
        qs = qs.filter(~Q(status__in=UNSENT_REPORT_STATUSES) | Q(agency_id__in=agency_ids))
    return with_task_ref(qs).select_related("agency", "author").prefetch_related("attachments")


def head_queue(*, actor: Actor) -> QuerySet[ProgressReport]:
    """The head's 待审核 list: the agency's reports waiting for it, then those it sent back to the liaison.

    Only the agency's own reports (report_approve and report_return accept no other), oldest first,
    with the task, the author and the number of attachments in the same query.
    """
    if not (actor.is_head and actor.agency_id):
        return ProgressReport.objects.none()
    waiting_first = Case(When(status=ReportStatus.PENDING_HEAD, then=Value(0)), default=Value(1))
    return (ProgressReport.objects.filter(agency_id=actor.agency_id, status__in=UNSENT_REPORT_STATUSES)
            .select_related("task__document", "task__section", "author")
            .annotate(attachment_count=Count("attachments"))
            .order_by(waiting_first, "updated_at", "pk"))


def head_pending_count(actor: Actor) -> int:
    """How many reports wait for this head (the number in the navigation); 0 for anyone else."""
    if not (actor.is_head and actor.agency_id):
        return 0
    return ProgressReport.objects.filter(agency_id=actor.agency_id, status=ReportStatus.PENDING_HEAD).count()
