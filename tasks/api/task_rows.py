"""The task list's JSON from `.values()` rows: TaskSerializer's shape without building model instances.

A page of 100 tasks through TaskSerializer builds ~800 model instances (task,
document, plan, section, ~350 assignments and their agencies) and makes ~6,000
DRF field calls: 20–40 ms of Python for a page whose SQL takes a few ms. Here
the page is read as plain rows, the assignments of the page as plain tuples
(the same three queries: count, page, assignments) and every value is formatted
as TaskSerializer's field would format it. TaskSerializer stays the definition
of the shape (schema, detail, write actions); tests/api/test_tasks.py checks
that both give the same JSON.
"""

from collections import defaultdict

from django.db.models import QuerySet
from rest_framework import serializers

from tasks.choices import AssignmentRole, TaskStatus
from tasks.models import Assignment
from tasks.selectors import PagedTasks
from tasks.warnings import WarningContext, days_left, row_warning

COLUMNS = (
    "id", "number", "subsection", "text", "deadline", "deadline_text", "deadline_inferred", "recurrence", "status",
    "signed_off_at", "updated_at", "has_report_this_month", "deadline_kind", "deadline_value", "assigned_on",
    "progress_percent", "sched_used", "sched_span",
    "document_id", "document__doc_number", "document__title", "document__year",
    "plan_id", "plan__title", "section_id", "section__number", "section__title",
)
STATUS_LABELS = {value: str(label) for value, label in TaskStatus.choices}
ROLE_LABELS = {value: str(label) for value, label in AssignmentRole.choices}
# DRF's own fields, so dates and times read exactly as TaskSerializer writes them (ISO 8601, Asia/Shanghai).
_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


def task_rows(qs: QuerySet) -> PagedTasks:
    """The filtered task list for the paginator, pages as rows of COLUMNS (plus `my_role` for agency accounts).

    PagedTasks counts the task queryset itself: counting the `.values()` rows
    would keep their joins to document, plan and section in the COUNT.
    """
    extra = ("my_role",) if "my_role" in qs.query.annotations else ()
    return PagedTasks(qs, rows=qs.prefetch_related(None).values(*COLUMNS, *extra))


def _assignments(task_ids: list[int]) -> dict[int, list[dict]]:
    """The page's assignments in TaskSerializer's order (lead first, then by id), one query."""
    by_task: dict[int, list[dict]] = defaultdict(list)
    rows = (
        Assignment.objects.filter(task_id__in=task_ids).order_by("task_id", "-role", "id")
        .values_list("task_id", "agency_id", "agency__name", "agency__short_name", "role", "name_as_printed",
                     "is_global")
    )
    for task_id, agency_id, name, short_name, role, printed, is_global in rows:
        by_task[task_id].append({
            "agency": {"id": agency_id, "name": name, "short_name": short_name},
            "role": role, "role_display": ROLE_LABELS.get(role, role), "name_as_printed": printed,
            "is_global": is_global,
        })
    return by_task


def task_list_data(rows: list[dict], ctx: WarningContext) -> list[dict]:
    """TaskSerializer(many=True).data for a page of `task_rows` rows."""
    assignments = _assignments([row["id"] for row in rows])
    out = []
    for row in rows:
        deadline, status = row["deadline"], row["status"]
        level, reason = row_warning(ctx, row)
        section_id = row["section_id"]
        out.append({
            "id": row["id"],
            "number": row["number"],
            "document": {"id": row["document_id"], "doc_number": row["document__doc_number"],
                         "title": row["document__title"], "year": row["document__year"]},
            "plan": {"id": row["plan_id"], "title": row["plan__title"]},
            "section": None if section_id is None else {
                "id": section_id, "number": row["section__number"], "title": row["section__title"]},
            "subsection": row["subsection"],
            "text": row["text"],
            "deadline": _DATE.to_representation(deadline) if deadline else None,
            "deadline_text": row["deadline_text"],
            "deadline_inferred": row["deadline_inferred"],
            "recurrence": row["recurrence"],
            "status": status,
            "status_display": STATUS_LABELS.get(status, status),
            "deadline_kind": row["deadline_kind"],
            "deadline_value": row["deadline_value"],
            "assigned_on": _DATE.to_representation(row["assigned_on"]),
            "progress_percent": row["progress_percent"],
            "warning": level,
            "warning_reason": reason,
            "has_report_this_month": row["has_report_this_month"],
            "my_role": row.get("my_role"),
            "days_left": days_left(deadline, ctx.today),
            "signed_off_at": _DATETIME.to_representation(row["signed_off_at"]),
            "updated_at": _DATETIME.to_representation(row["updated_at"]),
            "assignments": assignments.get(row["id"], []),
        })
    return out
