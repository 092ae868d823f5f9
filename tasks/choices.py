"""Statuses, roles, warning levels and the table of allowed status transitions."""

from django.db import models


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "推进中"
    SIGNOFF_REQUESTED = "signoff_requested", "申请销号"
    SIGNED_OFF = "signed_off", "已销号"
    RETURNED = "returned", "已退回"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", "牵头"
    CO = "co", "配合"


class AssignmentState(models.TextChoices):
    PENDING = "pending", "待签收"
    ACKNOWLEDGED = "acknowledged", "已签收"
    DECLINED = "declined", "已拒收"
    DONE = "done", "本单位已完成"


class CompletionRule(models.TextChoices):
    LEAD_SIGNOFF = "lead", "牵头单位申请销号即可"
    ALL_PARTS = "all", "各责任单位均完成本单位部分"


class ExtensionStatus(models.TextChoices):
    OPEN = "open", "待审批"
    APPROVED = "approved", "已同意"
    REJECTED = "rejected", "未同意"


class Recurrence(models.TextChoices):
    NONE = "", "不重复"
    YEARLY = "yearly", "每年"
    QUARTERLY = "quarterly", "每季度"
    MONTHLY = "monthly", "每月"
    DAILY = "daily", "每日"


class DeadlineKind(models.TextChoices):
    """What the printed time limit states (tasks/deadlines.py)."""

    NONE = "", "未写明"
    DATE = "date", "具体日期"
    WORKING_DAYS = "relative_workdays", "交办后N个工作日内"
    CALENDAR_DAYS = "relative_days", "收到后N日内"
    RECURRING = "recurring", "定期报送"
    ONGOING = "ongoing", "持续推进（长期）"


class WarningLevel(models.TextChoices):
    """Most urgent first; orange (橙牌) is the 序时进度 level near the deadline (office settings)."""

    RED = "red", "红牌"
    ORANGE = "orange", "橙牌"
    YELLOW = "yellow", "黄牌"
    GREEN = "green", "正常"


class ReportStatus(models.TextChoices):
    PENDING_HEAD = "pending_head", "待单位负责人审核"
    RETURNED_BY_HEAD = "returned_by_head", "负责人已退回"
    SUBMITTED = "submitted", "已报送"
    ACCEPTED = "accepted", "督查室已阅"


# Reports that have not left the agency yet: only the reporting agency sees them.
UNSENT_REPORT_STATUSES = (ReportStatus.PENDING_HEAD, ReportStatus.RETURNED_BY_HEAD)


class ReviewDecision(models.TextChoices):
    SIGN_OFF = "sign_off", "同意销号"
    RETURN = "return", "退回"
    REOPEN = "reopen", "重新打开"


class SignoffStatus(models.TextChoices):
    OPEN = "open", "待审核"
    APPROVED = "approved", "已销号"
    RETURNED = "returned", "已退回"


class EventKind(models.TextChoices):
    IMPORTED = "imported", "导入"
    EDITED = "edited", "修改"
    STATUS_CHANGED = "status_changed", "状态变更"
    REPORT_SUBMITTED = "report_submitted", "报送进展"
    REPORT_UPDATED = "report_updated", "修改进展"
    REPORT_APPROVED = "report_approved", "负责人审核"
    SIGNOFF_REQUESTED = "signoff_requested", "申请销号"
    SIGNED_OFF = "signed_off", "同意销号"
    RETURNED = "returned", "退回"
    REOPENED = "reopened", "重新打开"
    REMINDED = "reminded", "提醒"
    # The second tier of 督办 work (issue 15) and the notices of issue 14; declared together so that
    # parallel work on assignments, extensions and inbox notices shares one list of kinds.
    ACKNOWLEDGED = "acknowledged", "签收"
    DECLINED = "declined", "拒收"
    REASSIGNED = "reassigned", "改派"
    INSISTED = "insisted", "坚持交办"
    EXPANDED = "expanded", "分解到成员单位"
    ASSIGNMENT_DONE = "assignment_done", "本单位完成"
    EXTENSION_REQUESTED = "extension_requested", "申请延期"
    EXTENSION_APPROVED = "extension_approved", "同意延期"
    EXTENSION_REJECTED = "extension_rejected", "不同意延期"
    SUBTASK_CREATED = "subtask_created", "任务分解"
    URGED = "urged", "催办"
    DEADLINE_CHANGED = "deadline_changed", "时限变更"
    REPORT_RETURNED = "report_returned", "退回进展"


# Which status may follow which. Services check every change against this
# table; anything else is refused with a message and changes nothing.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    TaskStatus.NOT_STARTED: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.SIGNOFF_REQUESTED}),
    TaskStatus.IN_PROGRESS: frozenset({TaskStatus.SIGNOFF_REQUESTED}),
    TaskStatus.RETURNED: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.SIGNOFF_REQUESTED}),
    TaskStatus.SIGNOFF_REQUESTED: frozenset({TaskStatus.SIGNED_OFF, TaskStatus.RETURNED}),
    TaskStatus.SIGNED_OFF: frozenset({TaskStatus.IN_PROGRESS}),
}

OPEN_STATUSES = frozenset(set(TaskStatus) - {TaskStatus.SIGNED_OFF})


def can_transition(current: str, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get(current, frozenset())
