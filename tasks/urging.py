"""催办: the office urges the agencies of a task (or one of them); the lead agency urges the agencies of its
own sub-tasks. One Urge row per agency urged (counted per agency) and one URGED timeline event each; the
delivery (inbox, e-mail, webhook, exactly once) is the reminders room's, which listens to event_recorded.
"""

from django.db import transaction

from agencies.models import Agency
from agencies.roles import actor_for
from agencies.scoping import agency_scope_ids
from fangguanfu.domain_errors import InvalidInput, InvalidTransition, NotAllowed

from .choices import AssignmentRole, AssignmentState, EventKind, TaskStatus
from .guards import lock_task, record_event, required_text
from .models import Assignment, Task, Urge

__all__ = ["task_urge", "may_urge"]

MAX_MESSAGE = 2000


def may_urge(actor, task: Task) -> bool:
    """The office on any task; the lead agency of the parent task on a sub-task."""
    if actor.is_office:
        return True
    if not actor.acts_for_agency or task.parent_id is None:
        return False
    return Assignment.objects.filter(task_id=task.parent_id, role=AssignmentRole.LEAD,
                                     agency_id__in=agency_scope_ids(actor.agency_id)).exists()


def task_urge(*, user, task: Task | int, message: str, agency: Agency | int | None = None) -> list[Urge]:
    """Urge every agency still responsible for the task, or only `agency`."""
    actor = actor_for(user)
    message = required_text(message, "请填写催办内容。")
    if len(message) > MAX_MESSAGE:
        raise InvalidInput(f"催办内容不能超过 {MAX_MESSAGE} 字。")
    with transaction.atomic():
        task = lock_task(task)
        if not may_urge(actor, task):
            if actor.is_leader:
                raise NotAllowed("领导账号为只读，不能进行此操作。")
            raise NotAllowed("只有督查室可以催办；牵头单位可以催办本单位分解出的任务。")
        if task.status == TaskStatus.SIGNED_OFF:
            raise InvalidTransition("任务已销号，无需催办。")
        parts = Assignment.objects.filter(task=task).exclude(state=AssignmentState.DECLINED)
        agency_id = getattr(agency, "pk", agency)
        if agency_id is not None:
            parts = parts.filter(agency_id=agency_id)
        agency_ids = list(parts.values_list("agency_id", flat=True))
        if not agency_ids:
            raise InvalidInput("所选单位不是该任务的责任单位（或已拒收），请选择该任务的责任单位。")
        by_agency = None if actor.is_office else actor.agency_id
        urges = Urge.objects.bulk_create([
            Urge(task=task, agency_id=a, message=message, urged_by=user, urged_by_agency_id=by_agency)
            for a in agency_ids
        ])
        for urge in urges:
            record_event(task, EventKind.URGED, user, agency_id=urge.agency_id, message=message)
    return urges
