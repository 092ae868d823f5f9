"""Checks and steps every workflow service shares: lock the task, find who the user is on it,
refuse what the status table does not allow, move the status and write the timeline event.

Used by tasks.services (sign-off) and by the rooms above (reporting, …); each service still runs
its own transaction.
"""

import datetime

from django.utils import timezone

from agencies.roles import Actor
from agencies.scoping import agency_scope_ids
from fangguanfu.domain_errors import InvalidInput, InvalidTransition, NotAllowed

from .choices import AssignmentRole, TaskStatus, can_transition
from .models import Assignment, Task, TaskEvent
from .signals import event_recorded


def lock_task(task: Task | int) -> Task:
    return Task.objects.select_for_update().get(pk=getattr(task, "pk", task))


def role_on_task(actor: Actor, task_id: int) -> str | None:
    """'lead', 'co' or None for an agency actor, read from the database (not from what the caller passed)."""
    if not actor.acts_for_agency:
        return None
    roles = set(
        Assignment.objects.filter(task_id=task_id, agency_id__in=agency_scope_ids(actor.agency_id))
        .values_list("role", flat=True)
    )
    if AssignmentRole.LEAD in roles:
        return AssignmentRole.LEAD
    return AssignmentRole.CO if roles else None


def require_agency_on_task(actor: Actor, task_id: int) -> str:
    if actor.is_leader:
        raise NotAllowed("领导账号为只读，不能进行此操作。")
    if actor.is_office:
        raise NotAllowed("进展由责任单位报送，督查室不能代为报送或申请销号。")
    role = role_on_task(actor, task_id)
    if role is None:
        raise NotAllowed("您所在单位不是该任务的责任单位。", hidden=True)
    return role


def require_office(actor: Actor) -> None:
    if actor.is_office:
        return
    if actor.is_leader:
        raise NotAllowed("领导账号为只读，不能进行此操作。")
    raise NotAllowed("只有督查室可以审核销号。")


def required_text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message)
    return value


def refusal_for(task: Task, action: str) -> InvalidTransition:
    return InvalidTransition(f"任务当前状态为“{task.get_status_display()}”，不能{action}。")


def set_status(task: Task, target: str, action: str, reason: str) -> str:
    """Move the locked task to `target` if the table allows it; return the status it came from."""
    if not can_transition(task.status, target):
        raise refusal_for(task, action)
    previous = task.status
    task.status = target
    task.signed_off_at = timezone.now() if target == TaskStatus.SIGNED_OFF else None
    task._change_reason = reason  # marks this history row as covered by a TaskEvent
    task.save(update_fields=["status", "signed_off_at", "updated_at"])
    return previous


def record_event(task: Task, kind: str, user, *, agency_id=None, from_status="", to_status="", message="") -> TaskEvent:
    event = TaskEvent.objects.create(
        task=task, kind=kind, actor=user, agency_id=agency_id,
        from_status=from_status or "", to_status=to_status or "", message=message,
    )
    event_recorded.send(sender=TaskEvent, event=event)
    return event


def month_label(period: datetime.date) -> str:
    return f"{period.year}年{period.month}月"


