"""One timeline for a task page: what the services did (TaskEvent) and what changed otherwise.

Services write a TaskEvent for every report, request and decision, and tag the
history rows they cause with a change reason. History rows without a reason
were made elsewhere (the admin, an import, a shell) and are shown as field
changes, so nothing that changed a task, its agencies or its reports goes
unseen. Four queries, whatever the length of the history.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from tasks.choices import AssignmentRole, EventKind, ReportStatus, TaskStatus
from tasks.models import Assignment, Task, TaskEvent

from .models import ProgressReport

TASK_FIELDS = ("number", "text", "deadline", "deadline_text", "deadline_inferred", "recurrence", "status",
               "section_id", "subsection", "is_truncated")
REPORT_FIELDS = ("period", "content", "problems", "next_steps", "percent", "status")
CHOICE_LABELS = {"status": {**dict(TaskStatus.choices), **dict(ReportStatus.choices)},
                 "role": dict(AssignmentRole.choices)}
ASSIGNMENT_ADDED = "新增责任单位"
EVENT_STYLE = {
    EventKind.SIGNED_OFF: "success", EventKind.RETURNED: "danger", EventKind.REOPENED: "warning",
    EventKind.SIGNOFF_REQUESTED: "info", EventKind.REPORT_SUBMITTED: "primary", EventKind.REPORT_UPDATED: "primary",
    EventKind.REPORT_APPROVED: "primary",
    EventKind.ACKNOWLEDGED: "success", EventKind.DECLINED: "danger", EventKind.REASSIGNED: "warning",
    EventKind.INSISTED: "warning", EventKind.EXTENSION_REQUESTED: "info", EventKind.EXTENSION_APPROVED: "success",
    EventKind.EXTENSION_REJECTED: "danger", EventKind.URGED: "danger", EventKind.SUBTASK_CREATED: "info",
}


@dataclass
class Entry:
    when: object
    who: str
    title: str
    detail: str = ""
    agency: str = ""
    style: str = "secondary"
    changes: list[str] = field(default_factory=list)


def _user_name(user) -> str:
    if user is None:
        return "系统"
    return user.get_full_name() or user.username


def _show(name: str, value) -> str:
    if value in (None, ""):
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    value = CHOICE_LABELS.get(name, {}).get(value, value)
    text = str(value)
    return text if len(text) <= 60 else text[:60] + "…"


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name.removesuffix("_id")).verbose_name)


def _diff(model, fields, old, new) -> list[str]:
    return [
        f"{_label(model, name)}：{_show(name, getattr(old, name))} → {_show(name, getattr(new, name))}"
        for name in fields
        if getattr(old, name) != getattr(new, name)
    ]


# Events done by the office to an agency: the event's agency is the one addressed.
ADDRESSED_EVENTS = (EventKind.URGED, EventKind.REASSIGNED, EventKind.INSISTED, EventKind.EXTENSION_APPROVED,
                    EventKind.EXTENSION_REJECTED)
REPORT_EVENTS = (EventKind.REPORT_SUBMITTED, EventKind.REPORT_UPDATED, EventKind.REPORT_APPROVED)


def _event_entries(task: Task, report_agency_ids) -> list[Entry]:
    entries = []
    events = TaskEvent.objects.filter(task=task)
    if report_agency_ids is not None:
        events = events.exclude(Q(kind__in=REPORT_EVENTS) & ~Q(agency_id__in=report_agency_ids))
    for event in events.select_related("actor", "agency"):
        title = event.get_kind_display()
        if event.from_status and event.to_status:
            title += f"（{TaskStatus(event.from_status).label} → {TaskStatus(event.to_status).label}）"
        agency = str(event.agency or "")
        if event.kind in ADDRESSED_EVENTS and agency:  # the agency is who was addressed, not who acted
            title, agency = f"{title} → {agency}", ""
        entries.append(Entry(
            when=event.created_at, who=_user_name(event.actor), agency=agency,
            title=title, detail=event.message, style=EVENT_STYLE.get(event.kind, "secondary"),
        ))
    return entries


def _history_entries(records, model, fields, *, created: str, removed: str, describe) -> list[Entry]:
    """Entries for history rows no service accounts for; `records` are ordered oldest first."""
    entries, previous = [], {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        if record.history_change_reason:
            continue
        if record.history_type == "+":
            title, changes = created, []
        elif record.history_type == "-":
            title, changes = removed, []
        else:
            changes = _diff(model, fields, before, record) if before else []
            if not changes:
                continue
            title = f"修改{model._meta.verbose_name}"
        entries.append(Entry(when=record.history_date, who=_user_name(record.history_user), title=title,
                             detail=describe(record), changes=changes, style="secondary"))
    return entries


def _merge_created(entries: list[Entry]) -> list[Entry]:
    """Agencies added together (an import, one admin save) become one entry, not one per agency."""
    merged: list[Entry] = []
    for entry in entries:
        last = merged[-1] if merged else None
        if (last and entry.title == last.title == ASSIGNMENT_ADDED
                and last.who == entry.who and abs((entry.when - last.when).total_seconds()) < 5):
            last.detail += "、" + entry.detail
        else:
            merged.append(entry)
    return merged


def task_timeline(task: Task, *, report_agency_ids: list[int] | None = None) -> list[Entry]:
    """Everything that happened to the task, newest first.

    report_agency_ids: show only these agencies' reports (a co-responsible agency sees
    only its own, as on the rest of the page); None shows every agency's.
    """
    entries = _event_entries(task, report_agency_ids)
    task_history = Task.history.filter(id=task.pk).select_related("history_user").order_by("history_date", "history_id")
    entries += _history_entries(task_history, Task, TASK_FIELDS, created="创建任务", removed="删除任务",
                                describe=lambda r: "")
    assignments = (Assignment.history.filter(task_id=task.pk).select_related("history_user", "agency")
                   .order_by("history_date", "history_id"))
    entries += _merge_created(_history_entries(
        assignments, Assignment, ("role", "agency_id"), created=ASSIGNMENT_ADDED, removed="移除责任单位",
        describe=lambda r: f"{r.agency}（{AssignmentRole(r.role).label}）"))
    reports = ProgressReport.history.filter(task_id=task.pk)
    if report_agency_ids is not None:
        reports = reports.filter(agency_id__in=report_agency_ids)
    reports = reports.select_related("history_user", "agency").order_by("history_date", "history_id")
    entries += _history_entries(reports, ProgressReport, REPORT_FIELDS, created="新增进展报送",
                                removed="删除进展报送",
                                describe=lambda r: f"{r.agency} {r.period:%Y年%m月}")
    # Nothing to show for a task created together with its import event.
    if any(e.title == EventKind.IMPORTED.label for e in entries):
        entries = [e for e in entries if e.title != "创建任务"]
    entries.sort(key=lambda e: e.when or timezone.now(), reverse=True)
    return entries
