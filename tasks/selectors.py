"""Reads of tasks: the one place their queries are shaped.

Pages, the API, exports and dashboards all start from `task_list`, so a user
sees the same rows everywhere and every list costs the same few queries no
matter how many rows it shows.
"""

from django.db.models import Case, CharField, Exists, OuterRef, Prefetch, QuerySet, Value, When

from agencies.roles import Actor
from agencies.scoping import agency_scope_ids

from .choices import AssignmentRole
from .models import Assignment, Task
from .warnings import WarningContext, annotate_warning, warning_context


def actor_agency_ids(actor: Actor) -> list[int] | None:
    """Agencies whose tasks the actor sees; None means all (office, leadership)."""
    if actor.sees_everything:
        return None
    if actor.acts_for_agency:
        return agency_scope_ids(actor.agency_id)
    return []


def visible_tasks(actor: Actor, agency_ids: list[int] | None = None) -> QuerySet[Task]:
    """Tasks the actor may see. Anyone without a role sees nothing."""
    if agency_ids is None:
        agency_ids = actor_agency_ids(actor)
    if agency_ids is None:
        return Task.objects.all()
    if not agency_ids:
        return Task.objects.none()
    mine = Assignment.objects.filter(task=OuterRef("pk"), agency_id__in=agency_ids)
    return Task.objects.filter(Exists(mine))


def _with_my_role(qs: QuerySet, agency_ids: list[int]) -> QuerySet:
    lead = Assignment.objects.filter(task=OuterRef("pk"), agency_id__in=agency_ids, role=AssignmentRole.LEAD)
    return qs.annotate(
        my_role=Case(
            When(Exists(lead), then=Value(AssignmentRole.LEAD.value)),
            default=Value(AssignmentRole.CO.value),
            output_field=CharField(),
        )
    )


def assignments_prefetch() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.select_related("agency").order_by("-role", "id"),
    )


def task_list(*, actor: Actor, ctx: WarningContext | None = None) -> QuerySet[Task]:
    """Visible tasks with document, section, assignments, warning and (for agencies) my_role.

    Warnings of an agency's list count only that agency's own reports.
    """
    ctx = ctx or warning_context()
    agency_ids = actor_agency_ids(actor)
    qs = visible_tasks(actor, agency_ids)
    qs = annotate_warning(qs, ctx, agency_ids)
    if agency_ids:
        qs = _with_my_role(qs, agency_ids)
    return qs.select_related("document", "section", "plan").prefetch_related(assignments_prefetch())


def task_get(*, actor: Actor, task_id: int, ctx: WarningContext | None = None) -> Task:
    """One visible task; raises Task.DoesNotExist for a task the actor may not see."""
    return task_list(actor=actor, ctx=ctx).get(pk=task_id)


def actor_role_on_task(actor: Actor, task: Task) -> str | None:
    """'lead', 'co' or None, for an agency actor on a task with prefetched assignments."""
    if not actor.acts_for_agency:
        return None
    ids = set(agency_scope_ids(actor.agency_id))
    roles = {a.role for a in task.assignments.all() if a.agency_id in ids}
    if AssignmentRole.LEAD in roles:
        return AssignmentRole.LEAD
    return AssignmentRole.CO if roles else None

