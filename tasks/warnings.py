"""Red/yellow/green warnings (红黄牌预警) as set-based SQL.

- red: past its deadline and not signed off;
- yellow: due within `yellow_days`, or, from `report_window_day` of the month
  on, no progress report yet for the current month;
- green: everything else, signed-off tasks included (they carry no warning).

Reminders (reminders/dues.py) build on the same Q objects, through the
`prefix` argument, so a task is reminded about exactly when it shows red or
yellow in the recipient agency's own list.

The same Q objects filter rows; the colour of a displayed row is computed
in Python (`warning_level`) from the same three inputs (status, deadline and
the `has_report_this_month` annotation), so a list filtered by warning shows
exactly the colours it displays. In SQL the colour would be a CASE repeating
the report EXISTS that `has_report_this_month` already evaluates, and
PostgreSQL evaluates both (one more hashed scan of the month's reports per
list query).
"""

import datetime
import functools
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.query import ModelIterable
from django.utils import timezone

from workdays.calendar import WorkdayCalendar

from .choices import UNSENT_REPORT_STATUSES, TaskStatus, WarningLevel
from .models import OfficeSettings, Task
from .schedule_warnings import (
    is_lagging,
    is_near_deadline_short,
    lag_q,
    near_deadline_short_q,
    schedule_annotations,
    schedule_words,
)


@dataclass(frozen=True)
class WarningContext:
    """The day and the office's thresholds. `warning_context()` counts the day thresholds in working days
    (workdays calendar) and stores the resulting dates; a context built by hand counts calendar days."""

    today: datetime.date
    yellow_days: int = 7
    report_window_day: int = 20
    escalation_days: int = 7
    yellow_until_day: datetime.date | None = None
    escalate_before_day: datetime.date | None = None
    # 序时进度 (only for tasks with a reported percentage): yellow when time used (working days from
    # assigned_on) runs more than `lag_points` ahead of progress; orange when due by `orange_until`
    # with progress under `orange_progress`. orange_until None: no orange level.
    lag_points: int = 30
    orange_until: datetime.date | None = None
    orange_progress: int = 80
    report_due_day: int = 5  # 定期报送截止日 (reporting.periods), carried here to save the page a settings query
    colours: tuple[tuple[str, str], ...] = (("red", "#c62828"), ("orange", "#ef6c00"), ("yellow", "#f9a825"))

    def colour(self, level: str) -> str:
        """The office's colour of a warning level ("" for green: the stylesheet's)."""
        return dict(self.colours).get(level, "")

    @property
    def month_start(self) -> datetime.date:
        return self.today.replace(day=1)

    @property
    def yellow_until(self) -> datetime.date:
        """The last deadline that is "due soon": `yellow_days` working days ahead."""
        if self.yellow_until_day is not None:
            return self.yellow_until_day
        return self.today + datetime.timedelta(days=self.yellow_days)

    @property
    def in_report_window(self) -> bool:
        return self.today.day >= self.report_window_day

    @property
    def escalate_before(self) -> datetime.date:
        """Tasks due before this day have been red for more than `escalation_days` (working) days."""
        if self.escalate_before_day is not None:
            return self.escalate_before_day
        return self.today - datetime.timedelta(days=self.escalation_days)


def office_settings() -> OfficeSettings:
    """The office's thresholds, or the defaults; never writes (reads may run in a dry run)."""
    return OfficeSettings.objects.filter(pk=1).first() or OfficeSettings()


def warning_context(today: datetime.date | None = None, cfg: OfficeSettings | None = None,
                    calendar: WorkdayCalendar | None = None) -> WarningContext:
    """Thresholds as the office set them, for today in Asia/Shanghai; day counts in working days.

    Two queries (settings, the office calendar) unless the caller passes them.
    """
    cfg = cfg or office_settings()
    today = today or timezone.localdate()
    calendar = calendar or WorkdayCalendar.load(today - datetime.timedelta(days=366), today + datetime.timedelta(days=366))
    return WarningContext(
        today=today,
        yellow_days=cfg.yellow_days,
        report_window_day=cfg.report_window_day,
        escalation_days=cfg.escalation_days,
        yellow_until_day=calendar.add_working_days(today, cfg.yellow_days),
        escalate_before_day=calendar.add_working_days(today, -cfg.escalation_days),
        lag_points=cfg.schedule_lag_points,
        orange_until=calendar.add_working_days(today, cfg.orange_days) if cfg.orange_enabled else None,
        orange_progress=cfg.orange_progress,
        report_due_day=cfg.report_due_day,
        colours=(("red", cfg.colour_red), ("orange", cfg.colour_orange), ("yellow", cfg.colour_yellow)),
    )


def reports_of_month(ctx: WarningContext, agency_ids: list[int] | None = None) -> QuerySet:
    """The reports of ctx's month that count as reported, by the given agencies or by anyone: a draft still
    awaiting its head (or returned by it) has not left the agency (reporting.visibility)."""
    # Reports belong to the reporting room, above this one: read them through the task's reverse relation.
    reports = (Task.reports.rel.related_model.objects.filter(period=ctx.month_start)
               .exclude(status__in=UNSENT_REPORT_STATUSES))
    return reports.filter(agency_id__in=agency_ids) if agency_ids is not None else reports


def with_report_flag(qs: QuerySet, ctx: WarningContext, agency_ids: list[int] | None = None) -> QuerySet:
    """Annotate `has_report_this_month`: by the given agencies, or by anyone."""
    return qs.annotate(has_report_this_month=Exists(reports_of_month(ctx, agency_ids).filter(task=OuterRef("pk"))))


def _q(prefix: str, **lookups) -> Q:
    """Q over the task's fields, or over `<prefix>` fields when querying from a related model."""
    return Q(**{prefix + name: value for name, value in lookups.items()})


def open_q(prefix: str = "") -> Q:
    return ~_q(prefix, status=TaskStatus.SIGNED_OFF)


def red_q(ctx: WarningContext, prefix: str = "") -> Q:
    return open_q(prefix) & _q(prefix, deadline__lt=ctx.today)


OPEN_STATUSES = tuple(status for status in TaskStatus.values if status != TaskStatus.SIGNED_OFF)


def red_listed_q(ctx: WarningContext) -> Q:
    """red_q with the open statuses listed: the same tasks (a task's status is always one of TaskStatus), but
    PostgreSQL range-scans task_status_deadline_idx once per open status instead of reading every past
    deadline and dropping the signed-off ones. At a million tasks the overdue count read 470,000 index
    entries for 133,000 tasks (22 ms, now 7 ms). warning_q filters task lists with it; sums over rollup rows
    keep red_q, where one comparison a row is cheaper than four."""
    return Q(status__in=OPEN_STATUSES, deadline__lt=ctx.today)


def due_soon_q(ctx: WarningContext, prefix: str = "") -> Q:
    return _q(prefix, deadline__gte=ctx.today, deadline__lte=ctx.yellow_until)


def not_red_open_q(ctx: WarningContext, prefix: str = "") -> Q:
    return open_q(prefix) & (_q(prefix, deadline__isnull=True) | _q(prefix, deadline__gte=ctx.today))


def escalated_q(ctx: WarningContext, prefix: str = "") -> Q:
    """Red for more than `escalation_days` days (overdue by escalation_days + 1 or more)."""
    return open_q(prefix) & _q(prefix, deadline__lt=ctx.escalate_before)


def orange_q(ctx: WarningContext, prefix: str = "") -> Q:
    """橙牌: open, not overdue, due within the office's working days with progress short (序时进度)."""
    return not_red_open_q(ctx, prefix) & near_deadline_short_q(ctx, prefix)


def yellow_q(ctx: WarningContext) -> Q:
    """Needs the `has_report_this_month` annotation (see with_report_flag). Orange wins over yellow."""
    reasons = due_soon_q(ctx) | lag_q(ctx)
    if ctx.in_report_window:
        reasons |= Q(has_report_this_month=False)
    return not_red_open_q(ctx) & ~near_deadline_short_q(ctx) & reasons


def warning_q(level: str, ctx: WarningContext) -> Q:
    """The tasks of one colour, for filtering task lists (`warning=`, `overdue=`): red in its index-friendly form."""
    if level == WarningLevel.RED:
        return red_listed_q(ctx)
    if level == WarningLevel.ORANGE:
        return orange_q(ctx)
    if level == WarningLevel.YELLOW:
        return yellow_q(ctx)
    return ~red_listed_q(ctx) & ~orange_q(ctx) & ~yellow_q(ctx)


def warning_level(ctx: WarningContext, status: str, deadline: datetime.date | None, has_report: bool,
                  progress: int | None = None, used: int | None = None, span: int | None = None) -> str:
    """The colour of one task: the same rules as red_q / orange_q / yellow_q, row by row."""
    return _judge(ctx, status, deadline, has_report, progress, used, span)[0]


def warning_reason(ctx: WarningContext, status: str, deadline: datetime.date | None, has_report: bool,
                   progress: int | None = None, used: int | None = None, span: int | None = None) -> str:
    """Why the task has its colour, in words ("已用时 80%，进度 10%"); "" for green."""
    return _judge(ctx, status, deadline, has_report, progress, used, span)[1]


def _judge(ctx, status, deadline, has_report, progress, used, span) -> tuple[str, str]:
    if status == TaskStatus.SIGNED_OFF:
        return WarningLevel.GREEN.value, ""
    schedule = schedule_words(progress, used, span)
    if deadline is not None and deadline < ctx.today:
        return WarningLevel.RED.value, f"已逾期 {(ctx.today - deadline).days} 天" + (f"，进度 {progress}%" if
                                                                               progress is not None else "")
    if is_near_deadline_short(ctx, deadline, progress):
        left = f"还剩 {span - used} 个工作日" if span and used is not None and span > 0 else "临近时限"
        return WarningLevel.ORANGE.value, f"{left}，进度 {progress}%（低于 {ctx.orange_progress}%）"
    reasons = []
    if is_lagging(ctx, progress, used, span):
        reasons.append(schedule)
    if deadline is not None and deadline <= ctx.yellow_until:
        reasons.append("今日到期" if deadline == ctx.today else f"{(deadline - ctx.today).days} 天后到期")
    if ctx.in_report_window and not has_report:
        reasons.append("本月尚未报送进展")
    if reasons:
        return WarningLevel.YELLOW.value, "；".join(reasons)
    return WarningLevel.GREEN.value, ""


def row_warning(ctx: WarningContext, row) -> tuple[str, str]:
    """(level, reason) of a task or a `.values()` row of a queryset from `annotate_warning`."""
    get = row.get if isinstance(row, dict) else (lambda name, default=None: getattr(row, name, default))
    return _judge(ctx, get("status"), get("deadline"), get("has_report_this_month"), get("progress_percent"),
                  get("sched_used"), get("sched_span"))


class _WarningIterable(ModelIterable):
    """Model rows with `warning` and `warning_reason` set from the row's fields and annotations."""

    ctx: WarningContext

    def __iter__(self):
        ctx = self.ctx
        for task in super().__iter__():
            task.warning, task.warning_reason = row_warning(ctx, task)
            task.warning_colour = ctx.colour(task.warning)
            yield task


@functools.lru_cache(maxsize=16)
def _iterable_for(ctx: WarningContext) -> type[_WarningIterable]:
    # The context rides on the iterable class, which Django copies to every clone of the queryset.
    return type("WarningIterable", (_WarningIterable,), {"ctx": ctx})


def annotate_warning(qs: QuerySet, ctx: WarningContext, agency_ids: list[int] | None = None) -> QuerySet:
    """Add `has_report_this_month`, the 序时进度 working days (SQL), and `warning` / `warning_reason` (set on
    each fetched task)."""
    qs = with_report_flag(qs, ctx, agency_ids).annotate(**schedule_annotations(ctx))
    qs._iterable_class = _iterable_for(ctx)
    return qs


def warning_context_of(qs: QuerySet) -> WarningContext | None:
    """The context `annotate_warning` gave this queryset (for readers of .values() rows), or None."""
    return getattr(qs._iterable_class, "ctx", None)


def days_left(deadline: datetime.date | None, today: datetime.date) -> int | None:
    """Days until the deadline (negative when overdue); None without a deadline."""
    return None if deadline is None else (deadline - today).days
