"""The dashboard's figures of a group of tasks, whether counted from tasks or summed from rollup rows.

Definitions (shown on the page too):
- overdue (逾期) is the red warning: not signed off and past its deadline;
- yellow follows tasks/warnings.py (due within the office's threshold, or no
  report this month once the report window opens);
- due (应完成) = tasks with a deadline that has passed or that are signed off;
  on time (按时完成) = signed off no later than the deadline (Asia/Shanghai day);
  on-time rate = on time / due; completion rate = signed off / all tasks.

A group's row is (key, key, *COUNTS): conditional counts in one aggregate, added up in Python.
"""

import datetime

from django.db import connections
from django.db.models import Count, F, Q, QuerySet, Sum

from tasks.choices import TaskStatus
from tasks.warnings import WarningContext, orange_q, red_q, yellow_q

UPCOMING_DAYS = 30
TREND_MONTHS = 24
# Enum lookups are slow in a loop over a few thousand grouped rows: read them once.
STATUS_CHOICES = list(TaskStatus.choices)


SIGNED_OFF = TaskStatus.SIGNED_OFF.value


STATUS_LABELS = dict(STATUS_CHOICES)


FIGURES = ("total", "signed_off", "overdue", "orange", "yellow", "due", "on_time", "upcoming")


STATUS_FIELDS = {s: f"n_{s}" for s, _ in STATUS_CHOICES}


def due_q(ctx: WarningContext) -> Q:
    """Due: past the deadline, or signed off with a deadline (early completions count as due)."""
    return Q(deadline__lt=ctx.today) | Q(status=TaskStatus.SIGNED_OFF) & Q(deadline__isnull=False)


def on_time_q() -> Q:
    # The status test first: the time-zone conversion then runs for signed-off rows only.
    return Q(status=TaskStatus.SIGNED_OFF) & Q(signed_off_at__date__lte=F("deadline"))


def figure_counts(ctx: WarningContext, *, upcoming: bool = True, rollup: bool = False) -> dict:
    """The figures as conditional counts, so that a group's row is already its figures.

    A row per group (section, agency), not per (group, status) folded in
    Python: 8,700 section rows instead of 25,000, and no Python pass over them
    beyond adding them up per document. Over rollup rows (`rollup`), the same
    filters add up each row's task count instead of counting tasks.
    """
    def tally(condition: Q | None = None):
        return Sum("n", filter=condition, default=0) if rollup else Count("id", filter=condition)

    signed = Q(status=TaskStatus.SIGNED_OFF)
    counts = {
        "total": tally(),
        "signed_off": tally(signed),
        "overdue": tally(red_q(ctx)),
        "orange": tally(orange_q(ctx)),
        "yellow": tally(yellow_q(ctx)),
        "due": tally(due_q(ctx)),
        "on_time": tally(Q(on_time=True) if rollup else on_time_q()),
    }
    if upcoming:
        until = ctx.today + datetime.timedelta(days=UPCOMING_DAYS)
        counts["upcoming"] = tally(~signed & Q(deadline__gte=ctx.today, deadline__lte=until))
    counts.update({field: tally(Q(status=s)) for s, field in STATUS_FIELDS.items() if s != SIGNED_OFF})
    return counts


COUNTS = FIGURES + tuple(field for s, field in STATUS_FIELDS.items() if s != SIGNED_OFF)


def sum_rows(rows: list[tuple]) -> dict:
    """Counts of several section rows (section_id, document_id, *COUNTS) added up."""
    if not rows:
        return dict.fromkeys(COUNTS, 0)
    return {key: sum(column) for key, column in zip(COUNTS, zip(*(row[2:] for row in rows), strict=True), strict=True)}


def figures(row: dict) -> dict:
    """The figures of one group, with the derived ones the page and the API show."""
    fig = {key: row.get(key, 0) for key in FIGURES}
    fig["open"] = fig["total"] - fig["signed_off"]
    fig["red"] = fig["overdue"]
    fig["completion_rate"] = pct(fig["signed_off"], fig["total"])
    fig["on_time_rate"] = pct(fig["on_time"], fig["due"])
    counts = {s: row.get(field, 0) for s, field in STATUS_FIELDS.items()}
    counts[SIGNED_OFF] = fig["signed_off"]
    fig["by_status"] = [{"status": s, "label": label, "count": counts[s]} for s, label in STATUS_CHOICES]
    return fig


def pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def plain_rows(qs: QuerySet) -> list[tuple]:
    """An aggregate's rows as the database driver returns them.

    Django converts every value it reads (int() per count): 8,700 section rows
    times 11 counts cost more Python than everything else on the page.
    """
    if qs.query.is_empty():  # visible_tasks(…).none(): no SQL to run
        return []
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def section_rows(qs: QuerySet, ctx: WarningContext, rollup: bool = False) -> list[tuple]:
    """(section_id, document_id, *COUNTS) per section: the base of the totals, document and section tables.

    Integer keys only: grouping by titles makes PostgreSQL sort 100,000 rows of
    text. A section belongs to one document; tasks without a section form one
    row per document.
    """
    grouped = qs.values("section_id", "document_id").annotate(**figure_counts(ctx, rollup=rollup))
    return plain_rows(grouped.values_list("section_id", "document_id", *COUNTS))


def league_table(rows) -> list[dict]:
    out = []
    for row in rows:
        item = figures(row)
        del item["upcoming"]  # not counted for the league (its biggest scan)
        item.update(id=row["agency_key"], name=row["name"], short_name=row["short_name"] or row["name"])
        out.append(item)
    return sorted(out, key=lambda a: (-a["overdue"], -a["yellow"], -a["total"], a["name"]))


def month_series(counts: dict[datetime.date, int], today: datetime.date) -> list[dict]:
    if not counts:
        return []
    first, last = min(counts), max(max(counts), today.replace(day=1))
    months = []
    cursor = first
    while cursor <= last:
        months.append(cursor)
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    return [{"month": m.strftime("%Y-%m"), "count": counts.get(m, 0)} for m in months[-TREND_MONTHS:]]
