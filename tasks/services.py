"""Workflow writes: progress reports, sign-off requests and the office's decisions.

Every function here runs in one transaction, locks the task row first (so two
people acting on the same task are serialised), checks who the user is on the
server side, checks the status change against `choices.ALLOWED_TRANSITIONS`,
and writes a TaskEvent for the timeline. A refusal raises a WorkflowError
whose `.message` is shown to the user as is; nothing has changed by then.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from agencies.roles import Actor, actor_for
from agencies.scoping import agency_scope_ids

from .choices import AssignmentRole, EventKind, ReportStatus, ReviewDecision, SignoffStatus, TaskStatus, can_transition
from .models import (
    Assignment,
    ProgressReport,
    ReportAttachment,
    Review,
    SignoffRequest,
    Task,
    TaskEvent,
)
from .uploads import AttachmentRejected, check_uploads
from .warnings import office_settings


class WorkflowError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(WorkflowError):
    """The user may not do this. `hidden` means the task is not theirs to see at all (→ 404)."""

    def __init__(self, message: str, *, hidden: bool = False):
        super().__init__(message)
        self.hidden = hidden


class InvalidTransition(WorkflowError):
    pass


class EditConflict(WorkflowError):
    pass


class InvalidInput(WorkflowError):
    pass


# Reports can no longer change once the task waits for, or has had, the office's decision.
REPORT_LOCKED_STATUSES = frozenset({TaskStatus.SIGNOFF_REQUESTED, TaskStatus.SIGNED_OFF})
REPORT_FIELD_LABELS = {"content": "工作进展", "problems": "存在问题", "next_steps": "下一步计划", "percent": "完成进度"}


# --- shared checks -------------------------------------------------------------------------------------------------

def _lock_task(task: Task | int) -> Task:
    return Task.objects.select_for_update().get(pk=getattr(task, "pk", task))


def _role_on_task(actor: Actor, task_id: int) -> str | None:
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


def _require_agency_on_task(actor: Actor, task_id: int) -> str:
    if actor.is_leader:
        raise NotAllowed("领导账号为只读，不能进行此操作。")
    if actor.is_office:
        raise NotAllowed("进展由责任单位报送，督查室不能代为报送或申请销号。")
    role = _role_on_task(actor, task_id)
    if role is None:
        raise NotAllowed("您所在单位不是该任务的责任单位。", hidden=True)
    return role


def _require_office(actor: Actor) -> None:
    if actor.is_office:
        return
    if actor.is_leader:
        raise NotAllowed("领导账号为只读，不能进行此操作。")
    raise NotAllowed("只有督查室可以审核销号。")


def _required_text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message)
    return value


def _refuse(task: Task, action: str) -> InvalidTransition:
    return InvalidTransition(f"任务当前状态为“{task.get_status_display()}”，不能{action}。")


def _set_status(task: Task, target: str, action: str, reason: str) -> str:
    """Move the locked task to `target` if the table allows it; return the status it came from."""
    if not can_transition(task.status, target):
        raise _refuse(task, action)
    previous = task.status
    task.status = target
    task.signed_off_at = timezone.now() if target == TaskStatus.SIGNED_OFF else None
    task._change_reason = reason  # marks this history row as covered by a TaskEvent
    task.save(update_fields=["status", "signed_off_at", "updated_at"])
    return previous


def _event(task: Task, kind: str, user, *, agency_id=None, from_status="", to_status="", message="") -> TaskEvent:
    return TaskEvent.objects.create(
        task=task, kind=kind, actor=user, agency_id=agency_id,
        from_status=from_status or "", to_status=to_status or "", message=message,
    )


def _month_label(period: datetime.date) -> str:
    return f"{period.year}年{period.month}月"


# --- progress reports ----------------------------------------------------------------------------------------------

def _clean_percent(percent) -> int | None:
    if percent in (None, ""):
        return None
    try:
        percent = int(percent)
    except (TypeError, ValueError) as exc:
        raise InvalidInput("完成进度须为 0 到 100 之间的整数。") from exc
    if not 0 <= percent <= 100:
        raise InvalidInput("完成进度须为 0 到 100 之间的整数。")
    return percent


def _clean_period(period: datetime.date) -> datetime.date:
    if not isinstance(period, datetime.date):
        raise InvalidInput("请选择报送月份。")
    if isinstance(period, datetime.datetime):
        period = timezone.localtime(period).date() if timezone.is_aware(period) else period.date()
    period = period.replace(day=1)
    if period > timezone.localdate().replace(day=1):
        raise InvalidInput("不能报送未来月份的进展。")
    return period


def _changed_fields(report: ProgressReport, values: dict) -> list[str]:
    changes = []
    for field, label in REPORT_FIELD_LABELS.items():
        old, new = getattr(report, field), values[field]
        if old != new:
            changes.append(f"{label} {old if old is not None else '—'}%→{new if new is not None else '—'}%"
                           if field == "percent" else label)
    return changes


def _save_attachments(report: ProgressReport, checked, user) -> None:
    for item in checked:
        attachment = ReportAttachment(
            report=report, stored_name=item.stored_name(), original_name=item.original_name,
            content_type=item.content_type, size=item.size, uploaded_by=user,
        )
        # upload_to builds the path from stored_name; the uploaded name never reaches the disk.
        attachment.file.save(attachment.stored_name, item.upload, save=False)
        attachment.save()


def _find_report_for_update(task: Task, agency_id: int, period: datetime.date) -> ProgressReport | None:
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .filter(task=task, agency_id=agency_id, period=period)
        .select_related("author")
        .first()
    )


def _conflict_message(report: ProgressReport) -> str:
    who = (report.author.get_full_name() or report.author.username) if report.author else "他人"
    when = timezone.localtime(report.updated_at).strftime("%Y-%m-%d %H:%M")
    return (
        f"该报送已被{who}于{when}修改（当前为第{report.version}版），您的内容没有保存。"
        "请刷新页面查看最新内容后再修改。"
    )


def report_submit(
    *, user, task: Task, period: datetime.date, content: str, problems: str = "", next_steps: str = "",
    percent: int | None = None, attachments=(), expected_version: int | None = None,
) -> ProgressReport:
    """Create or update the actor's agency report on `task` for the month of `period`.

    A new report needs expected_version=None; changing an existing one needs the
    version the user loaded. Anything else is an EditConflict: nobody's text is
    silently replaced.
    """
    actor = actor_for(user)
    with transaction.atomic():
        task = _lock_task(task)
        _require_agency_on_task(actor, task.pk)
        values = {
            "content": _required_text(content, "请填写工作进展。"),
            "problems": (problems or "").strip(),
            "next_steps": (next_steps or "").strip(),
            "percent": _clean_percent(percent),
        }
        period = _clean_period(period)
        try:
            checked = check_uploads(attachments)
        except AttachmentRejected as exc:
            raise InvalidInput(exc.message) from exc
        needs_head = office_settings().require_head_approval and not actor.is_head
        status = ReportStatus.PENDING_HEAD if needs_head else ReportStatus.SUBMITTED
        if task.status in REPORT_LOCKED_STATUSES:
            raise InvalidTransition(
                f"任务当前状态为“{task.get_status_display()}”，督查室审核期间和销号后不能再报送或修改进展。"
            )
        report = _find_report_for_update(task, actor.agency_id, period)
        if report is not None:
            kind, detail = EventKind.REPORT_UPDATED, _update_report(report, values, status, user, expected_version)
        else:
            kind, detail = EventKind.REPORT_SUBMITTED, ""
            report = _create_report(task, actor, user, period, values, status)
        previous = task.status
        if status == ReportStatus.SUBMITTED and task.status in (TaskStatus.NOT_STARTED, TaskStatus.RETURNED):
            _set_status(task, TaskStatus.IN_PROGRESS, "开始推进", "报送进展")
        message = f"{_month_label(period)}进展" + (f"：{detail}" if detail else "")
        if values["percent"] is not None:
            message += f"（完成进度 {values['percent']}%）"
        if checked:
            message += f"，附件 {len(checked)} 个"
        if status == ReportStatus.PENDING_HEAD:
            message += "，待单位负责人审核"
        _event(task, kind, user, agency_id=actor.agency_id, from_status=previous if previous != task.status else "",
               to_status=task.status if previous != task.status else "", message=message)
        _save_attachments(report, checked, user)
    return report


def _update_report(report, values, status, user, expected_version) -> str:
    if report.status == ReportStatus.ACCEPTED:
        raise InvalidTransition("督查室已审阅该月报送，不能再修改。")
    if expected_version is None:
        raise EditConflict(
            f"本单位{_month_label(report.period)}已报送过该任务的进展（第{report.version}版），请打开原报送修改。"
        )
    if report.version != expected_version:
        raise EditConflict(_conflict_message(report))
    changes = _changed_fields(report, values)
    detail = "修改" + "、".join(changes) if changes else "重新保存，内容未变"
    for field, value in values.items():
        setattr(report, field, value)
    report.status = status
    report.author = user
    report.version += 1
    report._change_reason = "修改进展"
    report.save()
    return detail


def _create_report(task, actor, user, period, values, status) -> ProgressReport:
    report = ProgressReport(task=task, agency_id=actor.agency_id, author=user, period=period, status=status, **values)
    report._change_reason = "报送进展"
    try:
        with transaction.atomic():  # savepoint: the unique constraint is the last line of defence
            report.save()
    except IntegrityError as exc:
        raise EditConflict(f"本单位{_month_label(period)}的进展刚刚已由他人报送，请刷新后在原报送上修改。") from exc
    return report


def report_approve(*, user, report: ProgressReport) -> ProgressReport:
    """The agency head lets a liaison's report through to the office."""
    actor = actor_for(user)
    if not (actor.is_head and actor.agency_id == report.agency_id):
        if actor.is_leader:
            raise NotAllowed("领导账号为只读，不能进行此操作。")
        raise NotAllowed("只有本单位负责人可以审核本单位的报送。", hidden=not actor.acts_for_agency)
    with transaction.atomic():
        task = _lock_task(report.task_id)
        report = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.PENDING_HEAD:
            raise InvalidTransition(f"该报送状态为“{report.get_status_display()}”，无需审核。")
        if task.status == TaskStatus.SIGNED_OFF:
            raise _refuse(task, "审核进展")
        report.status = ReportStatus.SUBMITTED
        report._change_reason = "负责人审核"
        report.save(update_fields=["status", "updated_at"])
        previous = task.status
        if task.status in (TaskStatus.NOT_STARTED, TaskStatus.RETURNED):
            _set_status(task, TaskStatus.IN_PROGRESS, "开始推进", "负责人审核")
        _event(task, EventKind.REPORT_APPROVED, user, agency_id=actor.agency_id,
               from_status=previous if previous != task.status else "",
               to_status=task.status if previous != task.status else "",
               message=f"{_month_label(report.period)}进展经单位负责人审核后报送")
    return report


# --- sign-off ------------------------------------------------------------------------------------------------------

def signoff_request(*, user, task: Task, summary: str) -> SignoffRequest:
    """The lead agency asks the office to sign the task off (申请销号)."""
    actor = actor_for(user)
    summary = _required_text(summary, "请填写完成情况说明。")
    with transaction.atomic():
        task = _lock_task(task)
        if _require_agency_on_task(actor, task.pk) != AssignmentRole.LEAD:
            raise NotAllowed("只有牵头单位可以申请销号，配合单位请报送本单位的进展。")
        previous = _set_status(task, TaskStatus.SIGNOFF_REQUESTED, "申请销号", "申请销号")
        request = SignoffRequest.objects.create(task=task, agency_id=actor.agency_id, requested_by=user, summary=summary)
        _event(task, EventKind.SIGNOFF_REQUESTED, user, agency_id=actor.agency_id,
               from_status=previous, to_status=task.status, message=summary)
    return request


def _decide_request(*, user, task: Task, reason: str, outcome: str) -> Review:
    """Sign off or return the task's open sign-off request, in one locked transaction."""
    target, request_status, kind, action = {
        ReviewDecision.SIGN_OFF: (TaskStatus.SIGNED_OFF, SignoffStatus.APPROVED, EventKind.SIGNED_OFF, "销号"),
        ReviewDecision.RETURN: (TaskStatus.RETURNED, SignoffStatus.RETURNED, EventKind.RETURNED, "退回"),
    }[outcome]
    with transaction.atomic():
        task = _lock_task(task)
        request = SignoffRequest.objects.select_for_update().filter(task=task, status=SignoffStatus.OPEN).first()
        previous = _set_status(task, target, action, ReviewDecision(outcome).label)
        if request is not None:
            request.status = request_status
            request.save(update_fields=["status"])
        if target == TaskStatus.SIGNED_OFF:
            # Signing off is the office acting on every report so far: they can no longer change.
            ProgressReport.objects.filter(task=task, status=ReportStatus.SUBMITTED).update(
                status=ReportStatus.ACCEPTED, updated_at=timezone.now()
            )
        review = Review.objects.create(
            task=task, signoff_request=request, decision=outcome, reviewer=user, reason=reason
        )
        _event(task, kind, user, from_status=previous, to_status=task.status, message=reason)
    return review


def signoff_approve(*, user, task: Task, reason: str = "") -> Review:
    """The office signs the task off (已销号); its reports count as read."""
    _require_office(actor_for(user))
    return _decide_request(user=user, task=task, reason=(reason or "").strip(), outcome=ReviewDecision.SIGN_OFF)


def task_return(*, user, task: Task, reason: str) -> Review:
    """The office sends a sign-off request back (退回), saying why; reports stay editable."""
    _require_office(actor_for(user))
    reason = _required_text(reason, "退回时请填写理由。")
    return _decide_request(user=user, task=task, reason=reason, outcome=ReviewDecision.RETURN)


def task_reopen(*, user, task: Task, reason: str) -> Review:
    """The office reopens a signed-off task; the agencies report on it again."""
    actor = actor_for(user)
    _require_office(actor)
    reason = _required_text(reason, "重新打开时请填写理由。")
    with transaction.atomic():
        task = _lock_task(task)
        if task.status != TaskStatus.SIGNED_OFF:  # the table also allows 未启动 → 推进中, which is not a reopening
            raise _refuse(task, "重新打开（只有已销号的任务可以重新打开）")
        previous = _set_status(task, TaskStatus.IN_PROGRESS, "重新打开", "重新打开")
        review = Review.objects.create(task=task, decision=ReviewDecision.REOPEN, reviewer=user, reason=reason)
        _event(task, EventKind.REOPENED, user, from_status=previous, to_status=task.status, message=reason)
    return review
