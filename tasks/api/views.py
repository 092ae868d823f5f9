"""Task API: lists and details scoped like the pages; every write goes through tasks.services.

reporting.api extends TaskViewSet with the task's reports; the router registers that subclass.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from agencies.api.common import ApiViewMixin
from fangguanfu.api_common import parse_positive_int
from tasks import services
from tasks.filters import TaskFilterSet
from tasks.models import Task
from tasks.selectors import subtask_rows, task_get, task_list, visible_tasks
from tasks.warnings import warning_context

from .keyset import TaskListPagination
from .serializers import TaskSerializer
from .task_actions import TaskSecondTierActions
from .task_rows import task_list_data, task_rows
from .validators import OptionalReasonInput, RequiredReasonInput, SignoffRequestInput

TAGS = ["任务"]
TASK_LIST_DESCRIPTION = """任务台账。督查室和领导看到全部任务，单位账号只看到本单位（含所属集合名称）承担的任务。

筛选参数可组合使用：`document` 文件、`year` 年度、`section` 部分、`agency` 责任单位（可与 `role` 同用，
表示该单位作为牵头/配合）、`role` 职责、`status` 状态、`warning` 预警、`deadline_before` / `deadline_after`
完成时限区间（YYYY-MM-DD）、`overdue` 是否逾期、`open` 是否未销号、`has_report_this_month` 本月是否已报送、`q` 全文搜索
（任务内容、编号、时限原文）。排序 `ordering`：deadline、number、updated，前加 `-` 为倒序，可用逗号组合。
默认按文件导入先后、文件内任务顺序排列。分页 `page`、`page_size`（最大 200）；翻到很深的页请用游标分页 `cursor`
（空值从第一页开始，之后传上一页的 `next_cursor`），每页一样快、不返回总数，只用于默认顺序。参数值不合法或单位、文件编号不存在时返回 400 及字段错误。"""

def _reviews_schema(summary, description, request):
    return extend_schema(summary=summary, description=description, request=request, responses=TaskSerializer,
                         tags=["审核"])


@extend_schema_view(
    list=extend_schema(
        summary="任务列表", description=TASK_LIST_DESCRIPTION, tags=TAGS,
        parameters=[OpenApiParameter("agency", OpenApiTypes.INT, description="责任单位编号（id）")],
    ),
    retrieve=extend_schema(summary="任务详情", description="一项任务及其责任单位；不可见的任务返回 404。", tags=TAGS),
)
class TaskViewSet(TaskSecondTierActions, ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Task.objects.none()  # for the schema; get_queryset builds the real one
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    pagination_class = TaskListPagination  # page numbers, or keyset pages with `cursor` (tasks/api/keyset.py)

    def warning_ctx(self):
        # The same day and thresholds for the colours shown and for the `warning` filter.
        ctx = getattr(self.request, "warning_ctx", None)
        if ctx is None:
            ctx = self.request.warning_ctx = warning_context()
        return ctx

    def get_queryset(self):
        # The document's original text can be tens of kilobytes: never ship it once per task row.
        # One task at a time, an agency also sees the sub-tasks of the tasks it leads (it split them).
        qs = task_list(actor=self.actor, ctx=self.warning_ctx(), led_subtasks=self.action != "list")
        qs = qs.defer("document__original_text")
        # Task.Meta's order (newest document, plan, task order) on task columns only, which
        # task_list_order_idx walks, plus the id as a tie-break so pages never repeat or skip rows.
        return qs.order_by(*Task._meta.ordering, "pk")

    def list(self, request, *args, **kwargs):
        # Plain rows instead of TaskSerializer over model instances: same JSON, a fraction of the Python (task_rows).
        rows = self.paginate_queryset(task_rows(self.filter_queryset(self.get_queryset())))
        return self.get_paginated_response(task_list_data(rows, self.warning_ctx()))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if queryset.query.order_by:  # a stable tie-break, so pages never repeat or skip rows
            queryset = queryset.order_by(*queryset.query.order_by, "pk")
        return queryset

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "warning_ctx": self.warning_ctx()}

    def retrieve(self, request, *args, **kwargs):
        return Response(self._task_data(self.get_object()))

    def _task_data(self, task: Task) -> dict:
        context = {**self.get_serializer_context(), "subtasks": subtask_rows([task.pk])}
        return TaskSerializer(task, context=context).data

    def _visible_task(self) -> Task:
        """The task in the URL if the user may see it, else 404. The service locks and re-reads it."""
        task_id = parse_positive_int(self.kwargs["pk"], "id")
        return visible_tasks(self.actor, led_subtasks=True).only("pk").get(pk=task_id)

    def _task_response(self, task: Task, status: int = 200) -> Response:
        fresh = task_get(actor=self.actor, task_id=task.pk, ctx=self.warning_ctx())
        return Response(self._task_data(fresh), status=status)

    def _decide(self, input_class, service, **fixed):
        task = self._visible_task()
        form = input_class(data=self.request.data)
        form.is_valid(raise_exception=True)
        service(user=self.request.user, task=task, **form.validated_data, **fixed)
        return self._task_response(task)

    @_reviews_schema("申请销号", "牵头单位申请销号，须填写完成情况说明；返回更新后的任务。", SignoffRequestInput)
    @action(detail=True, methods=["post"], url_path="signoff-request", filter_backends=[])
    def signoff_request(self, request, pk=None):
        return self._decide(SignoffRequestInput, services.signoff_request)

    @_reviews_schema("同意销号", "督查室同意销号（仅督查室）；该任务已报送的进展同时标为已阅。", OptionalReasonInput)
    @action(detail=True, methods=["post"], url_path="signoff", filter_backends=[])
    def signoff(self, request, pk=None):
        return self._decide(OptionalReasonInput, services.signoff_approve)

    @_reviews_schema("退回", "督查室退回销号申请（仅督查室），须填写理由。", RequiredReasonInput)
    @action(detail=True, methods=["post"], url_path="return", url_name="return", filter_backends=[])
    def return_task(self, request, pk=None):
        return self._decide(RequiredReasonInput, services.task_return)

    @_reviews_schema("重新打开", "督查室重新打开已销号的任务（仅督查室），须填写理由。", RequiredReasonInput)
    @action(detail=True, methods=["post"], url_path="reopen", filter_backends=[])
    def reopen(self, request, pk=None):
        return self._decide(RequiredReasonInput, services.task_reopen)
