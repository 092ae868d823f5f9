"""Filters of the report list."""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.models import Agency
from fangguanfu.api_common import MONTH_PATTERN, RowIdFilter
from tasks.api.filters import OfTaskFilterSet
from tasks.choices import ReportStatus

from ..models import ProgressReport
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


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "example": "2021-05"})
class PeriodFilter(django_filters.Filter):
    field_class = PeriodFormField


class ReportFilterSet(OfTaskFilterSet):
    agency = RowIdFilter(label="报送单位", queryset=Agency.objects.all())
    period = PeriodFilter(label="报送月份（YYYY-MM）", field_name="period")
    status = django_filters.ChoiceFilter(label="状态", choices=ReportStatus.choices)

    class Meta:
        model = ProgressReport
        fields = []
