"""What the task page shows and offers for the second tier: each agency's part and what the user may do
with it, extension requests, sub-tasks with their roll-up, and urging. A fixed number of queries."""

from agencies.roles import Actor
from fangguanfu.domain_errors import NotAllowed

from .choices import AssignmentRole, AssignmentState, ExtensionStatus, TaskStatus
from .extensions import require_extension_decider
from .forms import active_agencies
from .models import Task
from .selectors import rolled_up_percent, subtask_rows, visible_tasks
from .urging import may_urge


def _may_decide_extensions(actor: Actor) -> bool:
    try:
        require_extension_decider(actor)
    except NotAllowed:
        return False
    return True


def second_tier_context(actor: Actor, task: Task, role: str | None) -> dict:
    """`task` with prefetched assignments (task_get); `role` the actor's role on it."""
    assignments = list(task.assignments.all())
    open_task = task.status != TaskStatus.SIGNED_OFF
    for part in assignments:
        # Which buttons to show, without another scope query: the actor's own agency, or a collective through
        # which it reaches the task. The services check the real scope on every POST.
        mine = actor.acts_for_agency and (part.agency_id == actor.agency_id
                                          or (part.agency.is_collective and role is not None))
        part.can_ack = mine and open_task and part.state == AssignmentState.PENDING
        part.can_done = mine and open_task and part.state == AssignmentState.ACKNOWLEDGED
        part.ack_overdue = part.state == AssignmentState.PENDING and part.ack_reminded_at is not None
        part.can_expand = actor.is_office and part.agency.is_collective
    extensions = list(task.extension_requests.select_related("agency", "requested_by", "decided_by"))
    open_extension = next((e for e in extensions if e.status == ExtensionStatus.OPEN), None)
    subtasks = subtask_rows([task.pk]).get(task.pk, [])
    can_split = actor.is_head and role == AssignmentRole.LEAD and open_task
    can_urge = open_task and may_urge(actor, task)
    # A division sees its sub-task but not necessarily the task it was split from: then no link to it.
    parent = (visible_tasks(actor).filter(pk=task.parent_id).only("pk", "number", "text").first()
              if task.parent_id else None)
    return {
        "parts": assignments,
        "my_pending_parts": [p for p in assignments if p.can_ack],
        "extensions": extensions,
        "open_extension": open_extension,
        "can_request_extension": role is not None and open_task and open_extension is None,
        "can_decide_extension": open_extension is not None and _may_decide_extensions(actor),
        "subtasks": subtasks,
        "subtask_progress": rolled_up_percent(subtasks),
        "can_split": can_split,
        "split_agencies": list(active_agencies().values_list("pk", "name")) if can_split else [],
        "can_urge": can_urge,
        "urge_parts": [p for p in assignments if p.state != AssignmentState.DECLINED] if can_urge else [],
        "parent_task": parent,
        "original_deadline": task.original_deadline or task.deadline,
    }
