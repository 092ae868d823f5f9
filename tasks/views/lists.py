"""我的任务 / 全部任务: the task list with the shared filters, paginated."""

from django.core.paginator import Paginator
from django.shortcuts import render

from ..choices import AssignmentRole, TaskStatus, WarningLevel
from ..filters import TaskFilterSet
from ..selectors import task_list
from ..warnings import warning_context
from .common import add_deadline_hint, role_required

PAGE_SIZE = 50
# The filters this page offers; the API offers all of TaskFilterSet's.
PAGE_FILTERS = ("document", "role", "status", "warning", "q")


@role_required
def task_list_view(request):
    actor = request.actor
    request.warning_ctx = ctx = warning_context()
    filterset = TaskFilterSet(request.GET or None, queryset=task_list(actor=actor, ctx=ctx), request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for task in page:
        add_deadline_hint(task, ctx.today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "tasks/list.html", {
        "page": page,
        "filter": filterset,
        "filters_active": any(request.GET.get(name) for name in PAGE_FILTERS),
        "query": query.urlencode(),
        "show_role": actor.acts_for_agency,
        "documents": filterset.filters["document"].queryset.only("id", "doc_number", "title"),
        "roles": AssignmentRole.choices,
        "statuses": TaskStatus.choices,
        "warnings": WarningLevel.choices,
        "today": ctx.today,
    })
