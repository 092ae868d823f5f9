"""Dashboard figures (领导驾驶舱) as a few set-based aggregate queries returning plain dicts.

Used by the dashboard page and by /api/dashboard/. Every figure is computed in
SQL with conditional counts; Python only adds up the handful of grouped rows
(one per section), never loops over tasks, so the cost is the same ~10
queries at 100 tasks and at 100,000.

Definitions (shown on the page too):
- overdue (逾期) is the red warning: not signed off and past its deadline;
- yellow follows tasks/warnings.py (due within the office's threshold, or no
  report this month once the report window opens);
- due (应完成) = tasks with a deadline that has passed or that are signed off;
  on time (按时完成) = signed off no later than the deadline (Asia/Shanghai day);
  on-time rate = on time / due; completion rate = signed off / all tasks.

For the office and leadership, the grouped figures (totals, documents, sections, league, trend) are
sums over the rollup rows the triggers keep (leadership/rollups.py), with the same Q objects; only the
two short lists read tasks. Agency accounts and SQLite count tasks directly, as before.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable

from django.db import connections
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf, TruncMonth
from django.utils import timezone

from agencies.roles import Actor
from documents.models import Document, Section
from tasks.choices import AssignmentRole, TaskStatus
from tasks.models import Assignment, Task
from tasks.selectors import actor_agency_ids, visible_tasks
from tasks.warnings import WarningContext, orange_q, red_q, reports_of_month, warning_context, yellow_q

from .rollups import rollup_rows, rollups_available

LIST_LIMIT = 50
UPCOMING_DAYS = 30
TREND_MONTHS = 24
SECTION_LIMIT = 200
DOCUMENT_LIMIT = 200
ID_LIST_LIMIT = 300  # past this many documents, read them all rather than list their ids (see _documents)
# Enum lookups are slow in a loop over a few thousand grouped rows: read them once.
STATUS_CHOICES = list(TaskStatus.choices)
SIGNED_OFF = TaskStatus.SIGNED_OFF.value
STATUS_LABELS = dict(STATUS_CHOICES)


def _report_flag(ctx: WarningContext, agency_ids: list[int] | None) -> ExpressionWrapper:
    """`has_report_this_month` as an uncorrelated IN (…): one hashed scan of the month's reports.

    Same meaning as warnings.with_report_flag (a correlated EXISTS), which would
    probe the reports index once per task: too slow at 100,000 tasks.
    """
    reports = reports_of_month(ctx, agency_ids)
    return ExpressionWrapper(Q(pk__in=reports.values("task_id")), output_field=BooleanField())


def _scoped_tasks(actor: Actor, agency_ids, ctx, *, year, document_id, agency_id) -> QuerySet[Task]:
    qs = visible_tasks(actor, agency_ids)
    if year:
        qs = qs.filter(document__year=year)
    if document_id:
        qs = qs.filter(document_id=document_id)
    if agency_id:
        qs = qs.filter(Exists(Assignment.objects.filter(task=OuterRef("pk"), agency_id=agency_id)))
    return qs.alias(has_report_this_month=_report_flag(ctx, agency_ids)).order_by()


FIGURES = ("total", "signed_off", "overdue", "orange", "yellow", "due", "on_time", "upcoming")
STATUS_FIELDS = {s: f"n_{s}" for s, _ in STATUS_CHOICES}


def due_q(ctx: WarningContext) -> Q:
    """Due: past the deadline, or signed off with a deadline (early completions count as due)."""
    return Q(deadline__lt=ctx.today) | Q(status=TaskStatus.SIGNED_OFF) & Q(deadline__isnull=False)


def on_time_q() -> Q:
    # The status test first: the time-zone conversion then runs for signed-off rows only.
    return Q(status=TaskStatus.SIGNED_OFF) & Q(signed_off_at__date__lte=F("deadline"))


def _counts(ctx: WarningContext, *, upcoming: bool = True, rollup: bool = False) -> dict:
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


def _sum(rows: list[tuple]) -> dict:
    """Counts of several section rows (section_id, document_id, *COUNTS) added up."""
    if not rows:
        return dict.fromkeys(COUNTS, 0)
    return {key: sum(column) for key, column in zip(COUNTS, zip(*(row[2:] for row in rows), strict=True), strict=True)}


def _figures(row: dict) -> dict:
    """The figures of one group, with the derived ones the page and the API show."""
    fig = {key: row.get(key, 0) for key in FIGURES}
    fig["open"] = fig["total"] - fig["signed_off"]
    fig["red"] = fig["overdue"]
    fig["completion_rate"] = _pct(fig["signed_off"], fig["total"])
    fig["on_time_rate"] = _pct(fig["on_time"], fig["due"])
    counts = {s: row.get(field, 0) for s, field in STATUS_FIELDS.items()}
    counts[SIGNED_OFF] = fig["signed_off"]
    fig["by_status"] = [{"status": s, "label": label, "count": counts[s]} for s, label in STATUS_CHOICES]
    return fig


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _plain_rows(qs: QuerySet) -> list[tuple]:
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


def _section_rows(qs: QuerySet, ctx: WarningContext, rollup: bool = False) -> list[tuple]:
    """(section_id, document_id, *COUNTS) per section: the base of the totals, document and section tables.

    Integer keys only: grouping by titles makes PostgreSQL sort 100,000 rows of
    text. A section belongs to one document; tasks without a section form one
    row per document.
    """
    grouped = qs.values("section_id", "document_id").annotate(**_counts(ctx, rollup=rollup))
    return _plain_rows(grouped.values_list("section_id", "document_id", *COUNTS))


def _by_doc(rows: list[tuple]) -> dict[int, list[tuple]]:
    grouped: dict = defaultdict(list)
    for row in rows:
        grouped[row[1]].append(row)
    return grouped


def _documents(by_doc: dict[int, list[tuple]], known: dict[int, dict] | None = None) -> dict[int, dict]:
    """Title, 文号 and year of the documents in the figures.

    Past a few hundred ids, all documents are read and the others dropped:
    Django prepares an IN (…) list one value at a time (1,700 ids: 25 ms of
    Python), while the documents table is small. `known`: documents the
    caller has read already (the page's filter list, every document holding
    a visible task, so a superset): no query.
    """
    if known is not None:
        return {pk: known[pk] for pk in by_doc}
    docs = Document.objects.values("id", "title", "doc_number", "year").order_by()
    if len(by_doc) <= ID_LIST_LIMIT:
        docs = docs.filter(id__in=list(by_doc))
    return {d["id"]: d for d in docs if d["id"] in by_doc}


def _by_document(by_doc: dict[int, list[tuple]], documents: dict[int, dict]) -> list[dict]:
    """The first DOCUMENT_LIMIT documents (newest year first, by 文号) with their figures."""
    ordered = sorted(documents.values(), key=lambda d: (-(d["year"] or 0), d["doc_number"], d["title"]))
    out = []
    for doc in ordered[:DOCUMENT_LIMIT]:
        item = _figures(_sum(by_doc[doc["id"]]))
        item.update(doc)
        out.append(item)
    return out


def _by_section(by_doc: dict[int, list[tuple]], documents: dict[int, dict]) -> list[dict]:
    """The first SECTION_LIMIT sections in document order (oldest document first, then plan and section order).

    Only the sections that can be shown are looked up, from as many documents
    (in id order) as it takes to fill the list.
    """
    head: list[tuple] = []
    for doc_id in sorted(by_doc):
        head.extend(by_doc[doc_id])
        if len(head) >= SECTION_LIMIT:
            break
    names = {
        s["id"]: s for s in Section.objects.filter(id__in=[row[0] for row in head if row[0]])
        .values("id", "number", "title", "order", "plan__order")
    }
    out = []
    for section_id, doc_id, *counts in head:
        meta = names.get(section_id, {})
        item = _figures(dict(zip(COUNTS, counts, strict=True)))
        item.update(
            id=section_id, number=meta.get("number", ""), title=meta.get("title") or "（未分部分）",
            document_id=doc_id, document_title=documents[doc_id]["title"],
            document_number=documents[doc_id]["doc_number"],
            _order=(doc_id, meta.get("plan__order", 0), meta.get("order", 10**6)),
        )
        out.append(item)
    out.sort(key=lambda s: s.pop("_order"))
    return out[:SECTION_LIMIT]


def _league(qs: QuerySet, ctx: WarningContext, agency_ids: list[int] | None, agency_id: int | None) -> list[dict]:
    """Agencies as lead (牵头): one row per agency, worst overdue first."""
    leads = Q(assignments__role=AssignmentRole.LEAD)
    if agency_ids is not None:
        leads &= Q(assignments__agency_id__in=agency_ids)
    if agency_id:
        leads &= Q(assignments__agency_id=agency_id)
    # Grouped by the agency's key alone (grouping by its names too sorted 138,000 rows of text).
    rows = qs.filter(leads).values(agency_key=F("assignments__agency_id")).annotate(
        **_counts(ctx, upcoming=False),
        name=Min("assignments__agency__name"), short_name=Min("assignments__agency__short_name"),
    )
    return _league_table(rows)


def _rollup_league(rows: QuerySet, ctx: WarningContext) -> list[dict]:
    """The league from the lead rows of the agency rollup (rows: rollup_rows(…, lead_only=True))."""
    return _league_table(rows.values(agency_key=F("agency_id")).annotate(
        **_counts(ctx, upcoming=False, rollup=True), name=Min("agency__name"), short_name=Min("agency__short_name"),
    ))


def _league_table(rows) -> list[dict]:
    out = []
    for row in rows:
        item = _figures(row)
        del item["upcoming"]  # not counted for the league (its biggest scan)
        item.update(id=row["agency_key"], name=row["name"], short_name=row["short_name"] or row["name"])
        out.append(item)
    return sorted(out, key=lambda a: (-a["overdue"], -a["yellow"], -a["total"], a["name"]))


def _task_lists(qs: QuerySet, ctx: WarningContext) -> tuple[list[dict], list[dict]]:
    """The first overdue tasks and the open tasks due in the next 30 days (2 queries).

    The lead agency comes from a subquery on each listed row (at most 100):
    the first lead, and how many leads there are in all.
    """
    leads = Assignment.objects.filter(task=OuterRef("pk"), role=AssignmentRole.LEAD)
    qs = qs.annotate(
        lead_name=Subquery(
            leads.order_by("id").annotate(who=Coalesce(NullIf("agency__short_name", Value("")), "agency__name"))
            .values("who")[:1]
        ),
        lead_count=Subquery(leads.values("task").annotate(n=Count("id")).values("n")[:1]),
    )
    fields = ("id", "number", "text", "deadline", "status", "document_id", "document__title", "document__doc_number",
              "lead_name", "lead_count")
    overdue = list(qs.filter(red_q(ctx)).order_by("deadline", "id").values(*fields)[:LIST_LIMIT])
    until = ctx.today + datetime.timedelta(days=UPCOMING_DAYS)
    upcoming = list(
        qs.exclude(status=TaskStatus.SIGNED_OFF).filter(deadline__gte=ctx.today, deadline__lte=until)
        .order_by("deadline", "id").values(*fields)[:LIST_LIMIT]
    )
    for row in overdue + upcoming:
        row["leads"] = (row["lead_name"] or "") + ("等" if (row["lead_count"] or 0) > 1 else "")
        row["days_left"] = (row["deadline"] - ctx.today).days
        row["overdue_days"] = max(0, -row["days_left"])
        row["status_label"] = STATUS_LABELS[row["status"]]
    return overdue, upcoming


def _trend(qs: QuerySet, today: datetime.date) -> list[dict]:
    """Tasks signed off per month, gaps filled with 0, up to the last 24 months."""
    rows = (
        qs.filter(status=TaskStatus.SIGNED_OFF, signed_off_at__isnull=False)
        # COUNT(*), not COUNT(id): the partial index task_signed_off_at_idx then answers without the table.
        .annotate(month=TruncMonth("signed_off_at")).values("month").annotate(n=Count("*")).order_by("month")
    )
    counts = {timezone.localtime(r["month"]).date() if isinstance(r["month"], datetime.datetime) else r["month"]: r["n"]
              for r in rows}
    return _months(counts, today)


def _rollup_trend(rows: QuerySet, today: datetime.date) -> list[dict]:
    """The same from the rollup rows: their sign-off month is already the Asia/Shanghai month."""
    grouped = rows.filter(status=TaskStatus.SIGNED_OFF).values("signed_off_month").annotate(n=Sum("n"))
    return _months({r["signed_off_month"]: r["n"] for r in grouped}, today)


def _months(counts: dict[datetime.date, int], today: datetime.date) -> list[dict]:
    if not counts:
        return []
    first, last = min(counts), max(max(counts), today.replace(day=1))
    months = []
    cursor = first
    while cursor <= last:
        months.append(cursor)
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    return [{"month": m.strftime("%Y-%m"), "count": counts.get(m, 0)} for m in months[-TREND_MONTHS:]]


def dashboard_summary(*, actor: Actor, year=None, document_id=None, agency_id=None, today=None,
                      read_documents: Callable[[list[int] | None], dict[int, dict]] | None = None) -> dict:
    """All dashboard figures for what the actor may see, narrowed by year, document and agency.

    `read_documents(agency_ids)`: {id: {id, title, doc_number, year}} of at least every document holding a
    task visible in that scope, when the caller reads them anyway (the page's document filter): saves a query.
    """
    ctx = warning_context(today)
    agency_ids = actor_agency_ids(actor)
    qs = _scoped_tasks(actor, agency_ids, ctx, year=year, document_id=document_id, agency_id=agency_id)
    rollup = agency_ids is None and rollups_available(qs.db)
    filters = {"year": year, "document_id": document_id, "agency_id": agency_id}
    rows = _section_rows(rollup_rows(ctx, **filters) if rollup else qs, ctx, rollup)
    by_doc = _by_doc(rows)
    overdue, upcoming = _task_lists(qs, ctx)
    totals = _figures(_sum(rows))
    documents = _documents(by_doc, read_documents(agency_ids) if read_documents else None)
    if rollup:
        league = _rollup_league(rollup_rows(ctx, **filters, lead_only=True), ctx)
        trend = _rollup_trend(rollup_rows(ctx, **filters), ctx.today)
    else:
        league, trend = _league(qs, ctx, agency_ids, agency_id), _trend(qs, ctx.today)
    return {
        "counted_from": "rollups" if rollup else "tasks",
        "today": ctx.today,
        "filters": {"year": year, "document": document_id, "agency": agency_id},
        "scope": "all" if agency_ids is None else "agency",
        "scope_agency_ids": agency_ids,  # None: every agency
        "totals": totals,
        "by_document": _by_document(by_doc, documents),
        "documents_total": len(documents),
        "by_section": _by_section(by_doc, documents),
        "sections_total": len(rows),
        "league": league,
        "overdue": {"count": totals["overdue"], "items": overdue},
        "upcoming": {"count": totals["upcoming"], "days": UPCOMING_DAYS, "items": upcoming},
        "signed_off_trend": trend,
    }
