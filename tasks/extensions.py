"""延期申请: an agency asks for a later deadline; the office (or, where the office set it, a leader) decides.

The task keeps its original deadline (`original_deadline`, filled on the first change) and moves its
current one (`deadline`, which warnings and reminders use) only on approval; every request stays as history.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from agencies.roles import actor_for
from fangguanfu.domain_errors import InvalidInput, InvalidTransition, NotAllowed

from .choices import AssignmentState, EventKind, ExtensionStatus, TaskStatus
from .guards import lock_task, record_event, require_agency_on_task, required_text
from .models import Assignment, ExtensionRequest, Task
from .warnings import office_settings

__all__ = ["extension_request", "extension_approve", "extension_reject", "require_extension_decider",
           "task_deadline_change"]


def _cn(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "未定"


def extension_request(*, user, task: Task | int, requested_deadline: datetime.date, reason: str) -> ExtensionRequest:
    """An agency on the task asks to move its deadline to `requested_deadline`, saying why."""
    actor = actor_for(user)
    reason = required_text(reason, "请填写延期理由。")
    if not isinstance(requested_deadline, datetime.date):
        raise InvalidInput("请填写申请延期至的日期。")
    with transaction.atomic():
        task = lock_task(task)
        require_agency_on_task(actor, task.pk)
        if task.status == TaskStatus.SIGNED_OFF:
            raise InvalidTransition("任务已销号，不能申请延期。")
        declined = Assignment.objects.filter(task=task, agency_id=actor.agency_id, state=AssignmentState.DECLINED)
        if declined.exists():
            raise NotAllowed("本单位已拒收该任务，不能申请延期。")
        if task.deadline and requested_deadline <= task.deadline:
            raise InvalidInput(f"申请的时限须晚于当前时限（{_cn(task.deadline)}）。")
        if requested_deadline <= timezone.localdate():
            raise InvalidInput("申请的时限须晚于今天。")
        if ExtensionRequest.objects.filter(task=task, status=ExtensionStatus.OPEN).exists():
            raise InvalidTransition("该任务已有待审批的延期申请，请等待审批结果。")
        request = ExtensionRequest.objects.create(
            task=task, agency_id=actor.agency_id, requested_by=user, previous_deadline=task.deadline,
            requested_deadline=requested_deadline, reason=reason,
        )
        record_event(task, EventKind.EXTENSION_REQUESTED, user, agency_id=actor.agency_id,
                     message=f"申请延期至{_cn(requested_deadline)}：{reason}")
    return request


def require_extension_decider(actor) -> None:
    """The office decides, unless the office set leaders to decide (then only leaders do)."""
    by_leader = office_settings().leader_decides_extensions
    if by_leader and actor.is_leader or not by_leader and actor.is_office:
        return
    if by_leader:
        raise NotAllowed("延期申请由领导审批。")
    raise NotAllowed("只有督查室可以审批延期申请。")


def _decide(user, extension: ExtensionRequest | int, outcome: str, reason: str) -> ExtensionRequest:
    require_extension_decider(actor_for(user))
    pk = getattr(extension, "pk", extension)
    task_id = ExtensionRequest.objects.filter(pk=pk).values_list("task_id", flat=True).first()
    if task_id is None:
        raise NotAllowed("该延期申请不存在。", hidden=True)
    with transaction.atomic():
        task = lock_task(task_id)
        request = ExtensionRequest.objects.select_for_update().get(pk=pk)
        if request.status != ExtensionStatus.OPEN:
            raise InvalidTransition(f"该延期申请已{request.get_status_display()}，不能再次审批。")
        request.status, request.decided_by, request.decided_at = outcome, user, timezone.now()
        request.decision_reason = reason
        request.save()
        if outcome == ExtensionStatus.APPROVED:
            previous = task.deadline
            if task.original_deadline is None:
                task.original_deadline = previous  # the printed deadline, kept for later assessment
            task.deadline = request.requested_deadline
            task._change_reason = "同意延期"
            task.save(update_fields=["deadline", "original_deadline", "updated_at"])
            message = f"时限由{_cn(previous)}延至{_cn(task.deadline)}" + (f"：{reason}" if reason else "")
            record_event(task, EventKind.EXTENSION_APPROVED, user, agency_id=request.agency_id, message=message)
        else:
            record_event(task, EventKind.EXTENSION_REJECTED, user, agency_id=request.agency_id, message=reason)
    return request


def extension_approve(*, user, extension: ExtensionRequest | int, reason: str = "") -> ExtensionRequest:
    return _decide(user, extension, ExtensionStatus.APPROVED, (reason or "").strip())


def extension_reject(*, user, extension: ExtensionRequest | int, reason: str) -> ExtensionRequest:
    reason = required_text(reason, "不同意延期时请填写理由。")
    return _decide(user, extension, ExtensionStatus.REJECTED, reason)


def task_deadline_change(*, user, task: Task | int, deadline: datetime.date, reason: str) -> Task:
    """The office moves a deadline itself (a misread 时限, a decision of the leadership), saying why.

    As with an approved extension, the first change keeps the printed deadline as original_deadline;
    the timeline entry (DEADLINE_CHANGED) carries the reason and tells the agencies (reminders/notices.py).
    """
    actor = actor_for(user)
    if not actor.is_office:
        raise NotAllowed("只有督查室可以调整完成时限。")
    reason = required_text(reason, "请填写调整时限的理由。")
    if not isinstance(deadline, datetime.date):
        raise InvalidInput("请填写新的完成时限。")
    with transaction.atomic():
        task = lock_task(task)
        if task.status == TaskStatus.SIGNED_OFF:
            raise InvalidTransition("任务已销号，不能调整时限。")
        previous = task.deadline
        if previous == deadline:
            raise InvalidInput(f"新的时限与当前时限（{_cn(previous)}）相同。")
        if task.original_deadline is None:
            task.original_deadline = previous
        task.deadline = deadline
        task._change_reason = "调整时限"
        task.save(update_fields=["deadline", "original_deadline", "updated_at"])
        record_event(task, EventKind.DEADLINE_CHANGED, user,
                     message=f"完成时限由{_cn(previous)}调整为{_cn(deadline)}：{reason}")
    return task
