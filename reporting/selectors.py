"""Reads of reports, scoped like the task lists.

Which reports: the one rule of reporting/visibility.py, within the tasks the actor sees.
"""

from django.db.models import QuerySet

from agencies.roles import Actor
from tasks.api.selectors import visible_through_task, with_task_ref
from tasks.selectors import actor_agency_ids

from .models import ProgressReport
from .visibility import visible_reports_q


def report_list(*, actor: Actor) -> QuerySet[ProgressReport]:
    agency_ids = actor_agency_ids(actor)
    qs = visible_through_task(ProgressReport.objects.filter(visible_reports_q(actor)), agency_ids)
    return with_task_ref(qs).select_related("agency", "author").prefetch_related("attachments")
