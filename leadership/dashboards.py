"""Dashboard figures (领导驾驶舱) as a few set-based aggregate queries returning plain dicts.

Used by the dashboard page and by /api/dashboard/. Every figure is computed in
SQL with conditional counts; Python only adds up the handful of grouped rows
(one per section), never loops over tasks, so the cost is the same ~10
queries at 100 tasks and at 100,000.

The figures and their definitions: leadership/figures.py.

For the office and leadership, the grouped figures (totals, documents, sections, league, trend) are
sums over the rollup rows the triggers keep (leadership/rollups.py), with the same Q objects; only the
two short lists read tasks. Unfiltered (or by year only), they come from the document-free rollups
(leadership/dashboard_rollups.py); filtered by a document or an agency, from that filter's rows.
Agency accounts and SQLite count tasks directly, as before.
"""

import datetime
from collections import defaultdict

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
    Value,
)
from django.db.models.functions import Coalesce, NullIf, TruncMonth
from django.utils import timezone

from agencies.roles import Actor
from documents.models import Document, Section
from tasks.choices import AssignmentRole, TaskStatus
from tasks.models import Assignment, Task
from tasks.selectors import actor_agency_ids, visible_tasks
from tasks.warnings import WarningContext, red_q, reports_of_month, warning_context

from .dashboard_rollups import DOCUMENT_LIMIT, SECTION_LIMIT, document_free, fold_months, rollup_league
from .figures import (
    COUNTS,
    STATUS_LABELS,
    UPCOMING_DAYS,
    figure_counts,
    figures,
    league_table,
    month_series,
    plain_rows,
    section_rows,
    sum_rows,
)
from .rollups import rollup_rows, rollups_available

LIST_LIMIT = 50
ID_LIST_LIMIT = 300  # past this many documents, read them all rather than list their ids (see _documents)


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


def _by_doc(rows: list[tuple]) -> dict[int, list[tuple]]:
    grouped: dict = defaultdict(list)
    for row in rows:
        grouped[row[1]].append(row)
    return grouped


def _documents(by_doc: dict[int, list[tuple]]) -> dict[int, dict]:
    """Title, 文号 and year of the documents in the figures.

    Past a few hundred ids, all documents are read and the others dropped:
    Django prepares an IN (…) list one value at a time (1,700 ids: 25 ms of
    Python), while the documents table is small.
    """
    docs = Document.objects.values("id", "title", "doc_number", "year").order_by()
    if len(by_doc) <= ID_LIST_LIMIT:
        docs = docs.filter(id__in=list(by_doc))
    return {d["id"]: d for d in docs if d["id"] in by_doc}


def _document_order(doc: dict) -> tuple:
    """Newest year first, then 文号 and title in code-point order (rollups.page_documents sorts the same)."""
    return -(doc["year"] or 0), doc["doc_number"], doc["title"], doc["id"]


def _by_document(by_doc: dict[int, list[tuple]], documents: dict[int, dict]) -> list[dict]:
    """The first DOCUMENT_LIMIT documents (newest year first, by 文号) with their figures."""
    ordered = sorted(documents.values(), key=_document_order)
    out = []
    for doc in ordered[:DOCUMENT_LIMIT]:
        item = figures(sum_rows(by_doc.get(doc["id"], [])))
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
        item = figures(dict(zip(COUNTS, counts, strict=True)))
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
        **figure_counts(ctx, upcoming=False),
        name=Min("assignments__agency__name"), short_name=Min("assignments__agency__short_name"),
    )
    return league_table(rows)


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
    return month_series(counts, today)


def dashboard_summary(*, actor: Actor, year=None, document_id=None, agency_id=None, today=None,
                      filter_aids: dict | None = None) -> dict:
    """All dashboard figures for what the actor may see, narrowed by year, document and agency.

    `filter_aids`: a dict that receives, when the summary read them anyway (the unfiltered office and
    leadership dashboard), the page filter's years (every year holding tasks) under "years" and documents
    (the first DOCUMENT_LIMIT holding tasks, in the page's order) under "documents": saves the page two queries.
    """
    ctx = warning_context(today)
    agency_ids = actor_agency_ids(actor)
    qs = _scoped_tasks(actor, agency_ids, ctx, year=year, document_id=document_id, agency_id=agency_id)
    rollup = agency_ids is None and rollups_available(qs.db)
    filters = {"year": year, "document_id": document_id, "agency_id": agency_id}
    if rollup and not document_id and not agency_id:
        part = document_free(ctx, year)
        rows, documents, league, trend = part["rows"], part["documents"], part["league"], part["trend"]
        totals = figures(sum_rows(part["totals_rows"]))
        documents_total, sections_total = part["documents_total"], part["sections_total"]
        if filter_aids is not None:
            filter_aids["years"] = part["years"]
    else:
        if rollup:
            rows, months = fold_months(plain_rows(
                rollup_rows(ctx, **filters).values("section_id", "document_id", "signed_off_month")
                .annotate(**figure_counts(ctx, rollup=True))
                .values_list("section_id", "document_id", "signed_off_month", *COUNTS)))
            league = rollup_league(rollup_rows(ctx, **filters, lead_only=True), ctx)
            trend = month_series(months, ctx.today)
        else:
            rows = section_rows(qs, ctx)
            league, trend = _league(qs, ctx, agency_ids, agency_id), _trend(qs, ctx.today)
        totals = figures(sum_rows(rows))
        documents = _documents(_by_doc(rows))
        documents_total, sections_total = len(documents), len(rows)
    by_doc = _by_doc(rows)
    overdue, upcoming = _task_lists(qs, ctx)
    by_document = _by_document(by_doc, documents)
    if filter_aids is not None and "years" in filter_aids:
        filter_aids["documents"] = [{k: doc[k] for k in ("id", "title", "doc_number", "year")} for doc in by_document]
    return {
        "counted_from": "rollups" if rollup else "tasks",
        "today": ctx.today,
        "filters": {"year": year, "document": document_id, "agency": agency_id},
        "scope": "all" if agency_ids is None else "agency",
        "scope_agency_ids": agency_ids,  # None: every agency
        "totals": totals,
        "by_document": by_document,
        "documents_total": documents_total,
        "by_section": _by_section(by_doc, documents),
        "sections_total": sections_total,
        "league": league,
        "overdue": {"count": totals["overdue"], "items": overdue},
        "upcoming": {"count": totals["upcoming"], "days": UPCOMING_DAYS, "items": upcoming},
        "signed_off_trend": trend,
    }
