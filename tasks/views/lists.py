"""我的任务 / 全部任务: the task list with the shared filters, paginated."""

from functools import partial

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import render

from agencies.models import Agency
from documents.models import Document

from ..choices import AssignmentRole, TaskStatus, WarningLevel
from ..filters import TaskFilterSet
from ..models import Task
from ..selectors import PagedTasks, actor_agency_ids, task_list, visible_task_count, visible_tasks
from ..warnings import warning_context
from .common import add_deadline_hint, role_required

PAGE_SIZE = 50
# The filters this page offers; the API offers all of TaskFilterSet's.
PAGE_FILTERS = ("document", "agency", "role", "status", "warning", "deadline_after", "deadline_before",
                "has_report_this_month", "q")
# The document picker lists this many matches; typing narrows them.
DOCUMENT_MATCHES = 15


def _query_without(params, *names) -> str:
    query = params.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@role_required
def task_list_view(request):
    actor = request.actor
    request.warning_ctx = ctx = warning_context()
    # The document's original text can be tens of kilobytes: never load it once per row.
    agency_ids = actor_agency_ids(actor)
    tasks = task_list(actor=actor, ctx=ctx, agency_ids=agency_ids).defer("document__original_text")
    filterset = TaskFilterSet(request.GET or None, queryset=tasks, request=request)
    qs = filterset.qs
    qs = qs.order_by(*(qs.query.order_by or Task._meta.ordering), "pk")  # a tie-break: pages never repeat rows
    # Unfiltered, the total is the number of visible tasks, which the assignment index counts alone.
    count = None if filterset.narrows() else partial(visible_task_count, agency_ids)
    page = Paginator(PagedTasks(qs, count=count), PAGE_SIZE).get_page(request.GET.get("page"))
    for task in page:
        add_deadline_hint(task, ctx.today)
    selected = filterset.form.cleaned_data.get("document") if filterset.is_bound else None
    if not isinstance(selected, Document):
        selected = None  # an id naming no document filters to nothing and names nothing (RowIdField)
    if selected and agency_ids is not None and not visible_tasks(actor, agency_ids).filter(document=selected).exists():
        selected = None  # never name a document holding none of the user's tasks (?document=<any id>)
    # The office picks any agency: one query for the choices (id and name only), on its list alone.
    agencies = (list(Agency.objects.filter(is_active=True).order_by("name").values_list("id", "short_name", "name"))
                if actor.sees_everything else [])
    return render(request, "tasks/list.html", {
        "page": page,
        "filter": filterset,
        "filters_active": any(request.GET.get(name) for name in PAGE_FILTERS),
        "query": _query_without(request.GET, "page"),
        "show_role": actor.acts_for_agency,
        "agencies": agencies,
        "export_query": _query_without(request.GET, "page"),
        "selected_document": selected,
        "query_without_document": _query_without(request.GET, "page", "document"),
        "roles": AssignmentRole.choices,
        "statuses": TaskStatus.choices,
        "warnings": WarningLevel.choices,
        "today": ctx.today,
    })


@role_required
def document_options_view(request):
    """The document picker's matches (htmx): documents holding tasks the user sees, newest first.

    A <select> of every document (1,667 at the bench's scale) cost more to
    render than the whole task page and could not be read; the picker shows a
    few matches of what is typed, each a link to the list with the other
    filters kept.
    """
    text = request.GET.get("document_q", "").strip()
    docs = Document.objects.only("id", "doc_number", "title")
    if not request.actor.sees_everything:
        docs = docs.filter(Exists(visible_tasks(request.actor).filter(document=OuterRef("pk"))))
    for word in text.split():
        docs = docs.filter(Q(doc_number__icontains=word) | Q(title__icontains=word))
    matches = list(docs[:DOCUMENT_MATCHES + 1])
    return render(request, "tasks/_document_options.html", {
        "documents": matches[:DOCUMENT_MATCHES],
        "more": len(matches) > DOCUMENT_MATCHES,
        "text": text,
        "base_query": _query_without(request.GET, "page", "document", "document_q"),
    })
