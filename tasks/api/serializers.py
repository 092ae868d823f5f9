"""Output shapes of tasks, reports, reviews and notifications.

They read only what the selectors loaded (select_related / prefetch / annotate):
a serializer that touched the database per row would break the list query counts.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tasks.choices import AssignmentRole, TaskStatus, WarningLevel
from tasks.models import Assignment, Review, SignoffRequest, Task
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

    class Meta:
        model = Assignment
        fields = ["agency", "role", "role_display", "name_as_printed", "is_global"]


class TaskSerializer(serializers.ModelSerializer):
    document = DocumentRefSerializer(read_only=True)
    plan = PlanRefSerializer(read_only=True)
    section = SectionRefSerializer(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=TaskStatus.choices, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    warning = serializers.ChoiceField(
        choices=WarningLevel.choices, read_only=True, help_text="预警：red 红牌 / yellow 黄牌 / green 正常"
    )
    has_report_this_month = serializers.BooleanField(
        read_only=True, help_text="本月是否已报送进展（单位账号只计本单位的报送）"
    )
    my_role = serializers.SerializerMethodField(help_text="本单位在该任务中的职责（仅单位账号）：lead / co")
    days_left = serializers.SerializerMethodField(help_text="距完成时限的天数，逾期为负数；无时限为 null")
    assignments = AssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = Task
        fields = [
            "id", "number", "document", "plan", "section", "subsection", "text", "deadline", "deadline_text",
            "deadline_inferred", "recurrence", "status", "status_display", "warning", "has_report_this_month",
            "my_role", "days_left", "signed_off_at", "updated_at", "assignments",
        ]

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
