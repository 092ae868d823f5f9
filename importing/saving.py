"""The rows of an import: plans, sections, tasks and assignments, written in bulk.

Called only from importing.services inside its transaction; nothing here opens
one of its own. Every write is a bulk statement so that a plan of 60 tasks
costs a handful of queries, not hundreds.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import defaultdict

from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from agencies.models import Agency
from documents.models import Document, Plan, Section
from documents.parsing import ParsedDocument, ParsedTask
from reporting.models import ProgressReport
from tasks.choices import AssignmentRole, Recurrence
from tasks.deadlines import deadline_rule, printed_time_limit, resolve_deadline
from tasks.models import Assignment, Task
from workdays.calendar import WorkdayCalendar

TASK_FIELDS = [
    "document", "plan", "section", "subsection", "number", "order", "text", "deadline", "deadline_text",
    "deadline_inferred", "recurrence", "is_truncated", "deadline_kind", "deadline_value",
]
# Kept tasks are moved out of the way first, so that renumbering never collides
# with the (plan, order) unique constraint while rows are updated one by one.
_ORDER_SHIFT = 1_000_000
_SPACE = re.compile(r"\s+")


def normalised_text(text: str) -> str:
    """Task text compared across imports: width-folded, whitespace ignored."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def _fill_plan(plan: Plan, parsed_plan, order: int) -> Plan:
    plan.order = order
    plan.title = (parsed_plan.title or "（未命名方案）")[:300]
    plan.year = parsed_plan.year
    plan.is_truncated = parsed_plan.truncated
    return plan


def _sections(parsed: ParsedDocument, plans: list[Plan]) -> dict[tuple[int, str], Section]:
    """Create every section; (plan index, section number) → Section (first one wins)."""
    rows = [
        (index, Section(plan=plan, number=s.number[:10], title=(s.title or "")[:300], order=order))
        for index, (plan, parsed_plan) in enumerate(zip(plans, parsed.plans, strict=True))
        for order, s in enumerate(parsed_plan.sections)
    ]
    Section.objects.bulk_create([section for _, section in rows])
    by_number: dict[tuple[int, str], Section] = {}
    for index, section in rows:
        by_number.setdefault((index, section.number), section)
    return by_number


def _fill_task(task: Task, parsed_task: ParsedTask, order: int, plan: Plan, section: Section | None,
               calendar: WorkdayCalendar) -> Task:
    task.document = plan.document
    task.plan = plan
    task.section = section
    task.subsection = (parsed_task.subsection or "")[:20]
    task.number = parsed_task.number[:20]
    task.order = order
    task.text = parsed_task.text
    task.deadline = parsed_task.effective_deadline
    task.deadline_text = (parsed_task.deadline_text or "")[:120]
    task.deadline_inferred = parsed_task.deadline_inferred
    task.recurrence = parsed_task.recurring if parsed_task.recurring in Recurrence.values else ""
    task.is_truncated = parsed_task.truncated
    _apply_deadline_rule(task, parsed_task, calendar)
    return task


def _apply_deadline_rule(task: Task, parsed_task: ParsedTask, calendar: WorkdayCalendar) -> None:
    """"N个工作日内" counts from the day of assignment (a kept task keeps its day); an ongoing task has no
    deadline, not an inferred year end, so it never turns red."""
    if not task.deadline_text:
        task.deadline_text = printed_time_limit(task.text)[:120]
    rule = deadline_rule(task.deadline_text, has_date=parsed_task.deadline is not None,
                         parser_kind=getattr(parsed_task, "deadline_kind", ""),
                         parser_value=getattr(parsed_task, "deadline_value", None))
    task.deadline_kind, task.deadline_value = rule.kind, rule.value
    task.recurrence = task.recurrence or rule.recurrence
    resolved = resolve_deadline(rule, assigned_on=task.assigned_on, printed=task.deadline, calendar=calendar)
    if resolved != task.deadline:
        task.deadline, task.deadline_inferred = resolved, False


def _place_tasks(parsed: ParsedDocument, plans: list[Plan], sections, old: list[Task | None]) -> list[Task]:
    """One Task per parsed task, in document order: the matched old row refilled, or a new one."""
    tasks = []
    olds = iter(old)
    today = timezone.localdate()
    calendar = WorkdayCalendar.load(today - datetime.timedelta(days=366), today + datetime.timedelta(days=366))
    for index, (plan, parsed_plan) in enumerate(zip(plans, parsed.plans, strict=True)):
        for order, parsed_task in enumerate(parsed_plan.tasks, start=1):
            section = sections.get((index, parsed_task.section or ""))
            tasks.append(_fill_task(next(olds) or Task(), parsed_task, order, plan, section, calendar))
    return tasks


def create_structure(document: Document, parsed: ParsedDocument, user=None) -> list[Task]:
    """Plans, sections and tasks of a new document; the tasks in document order."""
    plans = Plan.objects.bulk_create([_fill_plan(Plan(document=document), p, i) for i, p in enumerate(parsed.plans)])
    sections = _sections(parsed, plans)
    tasks = _place_tasks(parsed, plans, sections, [None] * len(parsed.tasks))
    return bulk_create_with_history(tasks, Task, default_user=user)


def _match_old_tasks(document: Document, parsed: ParsedDocument) -> list[Task | None]:
    """For each parsed task, the old task of the same normalised text (each old task used once)."""
    pool: dict[str, list[Task]] = defaultdict(list)
    for task in Task.objects.filter(document=document).only("id", "text", "assigned_on").order_by("plan__order", "order"):
        pool[normalised_text(task.text)].append(task)
    matches: list[Task | None] = []
    for parsed_task in parsed.tasks:
        candidates = pool.get(normalised_text(parsed_task.text))
        matches.append(candidates.pop(0) if candidates else None)
    return matches


def replace_impact(document: Document, parsed: ParsedDocument) -> tuple[int, int, int]:
    """What a replace would do: (tasks kept, old tasks deleted, progress reports deleted with them)."""
    kept_ids = [t.pk for t in _match_old_tasks(document, parsed) if t]
    doomed = Task.objects.filter(document=document).exclude(pk__in=kept_ids)
    return len(kept_ids), doomed.count(), ProgressReport.objects.filter(task__in=doomed).count()


def replace_structure(document: Document, parsed: ParsedDocument, user=None) -> tuple[list[Task], list[Task]]:
    """Rebuild a document's plans, sections and tasks from a new parse.

    A task whose normalised text is unchanged keeps its row, and with it its
    reports, status, sign-off requests and timeline; every other old task is
    deleted. Returns (all tasks in document order, the kept ones).
    """
    matches = _match_old_tasks(document, parsed)
    kept_ids = [t.pk for t in matches if t]
    Task.objects.filter(document=document).exclude(pk__in=kept_ids).delete()
    Task.objects.filter(pk__in=kept_ids).update(order=F("order") + _ORDER_SHIFT, section=None)
    Section.objects.filter(plan__document=document).delete()

    old_plans = {plan.order: plan for plan in document.plans.all()}
    plans = [_fill_plan(old_plans.pop(i, None) or Plan(document=document), p, i) for i, p in enumerate(parsed.plans)]
    Plan.objects.bulk_update([p for p in plans if p.pk], ["title", "year", "is_truncated"])
    Plan.objects.bulk_create([p for p in plans if not p.pk])
    sections = _sections(parsed, plans)

    tasks = _place_tasks(parsed, plans, sections, matches)
    kept = [t for t in tasks if t.pk]
    if kept:
        bulk_update_with_history(kept, Task, TASK_FIELDS, default_user=user)
    bulk_create_with_history([t for t in tasks if not t.pk], Task, default_user=user)
    # Plans the new text no longer has are empty now (their kept tasks moved above).
    Plan.objects.filter(pk__in=[p.pk for p in old_plans.values()]).delete()
    return tasks, kept


def assignments_create(
    *, parsed: ParsedDocument, tasks: list[Task], agencies: dict[str, Agency], kept: list[Task], user=None
) -> list[Assignment]:
    """Lead, co and document-wide co assignments; one row per task and agency, lead winning."""
    if kept:
        Assignment.objects.filter(task__in=kept).delete()
    rows = []
    for parsed_task, task in zip(parsed.tasks, tasks, strict=True):
        seen: set[int] = set()
        for names, role, is_global in (
            (parsed_task.lead, AssignmentRole.LEAD, False),
            (parsed_task.co, AssignmentRole.CO, False),
            (parsed.global_co, AssignmentRole.CO, True),
        ):
            for name in names:
                agency = agencies[name]
                if agency.pk in seen:
                    continue
                seen.add(agency.pk)
                rows.append(Assignment(task=task, agency=agency, role=role, name_as_printed=name[:120],
                                       is_global=is_global))
    return bulk_create_with_history(rows, Assignment, default_user=user)
