"""What changed since a date (调度会以来的变化), read from the deadlines and the timeline.

For a date D (by default the last dispatch meeting the office recorded), per task, grouped per
document and per lead agency:
- newly overdue: deadline in [D, today) and still open (red today, not red at the start of D);
- newly yellow/red: the colour today under the office's warning rules against the colour at the
  start of D under the same rules (deadline then, reports of D's month submitted before D);
- signed off, returned (sign-off requests and reports), extensions approved, sub-tasks created and
  closed: the TaskEvent rows of those kinds recorded since the start of D, as the timeline shows them;
- reports missing this month: reporting.load's owed pairs without a report.
Every list is one query (plus one for the tasks' titles and one for their lead agencies), whatever
the number of tasks; each list holds at most LIST_CAP items and says how many there are in all
(`totals`), counted by PostgreSQL (window counts), not by fetching every row: at 100,000 tasks a month
has thousands of sign-offs and, in the report window, 13,000 newly yellow tasks. The per-document and
per-agency groups count the listed items, so past LIST_CAP they count the first LIST_CAP only.
change_totals gives the totals alone (the 通报 quotes them) in four counting queries.
"""

import datetime
from collections import defaultdict

from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.utils import timezone

from agencies.roles import Actor
from fangguanfu.domain_errors import InvalidInput
from reporting.load import owed_assignments
from tasks.choices import AssignmentRole, EventKind, TaskStatus, WarningLevel
from tasks.models import Assignment, Task, TaskEvent
from tasks.selectors import actor_agency_ids, visible_tasks
from tasks.warnings import WarningContext, reports_of_month, warning_context

from .models import DispatchMeeting

LIST_CAP = 500
DEFAULT_DAYS = 30  # without any recorded meeting: the last 30 days
EVENT_LISTS = {
    "signed_off": (EventKind.SIGNED_OFF,),
    "returned": (EventKind.RETURNED, EventKind.REPORT_RETURNED),
    "extensions_approved": (EventKind.EXTENSION_APPROVED,),
    "subtasks_created": (EventKind.SUBTASK_CREATED,),
}
LIST_LABELS = {
    "newly_overdue": "新增逾期",
    "newly_warned": "新亮黄牌/红牌",
    "signed_off": "已销号",
    "returned": "被退回",
    "extensions_approved": "同意延期",
    "subtasks_created": "新增子任务",
    "subtasks_closed": "子任务办结",
    "reports_missing": "本月未报送",
}
KIND_LABELS = dict(EventKind.choices)
WARNING_LABELS = dict(WarningLevel.choices)


def parse_since(value: str | None) -> datetime.date | None:
    """?since=YYYY-MM-DD → a date; None when absent; InvalidInput (in Chinese) when malformed or before 2000."""
    if value in (None, ""):
        return None
    try:
        since = datetime.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise InvalidInput("起始日期格式有误，请按“年-月-日”填写，如 2021-09-01。") from exc
    if len(str(value).strip()) != 10:
        raise InvalidInput("起始日期格式有误，请按“年-月-日”填写，如 2021-09-01。")
    # A date still to come is a fair question with an empty answer: nothing has changed since then yet.
    if since.year < 2000:
        raise InvalidInput("起始日期不能早于 2000 年。")
    return since


def last_meeting(today: datetime.date) -> DispatchMeeting | None:
    return DispatchMeeting.objects.filter(date__lte=today).order_by("-date").first()


def default_since(today: datetime.date) -> datetime.date:
    meeting = last_meeting(today)
    return meeting.date if meeting else today - datetime.timedelta(days=DEFAULT_DAYS)


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight of `day` in Asia/Shanghai: "since D" counts everything recorded on D too."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _parent_field() -> str | None:
    """The sub-task's link to its parent task, once tasks have one (issue 15); None before."""
    for field in Task._meta.get_fields():
        if field.many_to_one and field.related_model is Task:
            return field.name
    return None


def _newly_overdue_qs(tasks, since, today):
    return tasks.exclude(status=TaskStatus.SIGNED_OFF).filter(deadline__gte=since, deadline__lt=today)


def _newly_overdue(tasks, since, today) -> list[tuple]:
    rows = _newly_overdue_qs(tasks, since, today).order_by("deadline", "id").values_list("id", "deadline")
    return [(pk, {"date": deadline}) for pk, deadline in rows]


def _reports_of_month(ctx: WarningContext, agency_ids, before=None) -> Exists:
    """A report of ctx's month on the task (by the given agencies; sent before `before`)."""
    qs = reports_of_month(ctx, agency_ids).filter(task_id=OuterRef("pk"))
    return Exists(qs.filter(submitted_at__lt=before) if before is not None else qs)


def _rank(ctx: WarningContext, reported: str, *, new_after=None) -> Case:
    """The colour of an open task under ctx as 2 red, 1 yellow, 0 green (or no colour: created after
    `new_after`): warning_level's rules without progress (序时进度 needs a progress history we do not keep)."""
    yellow = Q(deadline__lte=ctx.yellow_until)
    if ctx.in_report_window:  # outside the window a report does not change the colour: nothing to look up
        yellow |= Q(**{reported: False})
    whens = [When(deadline__lt=ctx.today, then=2), When(yellow, then=1)]
    if new_after is not None:
        whens.insert(0, When(created_at__gte=new_after, then=0))
    return Case(*whens, default=0, output_field=IntegerField())


COLOUR_OF_RANK = {2: WarningLevel.RED.value, 1: WarningLevel.YELLOW.value, 0: WarningLevel.GREEN.value}


def _newly_warned(tasks, agency_ids, then: WarningContext, now: WarningContext, since) -> tuple[list[tuple], int]:
    """Open tasks whose colour today is worse than at the start of `since`: the first LIST_CAP and how many.

    One query: the colours then and now are compared in PostgreSQL, which counts them too, so the
    report window (when every open task without a report turns yellow: 13,000 at 100,000 tasks) costs
    no Python loop. Red at the start of D (deadline before it, task already there) cannot get worse, so
    the long-overdue tasks (most open ones at scale) are left out; outside the report window only a
    deadline within the yellow days can warn.
    """
    start = start_of(since)
    candidates = tasks.exclude(status=TaskStatus.SIGNED_OFF).filter(
        Q(deadline__isnull=True) | Q(deadline__gte=since) | Q(created_at__gte=start))
    if not now.in_report_window:
        candidates = candidates.filter(deadline__lte=now.yellow_until)
    if now.in_report_window:
        candidates = candidates.annotate(rep_now=_reports_of_month(now, agency_ids))
    if then.in_report_window:
        candidates = candidates.annotate(rep_then=_reports_of_month(then, agency_ids, before=start))
    rows = (
        candidates.annotate(rank_now=_rank(now, "rep_now"), rank_then=_rank(then, "rep_then", new_after=start))
        .filter(rank_now__gt=F("rank_then"))
        .annotate(of_all=Window(Count("id")))
        .order_by("deadline", "id").values_list("id", "deadline", "rank_now", "rank_then", "created_at", "of_all")
    )[:LIST_CAP]
    out, total = [], 0
    for pk, deadline, rank_now, rank_then, created_at, of_all in rows:
        total = of_all
        colour_now = COLOUR_OF_RANK[rank_now]
        # A task imported after D had no colour then.
        colour_then = None if created_at >= start else COLOUR_OF_RANK[rank_then]
        out.append((pk, {"from": colour_then or "", "from_label": WARNING_LABELS.get(colour_then, "（新任务）"),
                         "to": colour_now, "to_label": WARNING_LABELS[colour_now], "date": deadline}))
    return out, total


def _events_qs(tasks, kinds, since, *, sub_tasks_only=False):
    events = TaskEvent.objects.filter(kind__in=kinds, created_at__gte=start_of(since))
    if not _is_everything(tasks):
        events = events.filter(Exists(tasks.filter(pk=OuterRef("task_id"))))
    if sub_tasks_only:
        events = events.filter(**{f"task__{_parent_field()}__isnull": False})
    return events


def _events(tasks, kinds, since, *, sub_tasks_only=False) -> tuple[list[tuple], dict[str, int]]:
    """The first LIST_CAP events of each kind since the date, and how many there are of each kind.

    One query: a row number and a count per kind (window functions), so that thousands of sign-offs
    in a month cost the database a count, not Python a row each.
    """
    events = _events_qs(tasks, kinds, since, sub_tasks_only=sub_tasks_only)
    rows = events.annotate(
        rank=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("created_at").asc(), F("id").asc()]),
        of_kind=Window(Count("id"), partition_by=[F("kind")]),
    ).filter(rank__lte=LIST_CAP).order_by("created_at", "id").values_list(
        "task_id", "id", "kind", "created_at", "message", "agency_id", "agency__short_name", "agency__name", "of_kind")
    out, per_kind = [], dict.fromkeys(kinds, 0)
    for task_id, pk, kind, at, message, agency_id, short, name, of_kind in rows:
        per_kind[kind] = of_kind
        at = timezone.localtime(at)
        out.append((task_id, {"event_id": pk, "kind": kind, "kind_label": KIND_LABELS.get(kind, kind),
                              "date": at.date(), "time": at, "message": message,
                              "event_agency_id": agency_id, "event_agency": short or name or ""}))
    return out, per_kind


def _is_everything(tasks) -> bool:
    return not tasks.query.where  # visible_tasks of the office and leadership: Task.objects.all()


def _missing_qs(agency_ids, today):
    return owed_assignments(today.replace(day=1), agency_ids).filter(reported=False)


def _reports_missing(agency_ids, today) -> tuple[list[tuple], int]:
    """The first LIST_CAP missing (task, agency) pairs, and how many there are (tens of thousands at scale)."""
    missing = _missing_qs(agency_ids, today)
    rows = (missing.order_by("task_id", "agency_id")
            .values_list("task_id", "agency_id", "agency__short_name", "agency__name")[:LIST_CAP])
    return [(task_id, {"event_agency_id": agency_id, "event_agency": short or name})
            for task_id, agency_id, short, name in rows], missing.count()


def _ids(task_ids) -> RawSQL | list[int]:
    """The ids as one array parameter: Django's `__in` with a list compiles every one of 2,000 ids separately.
    SQLite (the embedded default, small data) has no arrays: there the plain list."""
    if connection.vendor != "postgresql":
        return sorted(task_ids)
    return RawSQL("SELECT unnest(%s::bigint[])", (sorted(task_ids),))


def _task_info(task_ids: set[int]) -> tuple[dict[int, dict], dict[int, list[tuple[int, str]]]]:
    if not task_ids:
        return {}, {}
    info = {row["id"]: row for row in Task.objects.filter(id__in=_ids(task_ids)).values(
        "id", "number", "text", "deadline", "status", "document_id", "document__title", "document__doc_number")}
    leads: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for task_id, agency_id, short, name in (
        Assignment.objects.filter(task_id__in=_ids(task_ids), role=AssignmentRole.LEAD).order_by("task_id", "id")
        .values_list("task_id", "agency_id", "agency__short_name", "agency__name")
    ):
        leads[task_id].append((agency_id, short or name))
    return info, leads


def _item(task_id, extra, info, leads) -> dict:
    task = info[task_id]
    lead = leads.get(task_id, [])
    # Who the line is about: the agency on the event (urged, returned, missing…), else the task's leads.
    agencies = [(extra["event_agency_id"], extra["event_agency"])] if extra.get("event_agency_id") else lead
    return {
        "task_id": task_id, "number": task["number"], "text": task["text"], "deadline": task["deadline"],
        "status": task["status"], "document_id": task["document_id"], "document": task["document__title"],
        "doc_number": task["document__doc_number"], "leads": "、".join(name for _id, name in lead),
        "agency_ids": [pk for pk, _name in agencies], "agency_names": [name for _id, name in agencies],
        "agencies": "、".join(name for _id, name in agencies),
        "url": f"/tasks/{task_id}/", **{k: v for k, v in extra.items() if k not in ("event_agency_id",)},
    }


def _grouped(lists: dict[str, list[dict]], key_fn) -> list[dict]:
    groups: dict = {}
    for name, items in lists.items():
        for item in items:
            for key, label in key_fn(item):
                group = groups.setdefault(key, {"id": key, "name": label, **dict.fromkeys(LIST_LABELS, 0)})
                group[name] += 1
    return sorted(groups.values(), key=lambda g: (-sum(g[k] for k in LIST_LABELS), g["name"]))


def changes_since(*, actor: Actor, since: datetime.date | None = None, today: datetime.date | None = None) -> dict:
    """The changes since `since` for what the actor may see (an agency: its own tasks)."""
    now = warning_context(today)
    since = since or default_since(now.today)
    then = WarningContext(today=since, yellow_days=now.yellow_days, report_window_day=now.report_window_day,
                          escalation_days=now.escalation_days)
    agency_ids = actor_agency_ids(actor)
    tasks = visible_tasks(actor, agency_ids)
    raw = {"newly_overdue": _newly_overdue(tasks, since, now.today)}
    raw["newly_warned"], warned_total = _newly_warned(tasks, agency_ids, then, now, since)
    events, per_kind = _events(tasks, [kind for kinds in EVENT_LISTS.values() for kind in kinds], since)
    for name, kinds in EVENT_LISTS.items():
        raw[name] = [row for row in events if row[1]["kind"] in kinds]
    raw["subtasks_closed"], closed = (_events(tasks, (EventKind.SIGNED_OFF,), since, sub_tasks_only=True)
                                      if _parent_field() else ([], {}))
    raw["reports_missing"], missing_total = _reports_missing(agency_ids, now.today)
    totals = {name: len(rows) for name, rows in raw.items()}
    totals.update({name: sum(per_kind[kind] for kind in kinds) for name, kinds in EVENT_LISTS.items()})
    totals["subtasks_closed"] = sum(closed.values())
    totals["reports_missing"] = missing_total
    totals["newly_warned"] = warned_total
    capped = {name: rows[:LIST_CAP] for name, rows in raw.items()}
    info, leads = _task_info({task_id for rows in capped.values() for task_id, _extra in rows})
    lists = {name: [_item(task_id, extra, info, leads) for task_id, extra in rows] for name, rows in capped.items()}
    meeting = last_meeting(now.today)
    return {
        "since": since, "today": now.today, "period": now.month_start.strftime("%Y-%m"),
        "meeting": {"date": meeting.date, "title": meeting.title} if meeting else None,
        "labels": LIST_LABELS, "totals": totals, "lists": lists,
        "by_document": _grouped(lists, lambda i: [(i["document_id"], i["doc_number"] or i["document"])]),
        "by_agency": _grouped(lists, lambda i: list(zip(i["agency_ids"], i["agency_names"], strict=True))),
    }


def change_totals(*, actor: Actor, since: datetime.date | None = None, today: datetime.date | None = None) -> dict:
    """The counts of changes_since's lists that the 通报 quotes, without the lists: four counting queries."""
    today = today or timezone.localdate()
    since = since or default_since(today)
    agency_ids = actor_agency_ids(actor)
    tasks = visible_tasks(actor, agency_ids)
    kinds = [kind for kinds in EVENT_LISTS.values() for kind in kinds]
    per_kind = dict(_events_qs(tasks, kinds, since).values("kind").annotate(n=Count("id"))
                    .order_by().values_list("kind", "n"))
    totals = {name: sum(per_kind.get(kind, 0) for kind in kinds) for name, kinds in EVENT_LISTS.items()}
    totals["newly_overdue"] = _newly_overdue_qs(tasks, since, today).count()
    totals["reports_missing"] = _missing_qs(agency_ids, today).count()
    return {"since": since, "today": today, "totals": totals}
