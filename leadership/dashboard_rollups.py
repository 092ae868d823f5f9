"""The unfiltered office and leadership dashboard from the document-free rollups (issue 19).

Its cost follows years, dates, agencies and the few hundred documents it lists, not the tasks: totals and
trend from YearRollup, the league from LeadRollup, the document and section tables from TaskRollup rows of
the listed documents only (leadership/rollups.py reads them; leadership/rollup_models.py says what they hold).
"""

from collections import defaultdict

from django.db.models import F, Min, QuerySet

from tasks.warnings import WarningContext

from .figures import COUNTS, figure_counts, league_table, month_series, plain_rows, section_rows
from .rollups import lead_rows, page_documents, rollup_rows, year_rows

SECTION_LIMIT = 200
DOCUMENT_LIMIT = 200


def rollup_league(rows: QuerySet, ctx: WarningContext) -> list[dict]:
    """The league from lead rows: rollups.lead_rows (unfiltered, by year) or rollup_rows(…, lead_only=True)."""
    return league_table(rows.values(agency_key=F("agency_id")).annotate(
        **figure_counts(ctx, upcoming=False, rollup=True), name=Min("agency__name"), short_name=Min("agency__short_name"),
    ))


def fold_months(rows: list[tuple]) -> tuple[list[tuple], dict]:
    """Rollup rows per (section, document, sign-off month) as section rows and signed-off counts per month.

    One query gives a filtered dashboard both its section figures and its trend (the rollups' sign-off
    month is already the Asia/Shanghai month, and set for signed-off tasks only).
    """
    sections: dict = {}
    months: dict = defaultdict(int)
    signed_off = COUNTS.index("signed_off")
    for section_id, document_id, month, *counts in rows:
        key = (section_id, document_id)
        known = sections.get(key)
        sections[key] = counts if known is None else [a + b for a, b in zip(known, counts, strict=True)]
        if month is not None:
            months[month] += counts[signed_off]
    return [(*key, *counts) for key, counts in sections.items()], dict(months)


def document_free(ctx: WarningContext, year) -> dict:
    """The unfiltered (or year-filtered) office dashboard from rows that name no task, and no document except
    for the few hundred documents listed: its cost follows years, dates, agencies and the documents shown.

    The year rollup is read for every year at once, grouped by year and sign-off month (a few hundred rows):
    the totals add up the filter's years, the trend takes the signed-off counts per month.
    """
    groups = plain_rows(year_rows(ctx).values("year", "signed_off_month")
                         .annotate(**figure_counts(ctx, rollup=True)).values_list("year", "signed_off_month", *COUNTS))
    kept = [row for row in groups if not year or row[0] == year]
    signed_off = 2 + COUNTS.index("signed_off")
    months: dict = defaultdict(int)
    for row in kept:
        if row[1] is not None:
            months[row[1]] += row[signed_off]
    listed, counted = page_documents(year, shown=DOCUMENT_LIMIT, sections=SECTION_LIMIT)
    documents = {d["id"]: d for d in listed}
    rows = section_rows(rollup_rows(ctx, year=year).filter(document_id__in=list(documents)), ctx,
                         rollup=True) if documents else []
    return {
        "totals_rows": kept, "rows": rows, "documents": documents,
        "league": rollup_league(lead_rows(ctx, year), ctx), "trend": month_series(dict(months), ctx.today),
        "documents_total": counted["documents"], "sections_total": counted["sections"],
        "years": sorted({row[0] for row in groups if row[0]}, reverse=True),
    }
