"""Output shapes of extension requests and urging notes."""

from rest_framework import serializers

from tasks.models import ExtensionRequest, Urge

from .serializers import AgencyRefSerializer, person_name


class ExtensionRequestSerializer(serializers.ModelSerializer):
    task = serializers.IntegerField(source="task_id", read_only=True, help_text="任务编号（id）")
    agency = AgencyRefSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    requested_by_name = serializers.SerializerMethodField(help_text="申请人")
    decided_by_name = serializers.SerializerMethodField(help_text="审批人")

    class Meta:
        model = ExtensionRequest
        fields = ["id", "task", "agency", "requested_by_name", "previous_deadline", "requested_deadline", "reason",
                  "status", "status_display", "requested_at", "decided_by_name", "decided_at", "decision_reason"]

    def get_requested_by_name(self, obj) -> str:
        return person_name(obj.requested_by)

    def get_decided_by_name(self, obj) -> str:
        return person_name(obj.decided_by)


class UrgeSerializer(serializers.ModelSerializer):
    task = serializers.IntegerField(source="task_id", read_only=True)
    agency = AgencyRefSerializer(read_only=True)
    urged_by_name = serializers.SerializerMethodField(help_text="催办人")

    class Meta:
        model = Urge
        fields = ["id", "task", "agency", "message", "urged_by_name", "created_at"]

    def get_urged_by_name(self, obj) -> str:
        return person_name(obj.urged_by)
