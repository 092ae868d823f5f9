"""Reading and repairing the dashboard rollups (models: leadership/rollup_models.py; triggers: migration 0003).

The office and leadership dashboards count from these rows (leadership/dashboards.py), so their cost
follows documents × agencies × distinct dates, not the number of tasks. Agency accounts keep counting
their own tasks directly: their scope is the tasks of several agencies at once (own and collective
names), which the per-agency rows would count twice, and "reported this month" is then limited to their
own agencies' reports; an agency's tasks are few and read through the (agency, role, task) index.
"""

from django.db import connections
from django.db.models import BooleanField, Case, QuerySet, Value, When

from tasks.warnings import WarningContext

from .rollup_models import (
    AgencyRollup,
    AgencyRollupState,
    LeadRollup,
    SectionRollup,
    TaskRollup,
    TaskRollupState,
    YearRollup,
)

ROLLUP_MODELS = (TaskRollup, AgencyRollup, YearRollup, LeadRollup, SectionRollup, TaskRollupState, AgencyRollupState)

# Code-point order, as Python's sort of the same strings: the page order of documents is the one
# dashboards._document_order gives (Python compares strings by code point), whichever side sorts.
CODE_POINT = "C"


def rollups_available(using: str = "default") -> bool:
    """The triggers exist only on PostgreSQL; SQLite (make run) counts tasks directly."""
    return connections[using].vendor == "postgresql"


def rollup_rows(ctx: WarningContext, *, year=None, document_id=None, agency_id=None,
                lead_only: bool = False) -> QuerySet:
    """The rollup rows of the dashboard's filters, with the `has_report_this_month` the warning Qs read.

    With an agency: that agency's rows (each task once: an agency has one assignment per task).
    "Reported this month" is the latest reported month being this one: reporting.services refuses a report
    for a later month than today's, so no later month is ever stored.
    """
    qs = AgencyRollup.objects.filter(agency_id=agency_id) if agency_id else (
        AgencyRollup.objects.all() if lead_only else TaskRollup.objects.all())
    if lead_only:
        qs = qs.filter(is_lead=True)
    if year:
        qs = qs.filter(document__year=year)
    if document_id:
        qs = qs.filter(document_id=document_id)
    return qs.filter(n__gt=0).alias(has_report_this_month=_reported(ctx)).order_by()


def _reported(ctx: WarningContext) -> Case:
    return Case(When(report_month=ctx.month_start, then=Value(True)), default=Value(False),
                output_field=BooleanField())


def year_rows(ctx: WarningContext) -> QuerySet:
    """Every year's rows of the document-free rollup (the dashboard sums the years its filter keeps)."""
    return YearRollup.objects.alias(has_report_this_month=_reported(ctx)).order_by()


def lead_rows(ctx: WarningContext, year=None) -> QuerySet:
    """The lead agencies' document-free rows (the league)."""
    qs = LeadRollup.objects.filter(year=year) if year else LeadRollup.objects.all()
    return qs.alias(has_report_this_month=_reported(ctx)).order_by()


def page_documents(year, *, shown: int, sections: int, using: str = "default") -> tuple[list[dict], dict]:
    """The documents the unfiltered dashboard lists, and how many documents and sections hold tasks (one query).

    Listed: the first `shown` documents holding tasks in the page's order (newest year first, then 文号 and
    title in code-point order: documents.document_page_order_idx, walked, not sorted), and the oldest
    documents (by id) holding the first `sections` sections, which the section table lists.
    Counted: SectionRollup's rows (one per section holding tasks, and one per document for its tasks
    outside any section), as the direct count groups tasks.
    """
    of_year = "year = %(year)s" if year else "TRUE"
    sql = f"""
        WITH counted AS (
            SELECT count(DISTINCT document_id) AS documents, count(*) AS sections
            FROM leadership_sectionrollup WHERE {of_year}
        ), listed AS (
            (SELECT d.id FROM documents_document d
             WHERE {"d.year = %(year)s" if year else "TRUE"}
               AND EXISTS (SELECT 1 FROM leadership_sectionrollup s WHERE s.document_id = d.id)
             ORDER BY d.year DESC NULLS LAST, d.doc_number COLLATE "{CODE_POINT}", d.title COLLATE "{CODE_POINT}", d.id
             LIMIT %(shown)s)
            UNION
            (SELECT document_id FROM leadership_sectionrollup WHERE {of_year}
             ORDER BY document_id, section_id LIMIT %(sections)s)
        )
        SELECT c.documents, c.sections, d.id, d.title, d.doc_number, d.year
        FROM counted c LEFT JOIN (listed l JOIN documents_document d ON d.id = l.id) ON TRUE"""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, {"year": year, "shown": shown, "sections": sections})
        rows = cursor.fetchall()
    counts = {"documents": rows[0][0], "sections": rows[0][1]}
    docs = [{"id": pk, "title": title, "doc_number": number, "year": y} for _d, _s, pk, title, number, y in rows
            if pk is not None]
    return docs, counts


def rebuild_rollups(using: str = "default") -> None:
    """Recount every row from the tasks (repair; the triggers keep them current otherwise), then ANALYZE them:
    the planner's estimates of a freshly refilled table are of the rows it held before (an IN list over
    TaskRollup's documents became a parallel scan of every row at a million tasks)."""
    if not rollups_available(using):
        return
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT leadership_rollup_rebuild()")
        for model in ROLLUP_MODELS:
            cursor.execute(f"ANALYZE {connections[using].ops.quote_name(model._meta.db_table)}")
