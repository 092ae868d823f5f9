"""领导驾驶舱 / 本单位概况 and the ledger exports.

Leadership and office staff see every agency; a liaison or head sees the same
page for their own agency only (the selectors scope it). Every figure links
to the task list behind it, with TaskFilterSet's parameters.
"""

import datetime
from functools import lru_cache
from html import escape
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.http import FileResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe

from agencies.models import Agency
from documents.models import Document
from tasks.filters import TaskFilterSet
from tasks.models import Task
from tasks.selectors import task_list, visible_tasks
from tasks.views.common import role_required
from tasks.warnings import warning_context

from .dashboards import dashboard_summary
from .exports import csv_lines, xlsx_file

TASKS_URL = "/tasks/"
CHART_ITEMS = 15
# The page shows the first rows of the document and section tables (the API returns more):
# past a few dozen rows a table is no longer read, and rendering it costs more than the queries.
PAGE_ROWS = 30
PAGE_LIST = 20
DOCUMENT_OPTIONS = 200


def _int_param(request, name: str, low: int = 1, high: int = 2**31 - 1) -> int | None:
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if low <= value <= high else None


@lru_cache(maxsize=4096)
def _pair(name: str, value) -> str:
    return urlencode({name: value})


def tasks_url(base: dict, **params) -> str:
    """The task list filtered by the dashboard's filters plus this figure's own.

    The same string urlencode() gives, built from cached name=value pairs: the
    page links every figure of ~400 lead agencies (1,700 links).
    """
    query = "&".join(_pair(k, v) for k, v in {**base, **params}.items() if v not in (None, ""))
    return f"{TASKS_URL}?{query}" if query else TASKS_URL


def _figure_links(base: dict, **scope) -> dict:
    return {
        "total": tasks_url(base, **scope),
        "signed_off": tasks_url(base, **scope, status="signed_off"),
        "overdue": tasks_url(base, **scope, overdue="true"),
        "orange": tasks_url(base, **scope, warning="orange"),
        "yellow": tasks_url(base, **scope, warning="yellow"),
    }


def _add_links(summary: dict, base: dict, today: datetime.date) -> None:
    """Attach `links` to every figure row (a few hundred rows at most)."""
    totals = summary["totals"]
    totals["links"] = _figure_links(base)
    until = today + datetime.timedelta(days=summary["upcoming"]["days"])
    totals["links"]["upcoming"] = tasks_url(
        base, deadline_after=today.isoformat(), deadline_before=until.isoformat(), open="true", ordering="deadline"
    )
    for item in totals["by_status"]:
        item["url"] = tasks_url(base, status=item["status"])
    for doc in summary["by_document"]:
        doc["links"] = _figure_links(base, document=doc["id"])
    for section in summary["by_section"]:
        section["links"] = _figure_links(base, section=section["id"]) if section["id"] else {}
    for item in summary["overdue"]["items"] + summary["upcoming"]["items"]:
        item["url"] = f"{TASKS_URL}{item['id']}/"


LEAGUE_COLUMNS = ("id", "name", "short_name", "total", "signed_off", "overdue", "yellow", "completion_rate",
                  "on_time_rate")


def league_link(base: dict) -> dict:
    """How the browser builds a league row's links: prefix + agency id + suffix (+ the figure's filter).

    The same strings _figure_links gives (tasks_url keeps the base's keys first, then agency and role): a
    province's 430 lead agencies with four links each were two thirds of the page's 370 KB, and building
    them a fifth of its Python. static/js/dashboard.js adds "&status=signed_off", "&overdue=true" or
    "&warning=yellow".
    """
    url = tasks_url(base, agency=0, role="lead")
    prefix, suffix = url.split("agency=0", 1)
    return {"prefix": prefix + "agency=", "suffix": suffix}


def _charts(summary: dict, base: dict) -> dict:
    """What the ECharts need, each point with the list it opens on click; the league table as rows of
    LEAGUE_COLUMNS (its column names once, not once per agency)."""
    docs = summary["by_document"][:CHART_ITEMS]
    league = sorted(summary["league"], key=lambda a: (-a["overdue"], -a["yellow"]))[:CHART_ITEMS]
    for agency in league:
        agency["links"] = _figure_links(base, agency=agency["id"], role="lead")
    signed_off_url = summary["totals"]["links"]["signed_off"]
    return {
        "status": [{"name": s["label"], "value": s["count"], "url": s["url"]} for s in summary["totals"]["by_status"]],
        "documents": [
            {"name": d["doc_number"] or d["title"][:16], "title": d["title"], "completion": d["completion_rate"] or 0,
             "on_time": d["on_time_rate"] or 0, "url": d["links"]["total"]}
            for d in docs
        ],
        "league": [
            {"name": a["short_name"], "overdue": a["overdue"], "yellow": a["yellow"],
             "overdue_url": a["links"]["overdue"], "yellow_url": a["links"]["yellow"]}
            for a in league
        ],
        "league_columns": LEAGUE_COLUMNS,
        "league_rows": [[a[k] for k in LEAGUE_COLUMNS] for a in summary["league"]],
        "league_link": league_link(base),
        "trend": [{"name": t["month"], "value": t["count"], "url": signed_off_url} for t in summary["signed_off_trend"]],
    }


def _document_filter(actor, summary: dict, aids: dict, selected: int | None, year: int | None):
    """The documents and years the filter offers: those holding the actor's tasks, newest first.

    An agency's own documents are few: all of them, in one query (its agencies as the summary read them).
    Office and leadership: at most DOCUMENT_OPTIONS documents (of the chosen year, if one is) and the chosen
    one: a province holds thousands of plans, which no one picks from a list; the unfiltered summary read
    both lists already (`aids`), otherwise two queries.
    """
    fields = ("id", "title", "doc_number", "year")
    if not actor.sees_everything:
        mine = visible_tasks(actor, summary["scope_agency_ids"])
        docs = list(Document.objects.filter(Exists(mine.filter(document=OuterRef("pk"))))
                    .order_by("-year", "doc_number", "id").values(*fields))
        return docs, sorted({doc["year"] for doc in docs if doc["year"]}, reverse=True)
    if "documents" in aids:
        options, years = aids["documents"][:DOCUMENT_OPTIONS], aids["years"]
    else:
        holding = Document.objects.filter(Exists(Task.objects.filter(document=OuterRef("pk"))))
        years = sorted({y for y in holding.values_list("year", flat=True).distinct().order_by() if y}, reverse=True)
        offered = holding.filter(year=year) if year else holding
        options = list(offered.order_by("-year", "doc_number", "id").values(*fields)[:DOCUMENT_OPTIONS])
    if selected and all(doc["id"] != selected for doc in options):
        options = [*Document.objects.filter(id=selected).values(*fields), *options]
    return options, years


def _truncate(text: str, length: int) -> str:
    """As the template's truncatechars."""
    return text if len(text) <= length else text[:length - 1] + "…"


def _options(choices, selected) -> str:
    """<option>s in one pass: the template language (or format_html) costs 10-20 µs an option, and leadership
    has 1,700 documents. Values are ids; labels are escaped as the template would (html.escape)."""
    return mark_safe("".join(  # noqa: S308 (every label escaped here)
        f'<option value="{int(value)}"{" selected" if value == selected else ""}>{escape(label)}</option>'
        for value, label in choices
    ))


@role_required
def dashboard_view(request):
    actor = request.actor
    filters = {
        "year": _int_param(request, "year", 1990, 2100),
        "document": _int_param(request, "document"),
        "agency": _int_param(request, "agency") if actor.sees_everything else None,
    }
    aids: dict = {}
    summary = dashboard_summary(
        actor=actor, year=filters["year"], document_id=filters["document"], agency_id=filters["agency"],
        filter_aids=aids,
    )
    documents, years = _document_filter(actor, summary, aids, filters["document"], filters["year"])
    summary["by_document"] = summary["by_document"][:PAGE_ROWS]
    summary["by_section"] = summary["by_section"][:PAGE_ROWS]
    summary["overdue"]["items"] = summary["overdue"]["items"][:PAGE_LIST]
    summary["upcoming"]["items"] = summary["upcoming"]["items"][:PAGE_LIST]
    _add_links(summary, filters, summary["today"])
    agencies = (Agency.objects.filter(is_active=True).values_list("id", "short_name", "name")
                if actor.sees_everything else [])
    return render(request, "dashboard/index.html", {
        "summary": summary,
        "charts": _charts(summary, filters),
        "filters": filters,
        "export_query": urlencode({k: v for k, v in filters.items() if v}),
        "document_options": _options(((doc["id"], _truncate(doc["doc_number"] or doc["title"], 40))
                                      for doc in documents), filters["document"]),
        "years": years,
        "documents_more": actor.sees_everything and len(documents) >= DOCUMENT_OPTIONS, "document_options_limit": DOCUMENT_OPTIONS,
        "agency_options": _options(((pk, short or name) for pk, short, name in agencies), filters["agency"]),
        "all_tasks_url": tasks_url(filters),
    })


def _export_queryset(request):
    """The list's rows: visible tasks narrowed by TaskFilterSet, or None with the form's errors."""
    request.warning_ctx = ctx = warning_context()
    filterset = TaskFilterSet(request.GET, queryset=task_list(actor=request.actor, ctx=ctx), request=request)
    if not filterset.is_valid():
        errors = "；".join(f"{filterset.form.fields[k].label}：{'，'.join(v)}" for k, v in filterset.errors.items())
        return None, errors
    return filterset.qs, ""


def _filename(suffix: str) -> str:
    return f"督办台账-{timezone.localdate():%Y%m%d}.{suffix}"


@role_required
def export_xlsx_view(request):
    qs, errors = _export_queryset(request)
    if qs is None:
        return HttpResponseBadRequest(f"筛选条件有误：{errors}", content_type="text/plain; charset=utf-8")
    return FileResponse(
        xlsx_file(qs, actor=request.actor), as_attachment=True, filename=_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@role_required
def export_csv_view(request):
    qs, errors = _export_queryset(request)
    if qs is None:
        return HttpResponseBadRequest(f"筛选条件有误：{errors}", content_type="text/plain; charset=utf-8")
    response = StreamingHttpResponse(csv_lines(qs, actor=request.actor), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, _filename("csv"))
    return response
