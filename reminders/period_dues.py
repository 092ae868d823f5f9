"""Missing reports of recurring cycles (定期报送): after a period's due day, the agencies that have not reported it.

Tasks that recur (monthly / quarterly / yearly) or are ongoing (持续推进…, monthly) owe a report per period
(reporting.periods shows the same states on the task page). The latest closed period of each kind is
checked once its due day (office setting 定期报送截止日, moved onto a working day) has passed: one query of
(agency, task) pairs per kind, whatever the number of tasks. The reminder rides on the monthly roll call
kind with its own period ("2026-12-定期"), so it is sent once per agency and month while a report is missing.
"""

import datetime

from django.db.models import Exists, OuterRef, Q

from reporting.models import ProgressReport
from tasks.choices import DeadlineKind, ReportStatus
from workdays.calendar import WorkdayCalendar
from workdays.choices import PeriodKind
from workdays.periods import period_bounds, period_due_date

CYCLES = (PeriodKind.MONTHLY, PeriodKind.QUARTERLY, PeriodKind.YEARLY)


def closed_periods(today: datetime.date, due_day: int, calendar: WorkdayCalendar) -> tuple[tuple, ...]:
    """(kind, start, end, due) of the latest closed period of each cycle, for a ReminderContext."""
    out = []
    for kind in CYCLES:
        current_start = period_bounds(kind, today)[0]
        start, end = period_bounds(kind, current_start - datetime.timedelta(days=1))
        out.append((kind.value, start, end, period_due_date(kind, start, due_day, calendar)))
    return tuple(out)


def _cycle_q(kind: str) -> Q:
    q = Q(task__recurrence=kind)
    return q | Q(task__deadline_kind=DeadlineKind.ONGOING, task__recurrence="") if kind == PeriodKind.MONTHLY else q


def overdue_period_pairs(pairs, rctx, open_q) -> dict[int, dict]:
    """agency id → {task id: deadline} for period reports overdue today (逾期未报)."""
    found: dict[int, dict] = {}
    for kind, start, end, due in rctx.closed_periods:
        if rctx.today <= due:
            continue
        reported = ProgressReport.objects.filter(
            task_id=OuterRef("task_id"), agency_id=OuterRef("agency_id"), period__gte=start, period__lte=end,
        ).exclude(status=ReportStatus.PENDING_HEAD)
        rows = (pairs._assignments(open_q & _cycle_q(kind) & Q(task__assigned_on__lte=end))
                .filter(~Exists(reported)).values_list("agency_id", "agency__kind", "task_id", "task__deadline"))
        for agency_id, tasks in pairs._expand(rows).items():
            found.setdefault(agency_id, {}).update(tasks)
    return found


def period_roll_call_period(today: datetime.date) -> str:
    return f"{today:%Y-%m}-定期"


