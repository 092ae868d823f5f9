"""Reads of tasks: the one place their queries are shaped.

Pages, the API, exports and dashboards all start from `task_list`, so a user
sees the same rows everywhere and every list costs the same few queries no
matter how many rows it shows.
"""

from collections.abc import Callable

from django.db.models import Case, CharField, Count, Exists, OuterRef, Prefetch, QuerySet, Subquery, Value, When

from agencies.roles import Actor
from agencies.scoping import agency_scope_ids

from .choices import AssignmentRole, TaskStatus
from .models import Assignment, Task, Urge
from .warnings import WarningContext, annotate_warning, warning_context


def actor_agency_ids(actor: Actor) -> list[int] | None:
    """Agencies whose tasks the actor sees; None means all (office, leadership)."""
    if actor.sees_everything:
        return None
    if actor.acts_for_agency:
        return agency_scope_ids(actor.agency_id)
    return []


def visible_tasks(actor: Actor, agency_ids: list[int] | None = None, *, led_subtasks: bool = False) -> QuerySet[Task]:
    """Tasks the actor may see. Anyone without a role sees nothing.

    `led_subtasks`: also the sub-tasks of tasks the actor's agency leads (it split them and follows them up).
    Only for one task at a time (pages, actions): lists stay one semi-join on the agency's own assignments.
    """
    if agency_ids is None:
        agency_ids = actor_agency_ids(actor)
    if agency_ids is None:
        return Task.objects.all()
    if not agency_ids:
        return Task.objects.none()
    mine = Assignment.objects.filter(task=OuterRef("pk"), agency_id__in=agency_ids)
    if not led_subtasks:
        return Task.objects.filter(Exists(mine))
    led_parent = Assignment.objects.filter(task=OuterRef("parent_id"), agency_id__in=agency_ids,
                                           role=AssignmentRole.LEAD)
    return Task.objects.filter(Exists(mine) | Exists(led_parent))


def _with_my_role(qs: QuerySet, agency_ids: list[int]) -> QuerySet:
    """`my_role` ('lead'/'co') to show, and `i_lead` (the EXISTS behind it) to filter by: a semi- or
    anti-join, where filtering on the CASE made PostgreSQL evaluate it for every visible task."""
    lead = Assignment.objects.filter(task=OuterRef("pk"), agency_id__in=agency_ids, role=AssignmentRole.LEAD)
    return qs.alias(i_lead=Exists(lead)).annotate(
        my_role=Case(
            When(i_lead=True, then=Value(AssignmentRole.LEAD.value)),
            default=Value(AssignmentRole.CO.value),
            output_field=CharField(),
        )
    )


def assignments_prefetch() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.select_related("agency").order_by("-role", "id"),
    )


def task_list(*, actor: Actor, ctx: WarningContext | None = None, agency_ids: list[int] | None = None,
              led_subtasks: bool = False) -> QuerySet[Task]:
    """Visible tasks with document, section, assignments, warning and (for agencies) my_role.

    Warnings of an agency's list count only that agency's own reports.
    `agency_ids`: the actor's, when the caller already has them (saves a query).
    """
    ctx = ctx or warning_context()
    agency_ids = agency_ids or actor_agency_ids(actor)
    qs = visible_tasks(actor, agency_ids, led_subtasks=led_subtasks)
    qs = annotate_warning(qs, ctx, agency_ids)
    if agency_ids:
        qs = _with_my_role(qs, agency_ids)
    return qs.select_related("document", "section", "plan").prefetch_related(assignments_prefetch())


def visible_task_count(agency_ids: list[int] | None) -> int:
    """How many tasks the actor with these `actor_agency_ids` sees (an unfiltered list), from the assignments alone.

    Every assignment's task exists (foreign key), so an agency's count is its
    distinct task ids; the semi-join the list itself uses would read the ids
    of all 100,000 tasks to count them.
    """
    if agency_ids is None:
        return Task.objects.count()
    if not agency_ids:
        return 0
    return Assignment.objects.filter(agency_id__in=agency_ids).values("task_id").distinct().count()


class PagedTasks:
    """A task list as a paginator's object list: counted on the tasks alone, each page read by its ids first.

    `rows` is what a page holds (the task queryset itself, or its `.values()`),
    `count` an optional cheaper way to the same total. A page is one query: the
    page's ids (ordered, sliced, task columns only) in a subquery, then the
    columns, joins and annotations of those ids only. So PostgreSQL probes the
    reports index for the page's rows instead of hashing the whole month's
    reports for the estimated 10,000+ matches, and sorts narrow rows, not wide ones.
    """

    def __init__(self, tasks: QuerySet[Task], rows: QuerySet | None = None, count: Callable[[], int] | None = None):
        self.tasks = tasks
        self.rows = tasks if rows is None else rows
        self._count = count or tasks.count

    def count(self) -> int:
        return self._count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> QuerySet:
        return self.rows.filter(pk__in=self.tasks.values("pk")[index])


def task_get(*, actor: Actor, task_id: int, ctx: WarningContext | None = None) -> Task:
    """One visible task; raises Task.DoesNotExist for a task the actor may not see."""
    return task_list(actor=actor, ctx=ctx, led_subtasks=True).get(pk=task_id)


def subtask_rows(parent_ids: list[int]) -> dict[int, list[dict]]:
    """The sub-tasks of these tasks as plain rows, with their lead agency and the latest percent reported
    (one query, whatever the number of parents): what the list, the detail and the task page show."""
    if not parent_ids:
        return {}
    reports = Task.reports.rel.related_model.objects
    latest_percent = (reports.filter(task=OuterRef("pk"), percent__isnull=False)
                      .order_by("-period", "-updated_at").values("percent")[:1])
    lead = Assignment.objects.filter(task=OuterRef("pk")).order_by("-role", "id")
    rows = (Task.objects.filter(parent_id__in=parent_ids).order_by("parent_id", "order", "pk")
            .annotate(latest_percent=Subquery(latest_percent), agency_id=Subquery(lead.values("agency_id")[:1]),
                      agency_name=Subquery(lead.values("agency__name")[:1]))
            .values("id", "parent_id", "number", "text", "deadline", "status", "latest_percent",
                    "agency_id", "agency_name"))
    out: dict[int, list[dict]] = {}
    for row in rows:
        row["progress"] = 100 if row["status"] == TaskStatus.SIGNED_OFF else (row["latest_percent"] or 0)
        out.setdefault(row.pop("parent_id"), []).append(row)
    return out


def rolled_up_percent(subtasks: list[dict]) -> int | None:
    """The parent's progress from its sub-tasks: the mean of theirs (signed off counts 100, unreported 0)."""
    if not subtasks:
        return None
    return round(sum(row["progress"] for row in subtasks) / len(subtasks))


def actor_role_on_task(actor: Actor, task: Task) -> str | None:
    """'lead', 'co' or None, for an agency actor on a task with prefetched assignments."""
    if not actor.acts_for_agency:
        return None
    ids = set(agency_scope_ids(actor.agency_id))
    roles = {a.role for a in task.assignments.all() if a.agency_id in ids}
    if AssignmentRole.LEAD in roles:
        return AssignmentRole.LEAD
    return AssignmentRole.CO if roles else None



def urge_counts_by_agency(*, since=None, until=None) -> dict[int, int]:
    """How often each agency was urged (催办), for assessments and dashboards; one query."""
    qs = Urge.objects.all()
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    if until is not None:
        qs = qs.filter(created_at__lt=until)
    return dict(qs.values("agency_id").annotate(n=Count("id")).order_by().values_list("agency_id", "n"))
