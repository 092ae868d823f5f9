"""Who is due which reminder on a given day: pure date logic plus set-based SQL.

Every query here runs once per sweep, whatever the number of tasks: it returns
(agency, task) pairs for a whole class of tasks, and the grouping into one
reminder per agency happens in Python over those rows.

Colours come from tasks/warnings.py with the `task__` prefix, so an agency is
reminded about exactly the tasks its own list shows red or yellow: "no report
this month" counts the agency's own reports (and, for a task assigned to a
collective name such as 各市州人民政府, the member's or the collective's).
"""

import calendar as month_calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from agencies.choices import AgencyKind
from agencies.models import Agency
from reporting.models import ProgressReport
from tasks.choices import UNSENT_REPORT_STATUSES, AssignmentRole
from tasks.models import Assignment
from tasks.schedule_warnings import lag_q, near_deadline_short_q
from tasks.warnings import (
    WarningContext,
    due_soon_q,
    escalated_q,
    not_red_open_q,
    office_settings,
    open_q,
    red_q,
    warning_context,
)
from workdays.calendar import DayInfo, WorkdayCalendar

from .choices import ReminderKind
from .period_dues import closed_periods, overdue_period_pairs, period_roll_call_period

# agency id -> {task id: deadline}; the deadline orders the tasks in the message.
AgencyTasks = dict[int, dict[int, datetime.date | None]]


@dataclass(frozen=True)
class ReminderContext:
    warn: WarningContext
    roll_call_day: int = 25
    remind_co_agencies: bool = False
    office_emails: tuple[str, ...] = ()
    # The workdays calendar's word on today; None (a context built by hand) counts as a working day.
    day: DayInfo | None = None
    next_working_day: datetime.date | None = None
    roll_call_from: datetime.date | None = None  # this month's roll-call day, moved onto a working day
    closed_periods: tuple = ()  # (kind, start, end, due) per report cycle (reminders.period_dues)

    @property
    def is_working_day(self) -> bool:
        return self.day is None or self.day.is_working_day

    def holiday_notice(self) -> str:
        """Why nothing is sent today ("" on a working day), in the words of the command and the log."""
        if self.is_working_day:
            return ""
        after = f"，到期和积压的提醒将于下一个工作日 {self.next_working_day:%Y-%m-%d} 发送" if self.next_working_day else ""
        return f"{self.day.describe()}：今日不发送提醒{after}。"

    @property
    def today(self) -> datetime.date:
        return self.warn.today

    @property
    def day_period(self) -> str:
        return self.today.isoformat()

    @property
    def month_period(self) -> str:
        return f"{self.today:%Y-%m}"

    @property
    def roll_call_due(self) -> bool:
        # From the roll-call day to the month's end: a day missed while the broker was down, or a holiday,
        # is caught up by the next run that is on a working day (one per agency and month).
        if self.roll_call_from is not None:
            return self.today >= self.roll_call_from
        return self.today.day >= self.roll_call_day

    @property
    def roles(self) -> list[str]:
        return [AssignmentRole.LEAD, AssignmentRole.CO] if self.remind_co_agencies else [AssignmentRole.LEAD]


def roll_call_date(year: int, month: int, day: int, calendar: WorkdayCalendar) -> datetime.date:
    """The month's roll-call day on a working day: the next one, or the previous one when the next is in
    the following month (so that every month has its roll call)."""
    printed = datetime.date(year, month, min(day, month_calendar.monthrange(year, month)[1]))
    moved = calendar.roll_forward(printed)
    return moved if moved.month == month else calendar.previous_working_day(printed)


def reminder_context(today: datetime.date | None = None) -> ReminderContext:
    """The office's thresholds and calendar for `today` (default: today in Asia/Shanghai). Two queries."""
    cfg = office_settings()
    today = today or timezone.localdate()
    calendar = WorkdayCalendar.load(datetime.date(today.year - 1, 1, 1), datetime.date(today.year + 1, 12, 31))
    emails = tuple(line.strip() for line in cfg.office_emails.splitlines() if line.strip())
    return ReminderContext(
        warn=warning_context(today, cfg, calendar),
        roll_call_day=cfg.roll_call_day,
        remind_co_agencies=cfg.remind_co_agencies,
        office_emails=emails,
        day=calendar.day_info(today),
        next_working_day=calendar.next_working_day(today),
        roll_call_from=roll_call_date(today.year, today.month, cfg.roll_call_day, calendar),
        closed_periods=closed_periods(today, cfg.report_due_day, calendar),
    )


@dataclass
class Due:
    """One reminder to one agency (or to the office when agency_id is None), before channels."""

    kind: str
    period: str
    agency_id: int | None
    overdue_periods: bool = False  # a roll call about missing 定期报送 reports, not this month's
    red: list[int] = field(default_factory=list)
    yellow: list[int] = field(default_factory=list)
    by_agency: dict[int, list[int]] = field(default_factory=dict)  # the office digest only

    @property
    def task_ids(self) -> list[int]:
        return sorted({*self.red, *self.yellow})


class _Pairs:
    """Set-based (agency, task) lookups for one run; collective names expand to their members."""

    def __init__(self, rctx: ReminderContext):
        self.rctx = rctx
        self._members: dict[int, list[int]] | None = None

    def members(self) -> dict[int, list[int]]:
        if self._members is None:
            self._members = defaultdict(list)
            through = Agency.members.through.objects.filter(to_agency__is_active=True)
            for collective_id, member_id in through.values_list("from_agency_id", "to_agency_id"):
                self._members[collective_id].append(member_id)
        return self._members

    def _assignments(self, task_q: Q, roles: list[str] | None = None):
        return Assignment.objects.filter(role__in=roles or self.rctx.roles, agency__is_active=True).filter(task_q)

    def _expand(self, rows, skip: set[tuple[int, int]] = frozenset()) -> AgencyTasks:
        out: AgencyTasks = defaultdict(dict)
        members = self.members()
        for agency_id, kind, task_id, deadline in rows:
            if kind != AgencyKind.COLLECTIVE:
                out[agency_id][task_id] = deadline
                continue
            for member_id in members.get(agency_id, ()):
                if (member_id, task_id) not in skip:
                    out[member_id][task_id] = deadline
        return out

    def matching(self, task_q: Q, roles: list[str] | None = None) -> AgencyTasks:
        rows = self._assignments(task_q, roles).values_list("agency_id", "agency__kind", "task_id", "task__deadline")
        return self._expand(rows)

    def unreported(self, task_q: Q) -> AgencyTasks:
        """Pairs whose agency has filed no progress report for the task this month.

        A draft still with the agency's head (or returned by it) has not been filed: the agency's list shows the
        task yellow for it (tasks.warnings.reports_of_month), and the reminder says the same."""
        month = self.rctx.warn.month_start
        sent = ProgressReport.objects.exclude(status__in=UNSENT_REPORT_STATUSES)
        own = sent.filter(task_id=OuterRef("task_id"), agency_id=OuterRef("agency_id"), period=month)
        rows = self._assignments(task_q).filter(~Exists(own))
        rows = rows.values_list("agency_id", "agency__kind", "task_id", "task__deadline")
        # Members report on a collective's task under their own name.
        collective_tasks = Assignment.objects.filter(agency__kind=AgencyKind.COLLECTIVE, role__in=self.rctx.roles)
        reported = sent.filter(period=month, task_id__in=collective_tasks.values("task_id"))
        skip = {(agency_id, task_id) for task_id, agency_id in reported.values_list("task_id", "agency_id")}
        return self._expand(rows, skip)


def _by_deadline(tasks: dict[int, datetime.date | None]) -> list[int]:
    return sorted(tasks, key=lambda tid: (tasks[tid] is None, tasks[tid] or datetime.date.max, tid))


def sweep_dues(rctx: ReminderContext) -> list[Due]:
    """The daily sweep: one reminder per agency listing its red, then its yellow tasks."""
    warn = rctx.warn
    pairs = _Pairs(rctx)
    red = pairs.matching(red_q(warn, "task__"))
    # Yellow and orange alike (the list's colours): due soon, or 序时进度 behind / short near the deadline.
    soon_or_behind = due_soon_q(warn, "task__") | lag_q(warn, "task__") | near_deadline_short_q(warn, "task__")
    yellow = pairs.matching(not_red_open_q(warn, "task__") & soon_or_behind)
    if warn.in_report_window:
        for agency_id, tasks in pairs.unreported(not_red_open_q(warn, "task__")).items():
            yellow.setdefault(agency_id, {}).update(tasks)
    dues = []
    for agency_id in sorted({*red, *yellow}):
        agency_red = red.get(agency_id, {})
        agency_yellow = {tid: d for tid, d in yellow.get(agency_id, {}).items() if tid not in agency_red}
        dues.append(
            Due(
                kind=ReminderKind.OVERDUE if agency_red else ReminderKind.UPCOMING,
                period=rctx.day_period,
                agency_id=agency_id,
                red=_by_deadline(agency_red),
                yellow=_by_deadline(agency_yellow),
            )
        )
    return dues


def escalation_dues(rctx: ReminderContext) -> list[Due]:
    """Tasks red for more than `escalation_days` days: each lead agency's head, and one office digest."""
    escalated = _Pairs(rctx).matching(escalated_q(rctx.warn, "task__"), roles=[AssignmentRole.LEAD])
    dues = [
        Due(kind=ReminderKind.ESCALATION, period=rctx.day_period, agency_id=agency_id, red=_by_deadline(tasks))
        for agency_id, tasks in sorted(escalated.items())
    ]
    if dues:
        all_tasks = {tid: d for tasks in escalated.values() for tid, d in tasks.items()}
        dues.append(
            Due(
                kind=ReminderKind.OFFICE_DIGEST,
                period=rctx.day_period,
                agency_id=None,
                red=_by_deadline(all_tasks),
                by_agency={due.agency_id: due.red for due in dues},
            )
        )
    return dues


def roll_call_dues(rctx: ReminderContext) -> list[Due]:
    """一月一调度: from the roll-call day on, agencies with open tasks not yet reported this month; and, once
    a cycle's due day has passed, agencies missing the report of a closed period (定期报送逾期未报)."""
    pairs = _Pairs(rctx)
    dues = []
    if rctx.roll_call_due:
        unreported = pairs.unreported(open_q("task__"))
        dues += [
            Due(kind=ReminderKind.ROLL_CALL, period=rctx.month_period, agency_id=agency_id,
                yellow=_by_deadline(tasks))
            for agency_id, tasks in sorted(unreported.items())
        ]
    overdue = overdue_period_pairs(pairs, rctx, open_q("task__"))
    dues += [
        Due(kind=ReminderKind.ROLL_CALL, period=period_roll_call_period(rctx.today), agency_id=agency_id,
            yellow=_by_deadline(tasks), overdue_periods=True)
        for agency_id, tasks in sorted(overdue.items())
    ]
    return dues
