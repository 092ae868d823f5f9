"""减负 for the lead: its report form starts from what the co-responsible agencies reported for the month.

Only submitted (or accepted) reports count: a draft still waiting for its own head has not reached the lead.
"""

import datetime

from django.db.models import QuerySet

from tasks.choices import AssignmentRole, ReportStatus
from tasks.models import Task

from .models import ProgressReport


def co_reports(task: Task, period: datetime.date, own_agency_id: int) -> QuerySet[ProgressReport]:
    co_ids = task.assignments.filter(role=AssignmentRole.CO).values("agency_id")
    return (ProgressReport.objects.filter(task=task, period=period, agency_id__in=co_ids)
            .exclude(agency_id=own_agency_id).exclude(status=ReportStatus.PENDING_HEAD)
            .select_related("agency").order_by("agency__name"))


def _joined(reports: list[ProgressReport], field: str) -> str:
    return "\n".join(f"【{r.agency}】{getattr(r, field)}" for r in reports if getattr(r, field))


def lead_initial(reports: list[ProgressReport], period: datetime.date) -> dict:
    """The form's starting values compiled from the co-agencies' parts; the lead edits them before saving."""
    initial: dict = {"period": period}
    if reports:
        initial.update(content=_joined(reports, "content"), problems=_joined(reports, "problems"),
                       next_steps=_joined(reports, "next_steps"))
    return initial
