from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .choices import (
    AssignmentRole,
    AssignmentState,
    CompletionRule,
    DeadlineKind,
    EventKind,
    ExtensionStatus,
    Recurrence,
    ReviewDecision,
    SignoffStatus,
    TaskStatus,
)

USER = settings.AUTH_USER_MODEL
COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "颜色须为 #RRGGBB 形式，如 #fd7e14。")


class Task(models.Model):
    """A numbered task of a plan, with its deadline and where it stands."""

    document = models.ForeignKey(
        "documents.Document", verbose_name="文件", on_delete=models.CASCADE, related_name="tasks"
    )
    plan = models.ForeignKey("documents.Plan", verbose_name="方案", on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        "documents.Section", verbose_name="部分", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    subsection = models.CharField("小节", max_length=20, blank=True)
    number = models.CharField("任务编号", max_length=20, help_text="如印：13、十三")
    order = models.PositiveIntegerField("顺序", default=0)
    text = models.TextField("任务内容")
    deadline = models.DateField("完成时限", null=True, blank=True,
                                help_text="当前时限：同意延期后为延期后的时限")
    original_deadline = models.DateField(
        "原定时限", null=True, blank=True, help_text="印发时的时限，延期或修改时限后仍保留；为空表示与完成时限相同"
    )
    parent = models.ForeignKey(
        "self", verbose_name="上级任务", null=True, blank=True, on_delete=models.CASCADE, related_name="subtasks",
        help_text="任务分解：牵头单位分解出的里程碑或分项任务",
    )
    deadline_text = models.CharField("时限原文", max_length=120, blank=True)
    deadline_inferred = models.BooleanField(
        "时限为推定", default=False, help_text="原文未写明时限，按方案年度推定为年底"
    )
    recurrence = models.CharField("周期", max_length=10, choices=Recurrence.choices, blank=True, default="")
    # The rule the time limit states (tasks/deadlines.py): relative limits resolve into `deadline` from
    # `assigned_on`; ongoing tasks have no deadline and owe a report every period.
    deadline_kind = models.CharField("时限类型", max_length=20, choices=DeadlineKind.choices, blank=True, default="")
    deadline_value = models.PositiveSmallIntegerField(
        "时限天数", null=True, blank=True, help_text="“N个工作日内”“收到后N日内”的N，或“每月N日前”的N"
    )
    assigned_on = models.DateField(
        "交办日期", default=timezone.localdate, help_text="导入（交办）之日：相对时限和序时进度从这一天起算"
    )
    progress_percent = models.PositiveSmallIntegerField(
        "最新完成进度(%)", null=True, blank=True, validators=[MaxValueValidator(100)],
        help_text="最近一次报送的完成进度，由进展报送写入，用于序时进度预警",
    )
    status = models.CharField("状态", max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    is_truncated = models.BooleanField("原文不完整", default=False)
    signed_off_at = models.DateTimeField("销号时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    agencies = models.ManyToManyField("agencies.Agency", through="Assignment", related_name="tasks", verbose_name="责任单位")
    # Joins (no columns, no constraint) to the working-day ordinals of the two dates, so that 序时进度 is a
    # hash join in SQL rather than a sub-select per task (tasks/schedule_warnings.py).
    assigned_day = models.ForeignObject(
        "workdays.WorkdayOrdinal", on_delete=models.DO_NOTHING, from_fields=["assigned_on"], to_fields=["date"],
        related_name="+", null=True,
    )
    deadline_day = models.ForeignObject(
        "workdays.WorkdayOrdinal", on_delete=models.DO_NOTHING, from_fields=["deadline"], to_fields=["date"],
        related_name="+", null=True,
    )
    history = HistoricalRecords(excluded_fields=["assigned_day", "deadline_day"])

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        # Newest documents first, then the plan's own order. Only task columns, so
        # that a page of 100 is read from an index instead of sorting every match.
        ordering = ["-document_id", "plan_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="task_order_unique_per_plan"),
            models.CheckConstraint(
                name="task_signed_off_has_time",
                condition=~Q(status=TaskStatus.SIGNED_OFF) | Q(signed_off_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="task_status_deadline_idx"),
            # Lists by deadline break ties by id: one month-end holds tens of thousands of tasks at province
            # scale, which an index on the deadline alone leaves to be sorted (the dashboard's 临期 list: 130 ms).
            models.Index(fields=["deadline", "id"], name="task_deadline_id_idx"),
            models.Index(fields=["-document", "plan", "order"], name="task_list_order_idx"),
            # Sign-offs per month (dashboard trend) from the index alone, not from 40,000 heap rows.
            models.Index(fields=["signed_off_at"], condition=Q(status=TaskStatus.SIGNED_OFF),
                         name="task_signed_off_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"


class Assignment(models.Model):
    """An agency named on a task, as lead (牵头) or co-responsible (配合)."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="单位", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField("职责", max_length=4, choices=AssignmentRole.choices)
    name_as_printed = models.CharField("原文名称", max_length=120, blank=True)
    is_global = models.BooleanField("全文通用责任", default=False, help_text="来自“以下不再列出”一类的全文条款")
    state = models.CharField("签收状态", max_length=12, choices=AssignmentState.choices, default=AssignmentState.PENDING)
    # When the agency was handed this part (交办), or re-handed after a reassignment: the N working days
    # to acknowledge count from here.
    assigned_at = models.DateTimeField("交办时间", default=timezone.now)
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(USER, verbose_name="签收人", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    declined_at = models.DateTimeField("拒收时间", null=True, blank=True)
    declined_by = models.ForeignKey(USER, verbose_name="拒收人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    decline_reason = models.TextField("拒收理由", blank=True, default="")
    office_note = models.TextField("督查室意见", blank=True, default="", help_text="坚持交办或改派时督查室的说明")
    done_at = models.DateTimeField("本单位完成时间", null=True, blank=True)
    ack_reminded_at = models.DateTimeField("签收提醒时间", null=True, blank=True,
                                           help_text="超期未签收只提醒一次")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "任务分工"
        verbose_name_plural = "任务分工"
        ordering = ["task_id", "-role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "agency"], name="assignment_unique_task_agency",
                violation_error_message="同一单位在一项任务中只能出现一次。",
            ),
        ]
        # With the task id, an agency's task ids (filters, visibility, counts) come from the index alone.
        indexes = [
            models.Index(fields=["agency", "role", "task"], name="assign_agency_role_task_idx"),
            # The office's queue of declined parts and the sweep for unacknowledged ones.
            models.Index(fields=["state"], condition=~Q(state="acknowledged"), name="assign_open_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_role_display()}"


class SignoffRequest(models.Model):
    """A lead agency's request to sign a task off (申请销号), with its summary."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="signoff_requests")
    agency = models.ForeignKey("agencies.Agency", verbose_name="申请单位", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(USER, verbose_name="申请人", null=True, on_delete=models.SET_NULL, related_name="+")
    summary = models.TextField("完成情况说明")
    status = models.CharField("状态", max_length=10, choices=SignoffStatus.choices, default=SignoffStatus.OPEN)
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = "销号申请"
        verbose_name_plural = "销号申请"
        ordering = ["requested_at"]
        constraints = [
            # At most one request waits for review per task.
            models.UniqueConstraint(
                fields=["task"], condition=Q(status=SignoffStatus.OPEN), name="signoff_one_open_per_task"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.get_status_display()}"


class Review(models.Model):
    """The office's decision: sign off, return, or reopen, and why."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="reviews")
    signoff_request = models.ForeignKey(
        SignoffRequest, verbose_name="销号申请", null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    decision = models.CharField("决定", max_length=10, choices=ReviewDecision.choices)
    reviewer = models.ForeignKey(USER, verbose_name="审核人", null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField("理由", blank=True)
    decided_at = models.DateTimeField("审核时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.task} · {self.get_decision_display()}"


class TaskEvent(models.Model):
    """The task's timeline, written explicitly by the services that change things."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(USER, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField("原状态", max_length=20, choices=TaskStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=TaskStatus.choices, blank=True)
    message = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "任务动态"
        verbose_name_plural = "任务动态"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["task", "created_at"], name="event_task_time_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class OfficeSettings(models.Model):
    """Thresholds and switches the office can change (one row)."""

    yellow_days = models.PositiveSmallIntegerField("黄牌预警提前工作日数", default=7)
    report_window_day = models.PositiveSmallIntegerField(
        "本月未报送黄牌起始日", default=20, validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="每月该日起，本月尚未报送进展的未销号任务亮黄牌",
    )
    escalation_days = models.PositiveSmallIntegerField("红牌升级工作日数", default=7)
    roll_call_day = models.PositiveSmallIntegerField(
        "月度调度日", default=25, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    remind_co_agencies = models.BooleanField("同时提醒配合单位", default=False)
    require_head_approval = models.BooleanField("进展须经单位负责人审核后报送", default=False)
    office_emails = models.TextField("督查室邮箱", blank=True, help_text="每行一个，用于日报")
    # What a sign-off request (申请销号) needs; checked by tasks.services.signoff_request.
    signoff_needs_report = models.BooleanField("申请销号须已报送进展", default=False,
                                               help_text="该任务至少有一份已报送督查室的进展")
    signoff_needs_evidence = models.BooleanField("申请销号须附佐证材料", default=False,
                                                 help_text="销号申请或已报送的进展中至少有一个附件")
    signoff_needs_co_reports = models.BooleanField("申请销号须各配合单位均已报送", default=False,
                                                   help_text="每个配合单位都至少报送过一次进展")
    ack_days = models.PositiveSmallIntegerField(
        "签收期限（工作日）", default=3, validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="交办后该工作日数内未签收的，提醒一次并显示预警",
    )
    leader_decides_extensions = models.BooleanField(
        "延期申请由领导审批", default=False, help_text="不勾选时由督查室审批"
    )
    # 序时进度 (tasks/warnings.py): time used in working days from 交办 to the deadline, against the last
    # reported 完成进度. Only tasks with a reported percentage are judged this way.
    schedule_lag_points = models.PositiveSmallIntegerField(
        "序时进度黄牌阈值(百分点)", default=30, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="已用时比例超过完成进度该百分点数即亮黄牌，如已用时80%、进度10%相差70个百分点",
    )
    orange_enabled = models.BooleanField("启用橙牌", default=True, help_text="不启用时按红黄绿三色预警")
    orange_days = models.PositiveSmallIntegerField(
        "橙牌：距时限工作日数", default=10, validators=[MaxValueValidator(250)],
        help_text="距完成时限不超过该工作日数而完成进度不足时亮橙牌",
    )
    orange_progress = models.PositiveSmallIntegerField(
        "橙牌：完成进度低于(%)", default=80, validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    colour_red = models.CharField("红牌颜色", max_length=7, default="#c62828", validators=[COLOUR])
    colour_orange = models.CharField("橙牌颜色", max_length=7, default="#ef6c00", validators=[COLOUR])
    colour_yellow = models.CharField("黄牌颜色", max_length=7, default="#f9a825", validators=[COLOUR])
    report_due_day = models.PositiveSmallIntegerField(
        "定期报送截止日", default=5, validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="每月、每季度、每年的任务于周期结束后次月该日前报送（如每月5日前报上月进展），遇节假日顺延",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "督办设置"
        verbose_name_plural = "督办设置"
        constraints = [models.CheckConstraint(name="office_settings_singleton", condition=Q(id=1))]

    def __str__(self) -> str:
        return "督办设置"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "OfficeSettings":
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


class DocumentRule(models.Model):
    """How the tasks of one document count as done (office setting per document)."""

    document = models.OneToOneField("documents.Document", verbose_name="文件", on_delete=models.CASCADE,
                                    primary_key=True, related_name="task_rule")
    completion_rule = models.CharField("完成规则", max_length=4, choices=CompletionRule.choices,
                                       default=CompletionRule.LEAD_SIGNOFF)

    class Meta:
        verbose_name = "文件完成规则"
        verbose_name_plural = "文件完成规则"

    def __str__(self) -> str:
        return f"{self.document} · {self.get_completion_rule_display()}"


class ExtensionRequest(models.Model):
    """An agency's request for a later deadline (延期申请) and the decision on it."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="extension_requests")
    agency = models.ForeignKey("agencies.Agency", verbose_name="申请单位", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(USER, verbose_name="申请人", null=True, on_delete=models.SET_NULL, related_name="+")
    previous_deadline = models.DateField("申请时的时限", null=True, blank=True)
    requested_deadline = models.DateField("申请延期至")
    reason = models.TextField("延期理由")
    status = models.CharField("状态", max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.OPEN)
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(USER, verbose_name="审批人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_reason = models.TextField("审批意见", blank=True, default="")

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["task"], condition=Q(status=ExtensionStatus.OPEN),
                                    name="extension_one_open_per_task",
                                    violation_error_message="该任务已有待审批的延期申请。"),
            models.CheckConstraint(name="extension_decided_has_time",
                                   condition=Q(status=ExtensionStatus.OPEN) | Q(decided_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.task} · 延期至 {self.requested_deadline} · {self.get_status_display()}"


class Urge(models.Model):
    """One urging note (催办) to one agency on a task; counted per agency."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="urges")
    agency = models.ForeignKey("agencies.Agency", verbose_name="被催办单位", on_delete=models.PROTECT,
                               related_name="urges")
    message = models.TextField("催办内容")
    urged_by = models.ForeignKey(USER, verbose_name="催办人", null=True, on_delete=models.SET_NULL, related_name="+")
    urged_by_agency = models.ForeignKey("agencies.Agency", verbose_name="催办单位", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+",
                                        help_text="为空表示督查室催办")
    created_at = models.DateTimeField("催办时间", auto_now_add=True)

    class Meta:
        verbose_name = "催办记录"
        verbose_name_plural = "催办记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agency", "created_at"], name="urge_agency_time_idx")]

    def __str__(self) -> str:
        return f"催办 {self.agency} · {self.task}"
