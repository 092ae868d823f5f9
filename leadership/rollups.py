"""Reading and repairing the dashboard rollups (models: leadership/rollup_models.py; triggers: migration 0003).

The office and leadership dashboards count from these rows (leadership/dashboards.py), so their cost
follows documents × agencies × distinct dates, not the number of tasks. Agency accounts keep counting
their own tasks directly: their scope is the tasks of several agencies at once (own and collective
names), which the per-agency rows would count twice, and "reported this month" is then limited to their
own agencies' reports; an agency's tasks are few and read through the (agency, role, task) index.
"""

from django.db import connections
from django.db.models import BooleanField, Case, QuerySet, Value, When

from tasks.warnings import WarningContext

from .rollup_models import AgencyRollup, TaskRollup


def rollups_available(using: str = "default") -> bool:
    """The triggers exist only on PostgreSQL; SQLite (make run) counts tasks directly."""
    return connections[using].vendor == "postgresql"


def rollup_rows(ctx: WarningContext, *, year=None, document_id=None, agency_id=None,
                lead_only: bool = False) -> QuerySet:
    """The rollup rows of the dashboard's filters, with the `has_report_this_month` the warning Qs read.

    With an agency: that agency's rows (each task once: an agency has one assignment per task).
    "Reported this month" is the latest reported month being this one: reporting.services refuses a report
    for a later month than today's, so no later month is ever stored.
    """
    qs = AgencyRollup.objects.filter(agency_id=agency_id) if agency_id else (
        AgencyRollup.objects.all() if lead_only else TaskRollup.objects.all())
    if lead_only:
        qs = qs.filter(is_lead=True)
    if year:
        qs = qs.filter(document__year=year)
    if document_id:
        qs = qs.filter(document_id=document_id)
    reported = Case(When(report_month=ctx.month_start, then=Value(True)), default=Value(False),
                    output_field=BooleanField())
    return qs.filter(n__gt=0).alias(has_report_this_month=reported).order_by()


def rebuild_rollups(using: str = "default") -> None:
    """Recount every row from the tasks (repair; the triggers keep them current otherwise)."""
    if not rollups_available(using):
        return
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT leadership_rollup_rebuild()")
