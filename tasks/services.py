"""Workflow writes of the task itself: sign-off requests and the office's decisions.

Every function here runs in one transaction, locks the task row first (so two
people acting on the same task are serialised), checks who the user is on the
server side, checks the status change against `choices.ALLOWED_TRANSITIONS`,
and writes a TaskEvent for the timeline. A refusal raises a WorkflowError
whose `.message` is shown to the user as is; nothing has changed by then.
Progress reports are written by reporting.services, through the same guards.
"""

from django.db import transaction
from django.utils import timezone

from agencies.roles import actor_for
from fangguanfu.domain_errors import EditConflict, InvalidInput, InvalidTransition, NotAllowed, WorkflowError

from .choices import (
    UNSENT_REPORT_STATUSES,
    AssignmentRole,
    AssignmentState,
    CompletionRule,
    EventKind,
    ReportStatus,
    ReviewDecision,
    SignoffStatus,
    TaskStatus,
    can_transition,
)
from .guards import (
    lock_task,
    record_event,
    refusal_for,
    require_agency_on_task,
    require_office,
    required_text,
    set_status,
)
from .models import Assignment, DocumentRule, OfficeSettings, Review, SignoffRequest, Task

__all__ = [
    "EditConflict", "InvalidInput", "InvalidTransition", "NotAllowed", "WorkflowError", "REPORT_LOCKED_STATUSES",
    "missing_evidence", "signoff_request", "signoff_approve", "task_return", "task_reopen",
]

# Reports can no longer change once the task waits for, or has had, the office's decision.
REPORT_LOCKED_STATUSES = frozenset({TaskStatus.SIGNOFF_REQUESTED, TaskStatus.SIGNED_OFF})


# --- sign-off ------------------------------------------------------------------------------------------------------

def missing_evidence(task: Task, *, new_attachments: int = 0) -> list[str]:
    """What the office's settings ask of a sign-off request that this task lacks (empty: nothing).

    Reports belong to the reporting room, above this one: read through the task's reverse relation.
    Only reports sent to the office count (not one still waiting for, or returned by, the agency head).
    """
    cfg = OfficeSettings.objects.filter(pk=1).first() or OfficeSettings()
    sent = task.reports.exclude(status__in=UNSENT_REPORT_STATUSES)
    missing = []
    if cfg.signoff_needs_report and not sent.exists():
        missing.append("该任务尚无已报送的进展，请先报送进展")
    if cfg.signoff_needs_evidence and not new_attachments and not sent.filter(attachments__isnull=False).exists():
        missing.append("请上传佐证材料（在本申请中上传，或在进展报送中附上）")
    if cfg.signoff_needs_co_reports:
        silent = (Assignment.objects.filter(task=task, role=AssignmentRole.CO)
                  .exclude(agency_id__in=sent.values("agency_id")).select_related("agency").order_by("id"))
        names = [str(a.agency) for a in silent]
        if names:
            missing.append(f"以下配合单位尚未报送进展：{'、'.join(names)}")
    return missing


def signoff_request(*, user, task: Task, summary: str, new_attachments: int = 0) -> SignoffRequest:
    """The lead agency asks the office to sign the task off (申请销号).

    `new_attachments`: how many evidence files the caller saves with the request (reporting.signoff),
    which counts toward the office's 须附佐证材料 rule.
    """
    actor = actor_for(user)
    summary = required_text(summary, "请填写完成情况说明。")
    with transaction.atomic():
        task = lock_task(task)
        if require_agency_on_task(actor, task.pk) != AssignmentRole.LEAD:
            raise NotAllowed("只有牵头单位可以申请销号，配合单位请报送本单位的进展。")
        # A request the status table refuses anyway gets that refusal, not a list of missing evidence.
        if can_transition(task.status, TaskStatus.SIGNOFF_REQUESTED) and (missing := missing_evidence(
                task, new_attachments=new_attachments)):
            raise InvalidInput("督查室要求的销号材料不全，暂不能申请销号：" + "；".join(missing) + "。")
        _require_parts_done(task)
        previous = set_status(task, TaskStatus.SIGNOFF_REQUESTED, "申请销号", "申请销号")
        request = SignoffRequest.objects.create(task=task, agency_id=actor.agency_id, requested_by=user, summary=summary)
        record_event(task, EventKind.SIGNOFF_REQUESTED, user, agency_id=actor.agency_id,
               from_status=previous, to_status=task.status, message=summary)
    return request


def _require_parts_done(task: Task) -> None:
    """Under the document's 'every agency finishes its part' rule, the co-agencies' parts must all be done."""
    rule = DocumentRule.objects.filter(document_id=task.document_id).values_list("completion_rule", flat=True).first()
    if rule != CompletionRule.ALL_PARTS:
        return
    unfinished = (Assignment.objects.filter(task=task, role=AssignmentRole.CO)
                  .exclude(state__in=[AssignmentState.DONE, AssignmentState.DECLINED])
                  .select_related("agency").order_by("id"))
    names = [a.agency.name for a in unfinished]
    if names:
        raise InvalidTransition("该文件要求各责任单位均完成本单位部分后才能申请销号，尚未完成："
                                + "、".join(names) + "。")


def _decide_request(*, user, task: Task, reason: str, outcome: str) -> Review:
    """Sign off or return the task's open sign-off request, in one locked transaction."""
    target, request_status, kind, action = {
        ReviewDecision.SIGN_OFF: (TaskStatus.SIGNED_OFF, SignoffStatus.APPROVED, EventKind.SIGNED_OFF, "销号"),
        ReviewDecision.RETURN: (TaskStatus.RETURNED, SignoffStatus.RETURNED, EventKind.RETURNED, "退回"),
    }[outcome]
    with transaction.atomic():
        task = lock_task(task)
        request = SignoffRequest.objects.select_for_update().filter(task=task, status=SignoffStatus.OPEN).first()
        previous = set_status(task, target, action, ReviewDecision(outcome).label)
        if request is not None:
            request.status = request_status
            request.save(update_fields=["status"])
        if target == TaskStatus.SIGNED_OFF:
            # Signing off is the office acting on every report so far: they can no longer change.
            task.reports.filter(status=ReportStatus.SUBMITTED).update(
                status=ReportStatus.ACCEPTED, updated_at=timezone.now()
            )
        review = Review.objects.create(
            task=task, signoff_request=request, decision=outcome, reviewer=user, reason=reason
        )
        record_event(task, kind, user, from_status=previous, to_status=task.status, message=reason)
    return review


def signoff_approve(*, user, task: Task, reason: str = "") -> Review:
    """The office signs the task off (已销号); its reports count as read."""
    require_office(actor_for(user))
    return _decide_request(user=user, task=task, reason=(reason or "").strip(), outcome=ReviewDecision.SIGN_OFF)


def task_return(*, user, task: Task, reason: str) -> Review:
    """The office sends a sign-off request back (退回), saying why; reports stay editable."""
    require_office(actor_for(user))
    reason = required_text(reason, "退回时请填写理由。")
    return _decide_request(user=user, task=task, reason=reason, outcome=ReviewDecision.RETURN)


def task_reopen(*, user, task: Task, reason: str) -> Review:
    """The office reopens a signed-off task; the agencies report on it again."""
    actor = actor_for(user)
    require_office(actor)
    reason = required_text(reason, "重新打开时请填写理由。")
    with transaction.atomic():
        task = lock_task(task)
        if task.status != TaskStatus.SIGNED_OFF:  # the table also allows 未启动 → 推进中, which is not a reopening
            raise refusal_for(task, "重新打开（只有已销号的任务可以重新打开）")
        previous = set_status(task, TaskStatus.IN_PROGRESS, "重新打开", "重新打开")
        review = Review.objects.create(task=task, decision=ReviewDecision.REOPEN, reviewer=user, reason=reason)
        record_event(task, EventKind.REOPENED, user, from_status=previous, to_status=task.status, message=reason)
    return review
