"""Red/yellow/green warnings (红黄牌预警) as set-based SQL.

- red: past its deadline and not signed off;
- yellow: due within `yellow_days`, or, from `report_window_day` of the month
  on, no progress report yet for the current month;
- green: everything else, signed-off tasks included (they carry no warning).

Reminders (tasks/reminders.py) build on the same Q objects, through the
`prefix` argument, so a task is reminded about exactly when it shows red or
yellow in the recipient agency's own list.

The same Q objects annotate rows and filter them, so a list filtered by
warning shows exactly the colours it displays.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from .choices import TaskStatus, WarningLevel
from .models import OfficeSettings, ProgressReport


@dataclass(frozen=True)
class WarningContext:
    today: datetime.date
    yellow_days: int = 7
    report_window_day: int = 20
    escalation_days: int = 7

    @property
    def month_start(self) -> datetime.date:
        return self.today.replace(day=1)

    @property
    def yellow_until(self) -> datetime.date:
        return self.today + datetime.timedelta(days=self.yellow_days)

    @property
    def in_report_window(self) -> bool:
        return self.today.day >= self.report_window_day

    @property
    def escalate_before(self) -> datetime.date:
        """Tasks due before this day have been red for more than `escalation_days` days."""
        return self.today - datetime.timedelta(days=self.escalation_days)


def office_settings() -> OfficeSettings:
    """The office's thresholds, or the defaults; never writes (reads may run in a dry run)."""
    return OfficeSettings.objects.filter(pk=1).first() or OfficeSettings()


def warning_context(today: datetime.date | None = None, cfg: OfficeSettings | None = None) -> WarningContext:
    """Thresholds as the office set them, for today in Asia/Shanghai."""
    cfg = cfg or office_settings()
    return WarningContext(
        today=today or timezone.localdate(),
        yellow_days=cfg.yellow_days,
        report_window_day=cfg.report_window_day,
        escalation_days=cfg.escalation_days,
    )


def with_report_flag(qs: QuerySet, ctx: WarningContext, agency_ids: list[int] | None = None) -> QuerySet:
    """Annotate `has_report_this_month`: by the given agencies, or by anyone."""
    reports = ProgressReport.objects.filter(task=OuterRef("pk"), period=ctx.month_start)
    if agency_ids is not None:
        reports = reports.filter(agency_id__in=agency_ids)
    return qs.annotate(has_report_this_month=Exists(reports))


def _q(prefix: str, **lookups) -> Q:
    """Q over the task's fields, or over `<prefix>` fields when querying from a related model."""
    return Q(**{prefix + name: value for name, value in lookups.items()})


def open_q(prefix: str = "") -> Q:
    return ~_q(prefix, status=TaskStatus.SIGNED_OFF)


def red_q(ctx: WarningContext, prefix: str = "") -> Q:
    return open_q(prefix) & _q(prefix, deadline__lt=ctx.today)


def due_soon_q(ctx: WarningContext, prefix: str = "") -> Q:
    return _q(prefix, deadline__gte=ctx.today, deadline__lte=ctx.yellow_until)


def not_red_open_q(ctx: WarningContext, prefix: str = "") -> Q:
    return open_q(prefix) & (_q(prefix, deadline__isnull=True) | _q(prefix, deadline__gte=ctx.today))


def escalated_q(ctx: WarningContext, prefix: str = "") -> Q:
    """Red for more than `escalation_days` days (overdue by escalation_days + 1 or more)."""
    return open_q(prefix) & _q(prefix, deadline__lt=ctx.escalate_before)


def yellow_q(ctx: WarningContext) -> Q:
    """Needs the `has_report_this_month` annotation (see with_report_flag)."""
    due_soon = due_soon_q(ctx)
    reasons = due_soon | Q(has_report_this_month=False) if ctx.in_report_window else due_soon
    return not_red_open_q(ctx) & reasons


def warning_q(level: str, ctx: WarningContext) -> Q:
    if level == WarningLevel.RED:
        return red_q(ctx)
    if level == WarningLevel.YELLOW:
        return yellow_q(ctx)
    return ~red_q(ctx) & ~yellow_q(ctx)


def annotate_warning(qs: QuerySet, ctx: WarningContext, agency_ids: list[int] | None = None) -> QuerySet:
    """Add `has_report_this_month` and `warning` ('red'/'yellow'/'green') to each task."""
    qs = with_report_flag(qs, ctx, agency_ids)
    return qs.annotate(
        warning=Case(
            When(red_q(ctx), then=Value(WarningLevel.RED.value)),
            When(yellow_q(ctx), then=Value(WarningLevel.YELLOW.value)),
            default=Value(WarningLevel.GREEN.value),
            output_field=CharField(),
        )
    )


def days_left(deadline: datetime.date | None, today: datetime.date) -> int | None:
    """Days until the deadline (negative when overdue); None without a deadline."""
    return None if deadline is None else (deadline - today).days
