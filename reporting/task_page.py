"""Reads for one task's page: reports, sign-off requests and reviews, each in one query.

Who sees which report:
- the reporting agency sees its own reports, drafts awaiting its head included;
- the lead agency, the office and leadership see every agency's submitted reports
  (the lead compiles the co-responsible agencies' parts into its sign-off request);
- a co-responsible agency sees only its own;
- a report awaiting the agency head's approval (or returned by the head) has not reached anyone else yet.
"""

from django.db.models import Prefetch, Q, QuerySet

from agencies.roles import Actor
from tasks.choices import UNSENT_REPORT_STATUSES, AssignmentRole
from tasks.models import Review, SignoffRequest, Task

from .models import ProgressReport, ReportAttachment


def visible_reports_q(actor: Actor, role: str | None) -> Q:
    own = Q(agency_id=actor.agency_id) if actor.acts_for_agency else Q(pk__in=[])
    if actor.sees_everything or role == AssignmentRole.LEAD:
        return own | ~Q(status__in=UNSENT_REPORT_STATUSES)
    return own


def task_reports(*, actor: Actor, task: Task, role: str | None) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(visible_reports_q(actor, role), task=task)
        .select_related("agency", "author")
        .prefetch_related(Prefetch("attachments", queryset=ReportAttachment.objects.order_by("uploaded_at", "id")))
        .order_by("-period", "agency__name")
    )


def task_signoff_requests(task: Task) -> QuerySet[SignoffRequest]:
    return task.signoff_requests.select_related("agency", "requested_by").order_by("-requested_at")


def task_reviews(task: Task) -> QuerySet[Review]:
    return task.reviews.select_related("reviewer").order_by("-decided_at")


def visible_attachment(*, actor: Actor, task: Task, role: str | None, attachment_id: int) -> ReportAttachment:
    """An attachment of a report on `task` the actor may see; raises DoesNotExist otherwise."""
    reports = ProgressReport.objects.filter(visible_reports_q(actor, role), task=task)
    return ReportAttachment.objects.get(pk=attachment_id, report__in=reports)
