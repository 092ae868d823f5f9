"""TaskFilterSet: one source of task filters for the API, the pages and the exports."""

from functools import cached_property

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from agencies.models import Agency
from documents.models import Document, Section
from fangguanfu.api_common import RowIdFilter, StrictBooleanFilter

from .choices import AssignmentRole, TaskStatus, WarningLevel
from .models import Assignment, Task
from .warnings import warning_context, warning_context_of, warning_q


class IntegerFilter(django_filters.NumberFilter):
    """A whole number: 2021.5 is an error, not silently 2021."""

    field_class = forms.IntegerField


class TaskFilterSet(django_filters.FilterSet):
    document = RowIdFilter(label="文件", queryset=Document.objects.defer("original_text"))
    year = IntegerFilter(label="年度", field_name="document__year")
    section = RowIdFilter(label="部分", queryset=Section.objects.all())
    # field_name names the model path only so the OpenAPI schema can type the id; filter_agency does the work.
    agency = RowIdFilter(
        label="责任单位", queryset=Agency.objects.all(), field_name="assignments__agency", method="filter_agency"
    )
    role = django_filters.ChoiceFilter(label="职责", choices=AssignmentRole.choices, method="filter_role")
    status = django_filters.ChoiceFilter(label="状态", choices=TaskStatus.choices)
    warning = django_filters.ChoiceFilter(label="预警", choices=WarningLevel.choices, method="filter_warning")
    deadline_before = django_filters.DateFilter(label="时限不晚于", field_name="deadline", lookup_expr="lte")
    deadline_after = django_filters.DateFilter(label="时限不早于", field_name="deadline", lookup_expr="gte")
    overdue = StrictBooleanFilter(label="已逾期", method="filter_overdue")
    open = StrictBooleanFilter(label="未销号", method="filter_open")
    has_report_this_month = StrictBooleanFilter(label="本月已报送", field_name="has_report_this_month")
    q = django_filters.CharFilter(label="搜索", method="filter_text")
    ordering = django_filters.OrderingFilter(
        label="排序",
        fields=(("deadline", "deadline"), ("order", "number"), ("updated_at", "updated")),
        field_labels={"deadline": "完成时限", "order": "任务编号", "updated_at": "更新时间"},
    )

    class Meta:
        model = Task
        fields = []

    def narrows(self) -> bool:
        """Whether any filter applies (the ordering aside): an unfiltered list is every visible task.

        Reads the values `qs` filters by (the form's cleaned data: a field with an error applies no filter).
        """
        if not self.is_bound:
            return False
        self.form.is_valid()
        return any(value not in (None, "") for name, value in self.form.cleaned_data.items() if name != "ordering")

    @cached_property
    def warning_ctx(self):
        # The list's own context (task_list puts it on the queryset), so the filter and
        # the colours shown use the same day and thresholds; read the settings only otherwise.
        return warning_context_of(self.queryset) or getattr(self.request, "warning_ctx", None) or warning_context()

    def filter_agency(self, queryset, name, value):
        role = self.form.cleaned_data.get("role")
        assignments = Assignment.objects.filter(task=OuterRef("pk"), agency=value)
        if role:
            assignments = assignments.filter(role=role)
        return queryset.filter(Exists(assignments))

    def filter_role(self, queryset, name, value):
        if self.form.cleaned_data.get("agency"):
            return queryset  # applied together with the agency
        if "i_lead" in queryset.query.annotations:  # an agency's list: its own role (selectors._with_my_role)
            return queryset.filter(i_lead=value == AssignmentRole.LEAD)
        return queryset.filter(Exists(Assignment.objects.filter(task=OuterRef("pk"), role=value)))

    def filter_warning(self, queryset, name, value):
        return queryset.filter(warning_q(value, self.warning_ctx))

    def filter_overdue(self, queryset, name, value):
        red = warning_q(WarningLevel.RED, self.warning_ctx)
        return queryset.filter(red) if value else queryset.exclude(red)

    def filter_open(self, queryset, name, value):
        signed_off = Q(status=TaskStatus.SIGNED_OFF)
        return queryset.exclude(signed_off) if value else queryset.filter(signed_off)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(text__icontains=value) | Q(number=value) | Q(deadline_text__icontains=value))
