"""Output shapes of tasks, reports, reviews and notifications.

They read only what the selectors loaded (select_related / prefetch / annotate):
a serializer that touched the database per row would break the list query counts.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tasks.choices import AssignmentRole, AssignmentState, DeadlineKind, TaskStatus, WarningLevel
from tasks.models import Assignment, Review, SignoffRequest, Task
from tasks.selectors import rolled_up_percent
from tasks.warnings import days_left


def person_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True, help_text="单位全称")
    short_name = serializers.CharField(read_only=True, help_text="单位简称，可能为空")


class DocumentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    doc_number = serializers.CharField(read_only=True, help_text="文号，可能为空")
    title = serializers.CharField(read_only=True, help_text="文件标题")
    year = serializers.IntegerField(read_only=True, allow_null=True, help_text="年度")


class SectionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True, help_text="部分编号，如 一")
    title = serializers.CharField(read_only=True, help_text="部分标题")


class PlanRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True, help_text="方案标题")


class AssignmentSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer(read_only=True)
    role = serializers.ChoiceField(choices=AssignmentRole.choices, read_only=True, help_text="lead 牵头 / co 配合")
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    state = serializers.ChoiceField(choices=AssignmentState.choices, read_only=True,
                                    help_text="pending 待签收 / acknowledged 已签收 / declined 已拒收 / done 本单位已完成")
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    ack_overdue = serializers.SerializerMethodField(help_text="超期未签收（已提醒一次）")

    class Meta:
        model = Assignment
        fields = ["id", "agency", "role", "role_display", "name_as_printed", "is_global", "state", "state_display",
                  "assigned_at", "acknowledged_at", "declined_at", "decline_reason", "office_note", "done_at",
                  "ack_overdue"]

    def get_ack_overdue(self, assignment) -> bool:
        return assignment.state == AssignmentState.PENDING and assignment.ack_reminded_at is not None


class SubtaskRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True, help_text="分解任务编号，如 13.1")
    text = serializers.CharField(read_only=True)
    deadline = serializers.DateField(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=TaskStatus.choices, read_only=True)
    agency_id = serializers.IntegerField(read_only=True, allow_null=True, help_text="承办单位编号")
    agency_name = serializers.CharField(read_only=True, allow_null=True, help_text="承办单位")
    progress = serializers.IntegerField(read_only=True, help_text="进度（0–100）：最近一次报送的完成进度，已销号为 100")


class TaskSerializer(serializers.ModelSerializer):
    document = DocumentRefSerializer(read_only=True)
    plan = PlanRefSerializer(read_only=True)
    section = SectionRefSerializer(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=TaskStatus.choices, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    warning = serializers.ChoiceField(
        choices=WarningLevel.choices, read_only=True,
        help_text="预警：red 红牌 / orange 橙牌（临近时限进度不足）/ yellow 黄牌 / green 正常",
    )
    warning_reason = serializers.CharField(
        read_only=True, help_text="预警原因，如“已用时 80%，进度 10%”“已逾期 3 天”；正常为空"
    )
    deadline_kind = serializers.ChoiceField(
        choices=DeadlineKind.choices, read_only=True,
        help_text="时限类型：date 具体日期 / relative_workdays N个工作日内 / relative_days 收到后N日内 / "
                  "recurring 定期报送 / ongoing 持续推进（无完成时限，不会逾期）/ 空 未写明",
    )
    progress_percent = serializers.IntegerField(read_only=True, allow_null=True, help_text="最近一次报送的完成进度")
    has_report_this_month = serializers.BooleanField(
        read_only=True, help_text="本月是否已报送进展（单位账号只计本单位的报送）"
    )
    my_role = serializers.SerializerMethodField(help_text="本单位在该任务中的职责（仅单位账号）：lead / co")
    days_left = serializers.SerializerMethodField(help_text="距完成时限的天数，逾期为负数；无时限为 null")
    assignments = AssignmentSerializer(many=True, read_only=True)
    deadline = serializers.DateField(read_only=True, allow_null=True, help_text="当前完成时限（同意延期后为新时限）")
    original_deadline = serializers.SerializerMethodField(help_text="原定完成时限（印发时），延期后不变")
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True,
                                      help_text="上级任务编号（id）：分解任务才有")
    subtasks = serializers.SerializerMethodField(help_text="分解出的任务（里程碑、分项）")
    subtask_progress = serializers.SerializerMethodField(help_text="按分解任务汇总的进度（0–100）；未分解为 null")

    class Meta:
        model = Task
        fields = [
            "id", "number", "document", "plan", "section", "subsection", "text", "deadline", "original_deadline",
            "deadline_text", "deadline_inferred", "deadline_kind", "deadline_value", "assigned_on", "progress_percent",
            "recurrence", "status", "status_display", "warning", "warning_reason", "has_report_this_month",
            "my_role", "days_left", "signed_off_at", "updated_at", "assignments",
            "parent", "subtasks", "subtask_progress",
        ]

    @extend_schema_field({"type": "string", "format": "date", "nullable": True})
    def get_original_deadline(self, task):
        original = task.original_deadline or task.deadline
        return original.isoformat() if original else None

    def _subtasks(self, task) -> list[dict]:
        return self.context.get("subtasks", {}).get(task.pk, [])

    @extend_schema_field(SubtaskRefSerializer(many=True))
    def get_subtasks(self, task) -> list[dict]:
        return SubtaskRefSerializer(self._subtasks(task), many=True).data

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_subtask_progress(self, task) -> int | None:
        return rolled_up_percent(self._subtasks(task))

    @extend_schema_field({"type": "string", "enum": ["lead", "co"], "nullable": True})
    def get_my_role(self, task) -> str | None:
        return getattr(task, "my_role", None)

    @extend_schema_field({"type": "integer", "nullable": True})  # null: no deadline, or signed off
    def get_days_left(self, task) -> int | None:
        return days_left(task.deadline, self.context["warning_ctx"].today)


class TaskRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True, help_text="任务编号")
    document_id = serializers.IntegerField(read_only=True)


def task_ref(row) -> dict:
    """From the selector's annotations: following row.task would cost one query per row."""
    return {"id": row.task_id, "number": row.task_number, "document_id": row.task_document_id}


class SignoffRequestSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = SignoffRequest
        fields = ["id", "agency", "summary", "status", "status_display", "requested_at"]


class ReviewSerializer(serializers.ModelSerializer):
    task = serializers.SerializerMethodField()
    decision_display = serializers.CharField(source="get_decision_display", read_only=True)
    reviewer_name = serializers.SerializerMethodField(help_text="审核人")
    signoff_request = SignoffRequestSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Review
        fields = ["id", "task", "decision", "decision_display", "reviewer_name", "reason", "decided_at",
                  "signoff_request"]

    @extend_schema_field(TaskRefSerializer)
    def get_task(self, review) -> dict:
        return task_ref(review)

    def get_reviewer_name(self, review) -> str:
        return person_name(review.reviewer)
