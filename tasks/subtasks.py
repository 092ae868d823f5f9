"""任务分解: the lead agency's head splits its task into sub-tasks (milestones, or parts for its internal
divisions or lower-level governments).

A sub-task is a Task with `parent` set: it has its own assignment (its agency must acknowledge it), reports,
warnings and reminders, all through the ordinary task machinery. It lives in the parent's plan and section,
numbered after the parent (13.1, 13.2 …), so lists and ledgers show it in place.
"""

import datetime

from django.db import transaction
from django.db.models import Max

from agencies.models import Agency
from agencies.roles import actor_for
from documents.models import Plan
from fangguanfu.domain_errors import InvalidInput, InvalidTransition, NotAllowed

from .choices import AssignmentRole, AssignmentState, EventKind, TaskStatus
from .guards import lock_task, record_event, require_agency_on_task, required_text
from .models import Assignment, Task

__all__ = ["subtask_create"]

MAX_TEXT = 2000


def _cn(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def subtask_create(*, user, task: Task | int, text: str, deadline: datetime.date | None,
                   agency: Agency | int | None = None) -> Task:
    """A sub-task of `task` for `agency` (default: the head's own agency, i.e. a milestone)."""
    actor = actor_for(user)
    text = required_text(text, "请填写分解任务的内容。")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"分解任务的内容不能超过 {MAX_TEXT} 字。")
    if not isinstance(deadline, datetime.date):
        raise InvalidInput("请填写分解任务的完成时限。")
    with transaction.atomic():
        parent = lock_task(task)
        if actor.is_office or actor.is_leader:
            raise NotAllowed("任务分解由牵头单位负责人办理。")
        if require_agency_on_task(actor, parent.pk) != AssignmentRole.LEAD:
            raise NotAllowed("只有牵头单位可以分解任务。")
        if not actor.is_head:
            raise NotAllowed("任务分解须由单位负责人办理，联络员不能分解任务。")
        if parent.status == TaskStatus.SIGNED_OFF:
            raise InvalidTransition("任务已销号，不能再分解。")
        if parent.deadline and deadline > parent.deadline:
            raise InvalidInput(f"分解任务的时限不能晚于本任务的时限（{_cn(parent.deadline)}）。")
        agency_id = getattr(agency, "pk", agency) or actor.agency_id
        target = Agency.objects.filter(pk=agency_id, is_active=True).first()
        if target is None:
            raise InvalidInput("承办单位不存在或已停用。")
        if target.is_collective:
            raise InvalidInput("分解任务须交给具体单位，不能交给集合名称。")
        # Orders are unique per plan: serialise sub-tasks created at once under other tasks of the plan.
        Plan.objects.select_for_update().filter(pk=parent.plan_id).first()
        siblings = Task.objects.filter(parent=parent).count()
        last_order = Task.objects.filter(plan_id=parent.plan_id).aggregate(m=Max("order"))["m"] or 0
        sub = Task.objects.create(
            document_id=parent.document_id, plan_id=parent.plan_id, section_id=parent.section_id,
            subsection=parent.subsection, parent=parent, number=f"{parent.number}.{siblings + 1}"[:20],
            order=last_order + 1, text=text, deadline=deadline, original_deadline=deadline,
            deadline_text=f"{_cn(deadline)}前",
        )
        # A milestone of the head's own agency needs no acknowledging: the head set it.
        own = target.pk == actor.agency_id
        Assignment.objects.create(
            task=sub, agency=target, role=AssignmentRole.LEAD,
            state=AssignmentState.ACKNOWLEDGED if own else AssignmentState.PENDING,
            acknowledged_by=user if own else None, acknowledged_at=sub.created_at if own else None,
        )
        message = f"分解任务 {sub.number}（{target.name}，{_cn(deadline)}前）：{text[:200]}"
        record_event(parent, EventKind.SUBTASK_CREATED, user, agency_id=actor.agency_id, message=message)
        record_event(sub, EventKind.SUBTASK_CREATED, user, agency_id=actor.agency_id,
                     message=f"由任务 {parent.number} 分解而来")
    return sub
