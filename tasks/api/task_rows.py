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

import datetime
from collections import defaultdict

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from rest_framework import serializers

from tasks.choices import AssignmentRole, AssignmentState, TaskStatus
from tasks.models import Assignment, Task
from tasks.selectors import PagedTasks, rolled_up_percent, subtask_rows
from tasks.warnings import WarningContext, days_left, row_warning

COLUMNS = (
    "id", "number", "subsection", "text", "deadline", "original_deadline", "parent_id", "deadline_text",
    "deadline_inferred", "recurrence", "status", "signed_off_at", "updated_at", "has_report_this_month",
    "deadline_kind", "deadline_value", "assigned_on", "progress_percent", "sched_used", "sched_span",
    "document_id", "document__doc_number", "document__title", "document__year",
    "plan_id", "plan__title", "section_id", "section__number", "section__title",
    "order",  # not shown: the keyset cursor after a page's last row (tasks/api/keyset.py)
)
STATUS_LABELS = {value: str(label) for value, label in TaskStatus.choices}
ROLE_LABELS = {value: str(label) for value, label in AssignmentRole.choices}
STATE_LABELS = {value: str(label) for value, label in AssignmentState.choices}
# DRF's own field, so dates read exactly as TaskSerializer writes them (ISO 8601).
_DATE = serializers.DateField()


class _Times:
    """DRF DateTimeField.to_representation (ISO 8601 in the current zone, UTC as "Z") with the zone read once
    per page: DRF looks it up per value through asgiref's Local (3 ms on a page of 60 tasks and their
    assignments, a fifth of the request). tests/api/test_tasks.py compares the JSON with TaskSerializer's."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()

    def __call__(self, value: datetime.datetime | None) -> str | None:
        if not value:
            return None
        text = timezone.localtime(value, self.zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


def task_rows(qs: QuerySet) -> PagedTasks:
    """The filtered task list for the paginator, pages as rows of COLUMNS (plus `my_role` for agency accounts).

    PagedTasks counts the task queryset itself: counting the `.values()` rows
    would keep their joins to document, plan and section in the COUNT.
    """
    extra = ("my_role",) if "my_role" in qs.query.annotations else ()
    # Whether a row has sub-tasks: one index probe per shown row, so that the page's sub-task query (a fifth of
    # a page's time) runs only when some row has them; most plans are never split.
    rows = qs.prefetch_related(None).annotate(has_subtasks=Exists(Task.objects.filter(parent=OuterRef("pk"))))
    return PagedTasks(qs, rows=rows.values(*COLUMNS, *extra, "has_subtasks"))


ASSIGNMENT_COLUMNS = ("id", "task_id", "agency_id", "agency__name", "agency__short_name", "role", "name_as_printed",
                      "is_global", "state", "assigned_at", "acknowledged_at", "declined_at", "decline_reason",
                      "office_note", "done_at", "ack_reminded_at")


def _assignments(task_ids: list[int], times: _Times) -> dict[int, list[dict]]:
    """The page's assignments in TaskSerializer's order (lead first, then by id), one query.

    Read as tuples (values_list): `.values()` built a dict per row only to be read once, 2 ms of a page's
    ~300 assignments.
    """
    by_task: dict[int, list[dict]] = defaultdict(list)
    rows = Assignment.objects.filter(task_id__in=task_ids).order_by("task_id", "-role", "id").values_list(
        *ASSIGNMENT_COLUMNS)
    pending = AssignmentState.PENDING.value
    for (pk, task_id, agency_id, agency_name, short_name, role, name_as_printed, is_global, state, assigned_at,
         acknowledged_at, declined_at, decline_reason, office_note, done_at, ack_reminded_at) in rows:
        by_task[task_id].append({
            "id": pk,
            "agency": {"id": agency_id, "name": agency_name, "short_name": short_name},
            "role": role, "role_display": ROLE_LABELS.get(role, role), "name_as_printed": name_as_printed,
            "is_global": is_global, "state": state, "state_display": STATE_LABELS.get(state, state),
            "assigned_at": times(assigned_at), "acknowledged_at": times(acknowledged_at),
            "declined_at": times(declined_at), "decline_reason": decline_reason, "office_note": office_note,
            "done_at": times(done_at),
            "ack_overdue": state == pending and ack_reminded_at is not None,
        })
    return by_task


SUBTASK_FIELDS = ("id", "number", "text", "status", "agency_id", "agency_name", "progress")


def _subtask_json(row: dict) -> dict:
    """SubtaskRefSerializer's shape."""
    return {**{name: row[name] for name in SUBTASK_FIELDS},
            "deadline": _DATE.to_representation(row["deadline"]) if row["deadline"] else None}


def task_list_data(rows: list[dict], ctx: WarningContext) -> list[dict]:
    """TaskSerializer(many=True).data for a page of `task_rows` rows."""
    ids = [row["id"] for row in rows]
    times = _Times()
    assignments = _assignments(ids, times)
    subtasks = subtask_rows([row["id"] for row in rows if row["has_subtasks"]])
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
            "original_deadline": _DATE.to_representation(row["original_deadline"] or deadline)
            if (row["original_deadline"] or deadline) else None,
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
            "signed_off_at": times(row["signed_off_at"]),
            "updated_at": times(row["updated_at"]),
            "assignments": assignments.get(row["id"], []),
            "parent": row["parent_id"],
            "subtasks": [_subtask_json(sub) for sub in subtasks.get(row["id"], [])],
            "subtask_progress": rolled_up_percent(subtasks.get(row["id"], [])),
        })
    return out
