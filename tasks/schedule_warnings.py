"""序时进度: time used on a task against its reported progress, in SQL (filters, counts) and per row (colours).

Time used is counted in working days, (assigned_on, today] over (assigned_on, deadline], through the
workdays ordinal table (`WorkdayOrdinal`: working days since 2015-01-01), joined on both dates, so the
database does the arithmetic for any number of tasks. Every expression is COALESCEd: a date
outside the table gives "not judged", never NULL, so the negations of warnings.warning_q stay exact.

Progress is Task.progress_percent (the latest reported 完成进度, kept by reporting.services). A task
without one is not judged by 序时进度; its deadline and the monthly report still are.
"""

from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan

from workdays.models import WorkdayOrdinal


def _today_ordinal(ctx) -> Subquery:
    # Uncorrelated: PostgreSQL evaluates it once per query (an InitPlan).
    return Subquery(WorkdayOrdinal.objects.filter(date=Value(ctx.today)).values("ordinal")[:1],
                    output_field=IntegerField())


def schedule_expressions(ctx, prefix: str = "") -> tuple:
    """(working days used, working days of the span), 0 where a date has no ordinal.

    The task's two ordinals come through Task.assigned_day / deadline_day (LEFT JOINs): a correlated
    sub-select per task made PostgreSQL estimate the dashboard at millions and spend seconds in JIT.
    """
    start = F(prefix + "assigned_day__ordinal")
    used = Coalesce(_today_ordinal(ctx) - start, 0)
    span = Coalesce(F(prefix + "deadline_day__ordinal") - start, 0)
    return used, span


def _ordinal_of(field: str) -> Subquery:
    return Subquery(WorkdayOrdinal.objects.filter(date=OuterRef(field)).values("ordinal")[:1],
                    output_field=IntegerField())


def schedule_annotations(ctx) -> dict:
    """`sched_used` and `sched_span` for the rows a page shows (what `warning_level` reads).

    Two primary-key lookups per shown row, not schedule_expressions' joins: a list's COUNT drops unused
    annotations but not the joins they brought, and those joins kept PostgreSQL from counting 130,000 overdue
    tasks from the (status, deadline) index alone (110 ms instead of 20 at a million tasks).
    """
    start = _ordinal_of("assigned_on")
    used = Coalesce(_today_ordinal(ctx) - start, 0)
    span = Coalesce(_ordinal_of("deadline") - start, 0)
    return {"sched_used": used, "sched_span": span}


def lag_q(ctx, prefix: str = "") -> Q:
    """Time used runs more than ctx.lag_points ahead of progress: used/span − progress% > lag%."""
    used, span = schedule_expressions(ctx, prefix)
    progress = F(prefix + "progress_percent")
    behind = used * 100 - (Coalesce(progress, 0) + ctx.lag_points) * span
    return Q(**{prefix + "progress_percent__isnull": False}) & Q(GreaterThan(span, 0)) & Q(GreaterThan(behind, 0))


def near_deadline_short_q(ctx, prefix: str = "") -> Q:
    """Due by ctx.orange_until (working days ahead) with progress under ctx.orange_progress."""
    if ctx.orange_until is None:
        return Q(pk__in=[])
    return Q(**{
        prefix + "progress_percent__lt": ctx.orange_progress,
        prefix + "deadline__gte": ctx.today,
        prefix + "deadline__lte": ctx.orange_until,
    })


def is_lagging(ctx, progress: int | None, used: int | None, span: int | None) -> bool:
    if progress is None or not used or not span or span <= 0:
        return False
    return used * 100 - (progress + ctx.lag_points) * span > 0


def is_near_deadline_short(ctx, deadline, progress: int | None) -> bool:
    if ctx.orange_until is None or progress is None or deadline is None:
        return False
    return progress < ctx.orange_progress and ctx.today <= deadline <= ctx.orange_until


def time_used_percent(used: int | None, span: int | None) -> int | None:
    """Share of the span used, 0–100, or None when it cannot be judged."""
    if used is None or not span or span <= 0:
        return None
    return max(0, min(100, round(used * 100 / span)))


def schedule_words(progress: int | None, used: int | None, span: int | None) -> str:
    """"已用时 80%，进度 10%", or "" when either is unknown."""
    share = time_used_percent(used, span)
    if share is None or progress is None:
        return ""
    return f"已用时 {share}%，进度 {progress}%"
