"""Filters of the report, review and notification lists (tasks use tasks.filters.TaskFilterSet)."""

import django_filters

from fangguanfu.api_common import IdFilter
from tasks.choices import AssignmentState, ExtensionStatus, ReviewDecision
from tasks.models import Assignment, ExtensionRequest, Review


class OfTaskFilterSet(django_filters.FilterSet):
    """Rows that belong to a task: narrowed by the task or by its document."""

    task = IdFilter(label="任务编号（id）", field_name="task_id")
    document = IdFilter(label="文件编号（id）", field_name="task__document_id")


class ReviewFilterSet(OfTaskFilterSet):
    decision = django_filters.ChoiceFilter(label="审核决定", choices=ReviewDecision.choices)

    class Meta:
        model = Review
        fields = []


class AssignmentFilterSet(OfTaskFilterSet):
    state = django_filters.ChoiceFilter(label="签收状态", choices=AssignmentState.choices)

    class Meta:
        model = Assignment
        fields = []


class ExtensionRequestFilterSet(OfTaskFilterSet):
    status = django_filters.ChoiceFilter(label="审批状态", choices=ExtensionStatus.choices)

    class Meta:
        model = ExtensionRequest
        fields = []
