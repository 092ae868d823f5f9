"""Reads of reports, scoped like the task lists.

A report is visible to whoever sees its task. One exception: a report still waiting for the
agency head (pending_head) has not been sent to the office yet, so only the reporting agency sees it.
"""

from django.db.models import Q, QuerySet

from agencies.roles import Actor
from tasks.api.selectors import visible_through_task, with_task_ref
from tasks.choices import ReportStatus
from tasks.selectors import actor_agency_ids

from .models import ProgressReport


def report_list(*, actor: Actor) -> QuerySet[ProgressReport]:
    agency_ids = actor_agency_ids(actor)
    qs = visible_through_task(ProgressReport.objects.all(), agency_ids)
    if agency_ids is None:
        qs = qs.exclude(status=ReportStatus.PENDING_HEAD)
    else:
        qs = qs.filter(~Q(status=ReportStatus.PENDING_HEAD) | Q(agency_id__in=agency_ids))
    return with_task_ref(qs).select_related("agency", "author").prefetch_related("attachments")
