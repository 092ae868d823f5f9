"""Progress reports (进展报送): submit or change the agency's report for a month, and the head's approval.

Same rules as the task's own workflow (tasks.services): one transaction, the task row locked first,
the user's role read on the server, a TaskEvent for the timeline, a WorkflowError on refusal.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Subquery
from django.utils import timezone

from agencies.roles import actor_for
from fangguanfu.domain_errors import EditConflict, InvalidInput, InvalidTransition, NotAllowed, WorkflowError
from tasks.choices import UNSENT_REPORT_STATUSES, EventKind, ReportStatus, TaskStatus
from tasks.guards import (
    lock_task,
    month_label,
    record_event,
    refusal_for,
    require_agency_on_task,
    required_text,
    set_status,
)
from tasks.models import Task
from tasks.services import REPORT_LOCKED_STATUSES
from tasks.warnings import office_settings

from .models import ProgressReport, ReportAttachment
from .uploads import AttachmentRejected, check_uploads

__all__ = [
    "EditConflict", "InvalidInput", "InvalidTransition", "NotAllowed", "WorkflowError", "REPORT_LOCKED_STATUSES",
    "report_submit", "report_no_progress", "report_approve", "report_return", "previous_report", "NO_PROGRESS_TEXT",
]

NO_PROGRESS_TEXT = "本月无新进展"
REPORT_FIELD_LABELS = {"content": "工作进展", "problems": "存在问题", "next_steps": "下一步计划", "percent": "完成进度"}


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
    percent: int | None = None, attachments=(), expected_version: int | None = None, no_progress: bool = False,
) -> ProgressReport:
    """Create or update the actor's agency report on `task` for the month of `period`.

    A new report needs expected_version=None; changing an existing one needs the
    version the user loaded. Anything else is an EditConflict: nobody's text is
    silently replaced.
    """
    actor = actor_for(user)
    with transaction.atomic():
        task = lock_task(task)
        require_agency_on_task(actor, task.pk)
        values = {
            "content": required_text(content, "请填写工作进展。"),
            "problems": (problems or "").strip(),
            "next_steps": (next_steps or "").strip(),
            "percent": _clean_percent(percent),
        }
        # Typed or clicked, "本月无新进展" is recorded as such (the quality flags and the scores read the flag).
        values["no_progress"] = no_progress or values["content"] == NO_PROGRESS_TEXT
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
            set_status(task, TaskStatus.IN_PROGRESS, "开始推进", "报送进展")
        message = f"{month_label(period)}进展" + (f"：{detail}" if detail else "")
        if values["no_progress"]:
            message += "（本月无新进展）"
        if values["percent"] is not None:
            message += f"（完成进度 {values['percent']}%）"
        if checked:
            message += f"，附件 {len(checked)} 个"
        if status == ReportStatus.PENDING_HEAD:
            message += "，待单位负责人审核"
        record_event(task, kind, user, agency_id=actor.agency_id, from_status=previous if previous != task.status else "",
               to_status=task.status if previous != task.status else "", message=message)
        ReportAttachment.save_checked(checked, user, report=report)
        refresh_task_progress(task.pk)
    return report


def refresh_task_progress(task_id: int) -> None:
    """Task.progress_percent := the percentage of the latest report the office can see (序时进度 warnings read
    it from the task row, so that a list or a dashboard over all tasks needs no reports subquery)."""
    latest = (ProgressReport.objects.filter(task_id=task_id, percent__isnull=False)
              .exclude(status__in=UNSENT_REPORT_STATUSES).order_by("-period", "-submitted_at").values("percent")[:1])
    # update(), not save(): a derived figure, not an edit of the task, so no history row of its own.
    Task.objects.filter(pk=task_id).update(progress_percent=Subquery(latest))


def previous_report(task_id: int, agency_id: int, period: datetime.date) -> ProgressReport | None:
    """The agency's latest report on the task before `period`: the form starts from it (减负)."""
    return (ProgressReport.objects.filter(task_id=task_id, agency_id=agency_id, period__lt=period)
            .order_by("-period").first())


def report_no_progress(*, user, task: Task, period: datetime.date) -> ProgressReport:
    """One click: the month's report says exactly “本月无新进展”, keeping last report's 完成进度.

    Only as a new report: a month already reported is changed in its own form (EditConflict otherwise).
    """
    actor = actor_for(user)
    period = _clean_period(period)
    before = previous_report(task.pk, actor.agency_id, period) if actor.acts_for_agency else None
    return report_submit(user=user, task=task, period=period, content=NO_PROGRESS_TEXT,
                         percent=before.percent if before else None, no_progress=True)


def _update_report(report, values, status, user, expected_version) -> str:
    if report.status == ReportStatus.ACCEPTED:
        raise InvalidTransition("督查室已审阅该月报送，不能再修改。")
    if expected_version is None:
        raise EditConflict(
            f"本单位{month_label(report.period)}已报送过该任务的进展（第{report.version}版），请打开原报送修改。"
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
        raise EditConflict(f"本单位{month_label(period)}的进展刚刚已由他人报送，请刷新后在原报送上修改。") from exc
    return report


def _require_head_of(actor, report: ProgressReport) -> None:
    """Only the head of the reporting agency itself decides on its reports (not a member's or another agency's)."""
    if not (actor.is_head and actor.agency_id == report.agency_id):
        if actor.is_leader:
            raise NotAllowed("领导账号为只读，不能进行此操作。")
        raise NotAllowed("只有本单位负责人可以审核本单位的报送。", hidden=not actor.acts_for_agency)


def _lock_pending(report: ProgressReport, action: str, not_pending: str) -> tuple[Task, ProgressReport]:
    task = lock_task(report.task_id)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.PENDING_HEAD:
        raise InvalidTransition(f"该报送状态为“{report.get_status_display()}”，{not_pending}。")
    if task.status == TaskStatus.SIGNED_OFF:
        raise refusal_for(task, action)
    return task, report


def report_approve(*, user, report: ProgressReport) -> ProgressReport:
    """The agency head lets a liaison's report through to the office."""
    actor = actor_for(user)
    _require_head_of(actor, report)
    with transaction.atomic():
        task, report = _lock_pending(report, "审核进展", "无需审核")
        report.status = ReportStatus.SUBMITTED
        report.head_comment = ""
        report._change_reason = "负责人审核"
        report.save(update_fields=["status", "head_comment", "updated_at"])
        previous = task.status
        if task.status in (TaskStatus.NOT_STARTED, TaskStatus.RETURNED):
            set_status(task, TaskStatus.IN_PROGRESS, "开始推进", "负责人审核")
        record_event(task, EventKind.REPORT_APPROVED, user, agency_id=actor.agency_id,
               from_status=previous if previous != task.status else "",
               to_status=task.status if previous != task.status else "",
               message=f"{month_label(report.period)}进展经单位负责人审核后报送")
        refresh_task_progress(task.pk)
    return report


def report_return(*, user, report: ProgressReport, reason: str) -> ProgressReport:
    """The agency head sends a liaison's report back with a comment; the liaison edits and resubmits it.

    The report stays with the agency (the office and the lead do not see it) until the head approves a new version.
    """
    actor = actor_for(user)
    _require_head_of(actor, report)
    reason = required_text(reason, "退回时请填写意见，告诉联络员需要修改什么。")
    with transaction.atomic():
        task, report = _lock_pending(report, "退回进展", "不在待审核中，不能退回")
        report.status = ReportStatus.RETURNED_BY_HEAD
        report.head_comment = reason
        report._change_reason = "负责人退回"
        report.save(update_fields=["status", "head_comment", "updated_at"])
        record_event(task, EventKind.REPORT_RETURNED, user, agency_id=actor.agency_id,
                     message=f"{month_label(report.period)}进展被单位负责人退回：{reason}")
    return report
