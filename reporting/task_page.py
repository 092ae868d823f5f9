"""Reads for one task's page: reports, sign-off requests and reviews, each in one query.

Who sees which report: reporting/visibility.py, the rule every surface shares.
"""

from django.db.models import Prefetch, QuerySet

from agencies.roles import Actor
from tasks.models import Review, SignoffRequest, Task

from .models import ProgressReport, ReportAttachment
from .visibility import visible_attachments, visible_reports_q


def task_reports(*, actor: Actor, task: Task) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(visible_reports_q(actor), task=task)
        .select_related("agency", "author")
        .prefetch_related(Prefetch("attachments", queryset=ReportAttachment.objects.order_by("uploaded_at", "id")))
        .order_by("-period", "agency__name")
    )


def task_signoff_requests(task: Task) -> QuerySet[SignoffRequest]:
    return task.signoff_requests.select_related("agency", "requested_by").order_by("-requested_at")


def task_reviews(task: Task) -> QuerySet[Review]:
    return task.reviews.select_related("reviewer").order_by("-decided_at")


def visible_attachment(*, actor: Actor, task: Task, attachment_id: int) -> ReportAttachment:
    """An attachment of a report on `task` the actor may see; raises DoesNotExist otherwise."""
    return visible_attachments(actor).get(pk=attachment_id, report__task=task)
