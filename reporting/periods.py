"""Recurring report cycles of a task: each agency × period is 未报 / 已报 / 逾期未报.

A task reports by period when it recurs (Task.recurrence monthly / quarterly / yearly) or is ongoing
(持续推进 and the like: monthly, as 一月一报). A period is reported by an agency when it has a report
(not one still waiting for its head) whose month lies in the period. The report is due on the office's
`report_due_day` of the month after the period (每月5日前报上月进展), moved to the next working day.
One query for the reports of the task, none per period.
"""

import datetime
from dataclasses import dataclass

from tasks.choices import DeadlineKind, ReportStatus
from workdays.calendar import WorkdayCalendar
from workdays.choices import PeriodKind, PeriodState
from workdays.periods import period_bounds, period_due_date, period_label, period_state, periods_between

from .models import ProgressReport

PERIODS_SHOWN = 6  # the latest periods listed on the task page and in the API
STATE_LABELS = dict(PeriodState.choices)


@dataclass(frozen=True)
class PeriodRow:
    agency_id: int
    agency_name: str
    period_start: datetime.date
    period_end: datetime.date
    label: str
    due: datetime.date
    state: str

    @property
    def state_display(self) -> str:
        return STATE_LABELS[self.state]

    def as_dict(self) -> dict:
        return {"agency": {"id": self.agency_id, "name": self.agency_name}, "period": self.label,
                "period_start": self.period_start.isoformat(), "period_end": self.period_end.isoformat(),
                "due": self.due.isoformat(), "state": self.state, "state_display": self.state_display}


def report_cycle(task) -> str:
    """The PeriodKind a task reports by, or "" when it has none."""
    if task.recurrence in PeriodKind.values:
        return task.recurrence
    return PeriodKind.MONTHLY.value if task.deadline_kind == DeadlineKind.ONGOING else ""


def owed_periods(kind: str, assigned_on: datetime.date, today: datetime.date, limit: int = PERIODS_SHOWN):
    """The latest `limit` periods from the one of assignment to the one before today's (today's own period
    is not due yet), most recent first."""
    current_start = period_bounds(kind, today)[0]
    last_closed = current_start - datetime.timedelta(days=1)
    if last_closed < assigned_on:
        return []
    return list(reversed(periods_between(kind, assigned_on, last_closed)))[:limit]


def task_period_rows(task, agencies, *, today: datetime.date, due_day: int,
                     calendar: WorkdayCalendar | None = None) -> list[PeriodRow]:
    """Rows of agency × period for the task's latest closed periods; [] for a task without a cycle.

    `agencies`: (id, name) of the agencies that owe the reports (the task page passes its assignments).
    """
    kind = report_cycle(task)
    if not kind or not agencies:
        return []
    periods = owed_periods(kind, task.assigned_on, today)
    if not periods:
        return []
    calendar = calendar or WorkdayCalendar.load(periods[-1][0], today + datetime.timedelta(days=62))
    reported = set(
        ProgressReport.objects.filter(task=task, period__gte=periods[-1][0], period__lte=periods[0][1])
        .exclude(status=ReportStatus.PENDING_HEAD).values_list("agency_id", "period")
    )
    rows = []
    for start, end in periods:
        due = period_due_date(kind, start, due_day, calendar)
        for agency_id, name in agencies:
            done = any(agency == agency_id and start <= month <= end for agency, month in reported)
            rows.append(PeriodRow(agency_id, name, start, end, period_label(kind, start), due,
                                  period_state(due=due, today=today, reported=done)))
    return rows


def period_agencies(assignments) -> list[tuple[int, str]]:
    """Who owes the period reports: the task's agencies (prefetched assignments), lead first."""
    return [(a.agency_id, a.agency.short_name or a.agency.name) for a in assignments]
