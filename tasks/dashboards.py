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
"""

import datetime
from collections import defaultdict

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf, TruncMonth
from django.utils import timezone

from agencies.roles import Actor
from documents.models import Document, Section

from .choices import AssignmentRole, TaskStatus
from .models import Assignment, ProgressReport, Task
from .selectors import actor_agency_ids, visible_tasks
from .warnings import WarningContext, red_q, warning_context, yellow_q

LIST_LIMIT = 50
UPCOMING_DAYS = 30
TREND_MONTHS = 24
SECTION_LIMIT = 200
DOCUMENT_LIMIT = 200
# Enum lookups are slow in a loop over a few thousand grouped rows: read them once.
STATUS_CHOICES = list(TaskStatus.choices)
SIGNED_OFF = TaskStatus.SIGNED_OFF.value
STATUS_LABELS = dict(STATUS_CHOICES)


def _report_flag(ctx: WarningContext, agency_ids: list[int] | None) -> ExpressionWrapper:
    """`has_report_this_month` as an uncorrelated IN (…): one hashed scan of the month's reports.

    Same meaning as warnings.with_report_flag (a correlated EXISTS), which would
    probe the reports index once per task: too slow at 100,000 tasks.
    """
    reports = ProgressReport.objects.filter(period=ctx.month_start)
    if agency_ids is not None:
        reports = reports.filter(agency_id__in=agency_ids)
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


def _counts(ctx: WarningContext, *, upcoming: bool = True) -> dict:
    """Counts per group of (…, status); `_fold` turns them into the figures.

    Grouping by status replaces a FILTER per status and lets one count serve two
    figures (past deadline = overdue when open, due either way), so the scan of
    100,000 tasks evaluates six conditions per row instead of a dozen.
    """
    counts = {
        "n": Count("id"),
        "n_dated": Count("deadline"),
        "n_past": Count("id", filter=Q(deadline__lt=ctx.today)),
        "n_yellow": Count("id", filter=yellow_q(ctx)),
        # The status test first: the time-zone conversion then runs for signed-off rows only.
        "n_on_time": Count("id", filter=Q(status=TaskStatus.SIGNED_OFF) & Q(signed_off_at__date__lte=F("deadline"))),
    }
    if upcoming:
        until = ctx.today + datetime.timedelta(days=UPCOMING_DAYS)
        counts["n_soon"] = Count("id", filter=Q(deadline__gte=ctx.today, deadline__lte=until))
    return counts


def _fold(rows: list[dict]) -> dict:
    """Figures of a group from its per-status rows (a handful of rows, never one per task)."""
    by_status = {s: 0 for s, _ in STATUS_CHOICES}
    fig = dict.fromkeys(("total", "signed_off", "overdue", "yellow", "due", "on_time", "upcoming"), 0)
    for row in rows:
        fig["total"] += row["n"]
        by_status[row["status"]] += row["n"]
        if row["status"] == SIGNED_OFF:
            fig["signed_off"] += row["n"]
            fig["due"] += row["n_dated"]
            fig["on_time"] += row["n_on_time"]
        else:
            # red_q: open and past the deadline.
            fig["overdue"] += row["n_past"]
            fig["due"] += row["n_past"]
            fig["upcoming"] += row.get("n_soon", 0)
            fig["yellow"] += row["n_yellow"]
    fig["open"] = fig["total"] - fig["signed_off"]
    fig["red"] = fig["overdue"]
    fig["completion_rate"] = _pct(fig["signed_off"], fig["total"])
    fig["on_time_rate"] = _pct(fig["on_time"], fig["due"])
    fig["by_status"] = [{"status": s, "label": label, "count": by_status[s]} for s, label in STATUS_CHOICES]
    return fig


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _group(rows: list[dict], key: str) -> dict:
    grouped: dict = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def _section_rows(qs: QuerySet, ctx: WarningContext) -> list[dict]:
    """Counts per (document, section, status): the base of the totals, document and section tables."""
    # Integer keys only: grouping by titles makes PostgreSQL sort 100,000 rows of text.
    return list(qs.values("document_id", "section_id", "status").annotate(**_counts(ctx)))


def _documents(rows: list[dict]) -> dict[int, dict]:
    ids = {row["document_id"] for row in rows}
    return {d["id"]: d for d in Document.objects.filter(id__in=ids).values("id", "title", "doc_number", "year")}


def _by_document(rows: list[dict], documents: dict[int, dict]) -> list[dict]:
    out = []
    for doc_id, doc_rows in _group(rows, "document_id").items():
        item = _fold(doc_rows)
        item.update(documents[doc_id])
        out.append(item)
    return sorted(out, key=lambda d: (-(d["year"] or 0), d["doc_number"], d["title"]))


def _by_section(rows: list[dict], documents: dict[int, dict]) -> list[dict]:
    """Per section, in document order; sections' names in one query."""
    grouped = _group(rows, "section_id")
    names = {
        s["id"]: s for s in Section.objects.filter(id__in=[k for k in grouped if k is not None])
        .values("id", "number", "title", "order", "plan__order")
    }
    out = []
    for section_id, section_rows in grouped.items():
        meta = names.get(section_id, {})
        doc_id = section_rows[0]["document_id"]
        item = _fold(section_rows)
        item.update(
            id=section_id, number=meta.get("number", ""), title=meta.get("title") or "（未分部分）",
            document_id=doc_id, document_title=documents[doc_id]["title"],
            document_number=documents[doc_id]["doc_number"],
            _order=(doc_id, meta.get("plan__order", 0), meta.get("order", 10**6)),
        )
        out.append(item)
    out.sort(key=lambda s: s.pop("_order"))
    return out


def _league(qs: QuerySet, ctx: WarningContext, agency_ids: list[int] | None, agency_id: int | None) -> list[dict]:
    """Agencies as lead (牵头): one row per agency, worst overdue first."""
    leads = Q(assignments__role=AssignmentRole.LEAD)
    if agency_ids is not None:
        leads &= Q(assignments__agency_id__in=agency_ids)
    if agency_id:
        leads &= Q(assignments__agency_id=agency_id)
    rows = qs.filter(leads).values(
        "assignments__agency_id", "assignments__agency__name", "assignments__agency__short_name", "status"
    ).annotate(**_counts(ctx, upcoming=False))
    out = []
    for agency, agency_rows in _group(rows, "assignments__agency_id").items():
        item = _fold(agency_rows)
        item.pop("upcoming")  # not counted for the league (one FILTER less on the biggest scan)
        first = agency_rows[0]
        item.update(id=agency, name=first["assignments__agency__name"],
                    short_name=first["assignments__agency__short_name"] or first["assignments__agency__name"])
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
        .annotate(month=TruncMonth("signed_off_at")).values("month").annotate(n=Count("id")).order_by("month")
    )
    counts = {timezone.localtime(r["month"]).date() if isinstance(r["month"], datetime.datetime) else r["month"]: r["n"]
              for r in rows}
    if not counts:
        return []
    first, last = min(counts), max(max(counts), today.replace(day=1))
    months = []
    cursor = first
    while cursor <= last:
        months.append(cursor)
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    return [{"month": m.strftime("%Y-%m"), "count": counts.get(m, 0)} for m in months[-TREND_MONTHS:]]


def dashboard_summary(*, actor: Actor, year=None, document_id=None, agency_id=None, today=None) -> dict:
    """All dashboard figures for what the actor may see, narrowed by year, document and agency."""
    ctx = warning_context(today)
    agency_ids = actor_agency_ids(actor)
    qs = _scoped_tasks(actor, agency_ids, ctx, year=year, document_id=document_id, agency_id=agency_id)
    rows = _section_rows(qs, ctx)
    overdue, upcoming = _task_lists(qs, ctx)
    totals = _fold(rows)
    documents = _documents(rows)
    sections = _by_section(rows, documents)
    return {
        "today": ctx.today,
        "filters": {"year": year, "document": document_id, "agency": agency_id},
        "scope": "all" if agency_ids is None else "agency",
        "scope_agency_ids": agency_ids,  # None: every agency
        "totals": totals,
        "by_document": _by_document(rows, documents)[:DOCUMENT_LIMIT],
        "documents_total": len(documents),
        "by_section": sections[:SECTION_LIMIT],
        "sections_total": len(sections),
        "league": _league(qs, ctx, agency_ids, agency_id),
        "overdue": {"count": totals["overdue"], "items": overdue},
        "upcoming": {"count": totals["upcoming"], "days": UPCOMING_DAYS, "items": upcoming},
        "signed_off_trend": _trend(qs, ctx.today),
    }
