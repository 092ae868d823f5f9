"""Filters of the report, review and notification lists (tasks use tasks.filters.TaskFilterSet)."""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.models import Agency
from fangguanfu.api_common import IdFilter
from tasks.choices import ReportStatus, ReviewDecision
from tasks.filters import StrictBooleanFilter
from tasks.models import Notification, ProgressReport, Review

from .validators import PeriodField


class PeriodFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return PeriodField().to_internal_value(value)
        except serializers.ValidationError as exc:
            raise forms.ValidationError("月份格式应为 YYYY-MM，如 2021-05。") from exc


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2021-05"})
class PeriodFilter(django_filters.Filter):
    field_class = PeriodFormField


class OfTaskFilterSet(django_filters.FilterSet):
    """Rows that belong to a task: narrowed by the task or by its document."""

    task = IdFilter(label="任务编号（id）", field_name="task_id")
    document = IdFilter(label="文件编号（id）", field_name="task__document_id")


class ReportFilterSet(OfTaskFilterSet):
    agency = django_filters.ModelChoiceFilter(label="报送单位", queryset=Agency.objects.all())
    period = PeriodFilter(label="报送月份（YYYY-MM）", field_name="period")
    status = django_filters.ChoiceFilter(label="状态", choices=ReportStatus.choices)

    class Meta:
        model = ProgressReport
        fields = []


class ReviewFilterSet(OfTaskFilterSet):
    decision = django_filters.ChoiceFilter(label="审核决定", choices=ReviewDecision.choices)

    class Meta:
        model = Review
        fields = []


class NotificationFilterSet(django_filters.FilterSet):
    unread = StrictBooleanFilter(label="仅未读", field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = []
