"""Reads of reports, scoped like the task lists.

Which reports: the one rule of reporting/visibility.py, within the tasks the actor sees.
"""

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from agencies.roles import Actor
from tasks.api.selectors import visible_through_task, with_task_ref
from tasks.choices import UNSENT_REPORT_STATUSES, AssignmentRole, ReportStatus, SignoffStatus
from tasks.models import Assignment, SignoffRequest
from tasks.selectors import actor_agency_ids

from .models import ProgressReport, ReportAttachment
from .visibility import visible_reports_q


def report_list(*, actor: Actor) -> QuerySet[ProgressReport]:
    agency_ids = actor_agency_ids(actor)
    qs = visible_through_task(ProgressReport.objects.filter(visible_reports_q(actor)), agency_ids)
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


def _count(qs: QuerySet, group: str):
    """The number of rows of a correlated subquery, 0 when there are none (one subquery, not a query per row)."""
    return Coalesce(Subquery(qs.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]), 0)


def review_queue_requests() -> QuerySet[SignoffRequest]:
    """Open sign-off requests, oldest first, each with what the office judges it by, in one query:
    reports sent on the task, attachments (of those reports and of the request), co-agencies that reported."""
    sent = ProgressReport.objects.filter(task=OuterRef("task_id")).exclude(status__in=UNSENT_REPORT_STATUSES)
    report_files = ReportAttachment.objects.filter(report__task=OuterRef("task_id")).exclude(
        report__status__in=UNSENT_REPORT_STATUSES)
    cos = Assignment.objects.filter(task=OuterRef("task_id"), role=AssignmentRole.CO)
    co_sent = ProgressReport.objects.filter(task=OuterRef("task_id"), agency=OuterRef("agency_id")).exclude(
        status__in=UNSENT_REPORT_STATUSES)
    leads = Prefetch("task__assignments", queryset=Assignment.objects.filter(role=AssignmentRole.LEAD)
                     .select_related("agency").order_by("id"), to_attr="lead_assignments")
    return (SignoffRequest.objects.filter(status=SignoffStatus.OPEN)
            .select_related("task__document", "agency", "requested_by")
            .prefetch_related(leads, "attachments")
            .annotate(report_count=_count(sent, "task"),
                      report_attachment_count=_count(report_files, "report__task"),
                      co_count=_count(cos, "task"),
                      co_reported_count=_count(cos.filter(Exists(co_sent)), "task"))
            .order_by("requested_at", "id"))
