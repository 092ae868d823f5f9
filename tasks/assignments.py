"""Each agency's own part of a task: 签收, 拒收, the office's answer (改派 / 坚持交办), 本单位完成,
and expanding a collective name (各市州人民政府) into one part per member agency.

Every function runs in one transaction, locks the task first (two people acting on the same task are
serialised), checks on the server who the user is and writes the timeline event.
"""

from django.db import transaction
from django.utils import timezone

from agencies.models import Agency
from agencies.roles import actor_for
from agencies.scoping import agency_scope_ids, expand_collective
from fangguanfu.domain_errors import InvalidInput, InvalidTransition, NotAllowed

from .choices import AssignmentState, EventKind, TaskStatus
from .guards import lock_task, record_event, require_office, required_text
from .models import Assignment

__all__ = [
    "assignment_acknowledge", "assignment_decline", "assignment_reassign", "assignment_insist",
    "assignment_mark_done", "assignment_expand",
]


def _lock(assignment: Assignment | int) -> Assignment:
    """Lock the task, then its assignment, in that order everywhere (no deadlocks with the task services)."""
    pk = getattr(assignment, "pk", assignment)
    task_id = Assignment.objects.filter(pk=pk).values_list("task_id", flat=True).first()
    if task_id is None:
        raise NotAllowed("该分工不存在。", hidden=True)
    task = lock_task(task_id)
    locked = Assignment.objects.select_for_update().select_related("agency").get(pk=pk)
    locked.task = task
    return locked


def _require_own(user, assignment: Assignment) -> None:
    """Only the agency named on the part (or a member of the collective named) acts on it."""
    actor = actor_for(user)
    if actor.is_leader:
        raise NotAllowed("领导账号为只读，不能进行此操作。")
    if actor.is_office:
        raise NotAllowed("签收、拒收由责任单位办理，督查室不能代为办理。")
    if not actor.acts_for_agency or assignment.agency_id not in agency_scope_ids(actor.agency_id):
        raise NotAllowed("该分工不属于您所在单位。", hidden=True)


def _refuse_if_closed(assignment: Assignment, action: str) -> None:
    if assignment.task.status == TaskStatus.SIGNED_OFF:
        raise InvalidTransition(f"任务已销号，不能{action}。")


def _refusal(assignment: Assignment, action: str) -> InvalidTransition:
    return InvalidTransition(f"该分工当前为“{assignment.get_state_display()}”，不能{action}。")


def _own_part(user, assignment: Assignment | int, state: str, action: str, why: str = "") -> Assignment:
    """The locked part if it is the user's agency's, the task is open and the part is in `state`."""
    assignment = _lock(assignment)
    _require_own(user, assignment)
    _refuse_if_closed(assignment, action)
    if assignment.state != state:
        raise _refusal(assignment, action + why)
    return assignment


def assignment_acknowledge(*, user, assignment: Assignment | int) -> Assignment:
    """签收: the agency confirms it has received its part."""
    with transaction.atomic():
        assignment = _own_part(user, assignment, AssignmentState.PENDING, "签收")
        assignment.state = AssignmentState.ACKNOWLEDGED
        assignment.acknowledged_at, assignment.acknowledged_by = timezone.now(), user
        assignment._change_reason = "签收"
        assignment.save()
        record_event(assignment.task, EventKind.ACKNOWLEDGED, user, agency_id=assignment.agency_id,
                     message=f"{assignment.agency.name}签收（{assignment.get_role_display()}）")
    return assignment


def assignment_decline(*, user, assignment: Assignment | int, reason: str) -> Assignment:
    """拒收: the agency says the part is not its responsibility, and why; it goes to the office's queue."""
    reason = required_text(reason, "拒收时请填写理由（为什么不属于本单位职责）。")
    with transaction.atomic():
        assignment = _own_part(user, assignment, AssignmentState.PENDING, "拒收", "（签收后或督查室坚持交办后不能再拒收）")
        assignment.state = AssignmentState.DECLINED
        assignment.declined_at, assignment.declined_by, assignment.decline_reason = timezone.now(), user, reason
        assignment._change_reason = "拒收"
        assignment.save()
        record_event(assignment.task, EventKind.DECLINED, user, agency_id=assignment.agency_id, message=reason)
    return assignment


def _office_answer(user, assignment: Assignment | int, action: str) -> Assignment:
    require_office(actor_for(user))
    assignment = _lock(assignment)
    if assignment.state != AssignmentState.DECLINED:
        raise _refusal(assignment, action)
    return assignment


def assignment_reassign(*, user, assignment: Assignment | int, agency: Agency | int, note: str = "") -> Assignment:
    """改派: the office hands a declined part to another agency, which then has to acknowledge it."""
    with transaction.atomic():
        assignment = _office_answer(user, assignment, "改派")
        new_agency = Agency.objects.filter(pk=getattr(agency, "pk", agency), is_active=True).first()
        if new_agency is None:
            raise InvalidInput("请选择改派到的单位。")
        if Assignment.objects.filter(task=assignment.task, agency=new_agency).exists():
            raise InvalidInput(f"{new_agency.name}已是该任务的责任单位，请选择其他单位。")
        old_name = assignment.agency.name
        assignment.agency = new_agency
        assignment.name_as_printed = assignment.name_as_printed or old_name
        assignment.state, assignment.assigned_at, assignment.ack_reminded_at = AssignmentState.PENDING, timezone.now(), None
        assignment.office_note = (note or "").strip()
        assignment._change_reason = "改派"
        assignment.save()
        message = f"由{old_name}改派至{new_agency.name}" + (f"：{assignment.office_note}" if assignment.office_note else "")
        record_event(assignment.task, EventKind.REASSIGNED, user, agency_id=new_agency.pk, message=message)
    return assignment


def assignment_insist(*, user, assignment: Assignment | int, note: str) -> Assignment:
    """坚持交办: the office keeps the part with the agency, saying why; the part counts as acknowledged."""
    note = required_text(note, "坚持交办时请填写说明。")
    with transaction.atomic():
        assignment = _office_answer(user, assignment, "坚持交办")
        assignment.state = AssignmentState.ACKNOWLEDGED
        assignment.acknowledged_at, assignment.acknowledged_by = timezone.now(), user
        assignment.office_note = note
        assignment._change_reason = "坚持交办"
        assignment.save()
        record_event(assignment.task, EventKind.INSISTED, user, agency_id=assignment.agency_id, message=note)
    return assignment


def assignment_mark_done(*, user, assignment: Assignment | int, note: str = "") -> Assignment:
    """本单位完成: the agency has finished its own part (what the 'all parts' completion rule waits for)."""
    with transaction.atomic():
        assignment = _own_part(user, assignment, AssignmentState.ACKNOWLEDGED, "标记本单位完成", "（请先签收）")
        assignment.state, assignment.done_at = AssignmentState.DONE, timezone.now()
        assignment._change_reason = "本单位完成"
        assignment.save()
        record_event(assignment.task, EventKind.ASSIGNMENT_DONE, user, agency_id=assignment.agency_id,
                     message=(note or "").strip())
    return assignment


def assignment_expand(*, user, assignment: Assignment | int) -> list[Assignment]:
    """分解到成员单位: a collective's part becomes one part per member agency, each keeping the printed name."""
    with transaction.atomic():
        require_office(actor_for(user))
        assignment = _lock(assignment)
        if not assignment.agency.is_collective:
            raise InvalidInput(f"{assignment.agency.name}不是集合名称，无需分解。")
        taken = set(Assignment.objects.filter(task=assignment.task).values_list("agency_id", flat=True))
        members = [m for m in expand_collective(assignment.agency) if m.pk not in taken]
        if not members:
            raise InvalidInput(f"{assignment.agency.name}没有登记成员单位（或成员均已是责任单位），无法分解。")
        printed = assignment.name_as_printed or assignment.agency.name
        created = Assignment.objects.bulk_create([
            Assignment(task=assignment.task, agency=m, role=assignment.role, name_as_printed=printed,
                       is_global=assignment.is_global)
            for m in members
        ])
        collective_name = assignment.agency.name
        assignment._change_reason = "分解到成员单位"  # the EXPANDED event below tells the story
        assignment.delete()
        record_event(assignment.task, EventKind.EXPANDED, user,
                     message=f"{collective_name}分解为{len(created)}个成员单位：" + "、".join(m.name for m in members))
    return created
