"""Reports as the API shows them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tasks.api.serializers import AgencyRefSerializer, TaskRefSerializer, person_name, task_ref
from workdays.choices import PeriodState

from ..models import ProgressReport, ReportAttachment


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportAttachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_at"]


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2021-05"})
class MonthField(serializers.DateField):
    """A report's month as YYYY-MM (the database keeps its first day)."""

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class ReportSerializer(serializers.ModelSerializer):
    task = serializers.SerializerMethodField()
    agency = AgencyRefSerializer(read_only=True)
    author_name = serializers.SerializerMethodField(help_text="填报人")
    period = MonthField(read_only=True, help_text="报送月份 YYYY-MM")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id", "task", "agency", "author_name", "period", "content", "problems", "next_steps", "percent",
            "status", "status_display", "head_comment", "version", "submitted_at", "updated_at", "attachments",
        ]

    @extend_schema_field(TaskRefSerializer)
    def get_task(self, report) -> dict:
        return task_ref(report)

    def get_author_name(self, report) -> str:
        return person_name(report.author)


class PeriodRowSerializer(serializers.Serializer):
    """One agency × period of a recurring task (reporting.periods), for the schema."""

    agency = serializers.DictField(read_only=True, help_text="{id, name}")
    period = serializers.CharField(read_only=True, help_text="如 2026年11月、2026年第四季度")
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    due = serializers.DateField(read_only=True, help_text="报送截止日（遇节假日已顺延）")
    state = serializers.ChoiceField(choices=PeriodState.choices, read_only=True)
    state_display = serializers.CharField(read_only=True)
