"""Reports API: the report list, the head's approval, and the task's own reports (GET/POST)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.api.common import ApiViewMixin
from tasks.api.validators import RequiredReasonInput
from tasks.api.views import TaskViewSet
from tasks.selectors import task_get

from .. import services
from ..models import ProgressReport
from ..periods import period_agencies, task_period_rows
from ..selectors import report_list
from .filters import ReportFilterSet
from .serializers import PeriodRowSerializer, ReportSerializer
from .validators import ReportInput

REPORT_POST_DESCRIPTION = """本单位报送该任务某月的进展（一月一报），仅限该任务的责任单位。

同一单位同一月份只有一份报送：再次提交即修改原报送，此时须带上读取时的 `expected_version`，
否则返回 409，以免覆盖他人的修改。任务申请销号后、已销号时不能报送（409）。可用 multipart 上传佐证材料
`attachments`。开启“须经单位负责人审核”时，联络员的报送状态为 pending_head，经负责人审核后才报送督查室。"""


@extend_schema_view(
    list=extend_schema(
        summary="进展报送列表", tags=["进展报送"],
        description="可见任务的月度进展报送，按月份倒序。单位账号看到本单位承担任务的报送；"
                    "待单位负责人审核（pending_head）的报送只有本单位可见。",
    ),
    retrieve=extend_schema(summary="进展报送详情", tags=["进展报送"]),
)
class ReportViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = ProgressReport.objects.none()  # for the schema
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet

    def get_queryset(self):
        return report_list(actor=self.actor).order_by("-period", "-submitted_at", "-pk")

    @extend_schema(summary="单位负责人审核报送", tags=["进展报送"], request=None, responses=ReportSerializer,
                   description="单位负责人审核本单位待审核（pending_head）的报送，审核后报送督查室。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request, pk=None):
        report = self.get_object()
        services.report_approve(user=request.user, report=report)
        return Response(ReportSerializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(summary="单位负责人退回报送", tags=["进展报送"], request=RequiredReasonInput,
                   responses=ReportSerializer,
                   description="单位负责人把本单位待审核的报送退回联络员修改，须填写意见（reason）；"
                               "联络员修改后重新提交审核。")
    @action(detail=True, methods=["post"], url_path="return", url_name="return", filter_backends=[])
    def return_report(self, request, pk=None):
        report = self.get_object()
        form = RequiredReasonInput(data=request.data)
        form.is_valid(raise_exception=True)
        services.report_return(user=request.user, report=report, reason=form.validated_data["reason"])
        return Response(ReportSerializer(self.get_queryset().get(pk=report.pk)).data)



class TaskWithReportsViewSet(TaskViewSet):
    """/api/tasks/ with the task's reports: the task API of tasks.api plus what reporting adds."""

    @extend_schema(methods=["GET"], summary="任务的进展报送", tags=["进展报送"],
                   description="该任务各责任单位的月度进展，按月份倒序。", responses=ReportSerializer(many=True))
    @extend_schema(methods=["POST"], summary="报送进展", tags=["进展报送"], description=REPORT_POST_DESCRIPTION,
                   request={"application/json": ReportInput, "multipart/form-data": ReportInput},
                   responses={201: ReportSerializer})
    @action(detail=True, methods=["get", "post"], url_path="reports", filter_backends=[],
            serializer_class=ReportSerializer)
    def reports(self, request, pk=None):
        task = self._visible_task()
        if request.method == "GET":
            page = self.paginate_queryset(report_list(actor=self.actor).filter(task=task))
            return self.get_paginated_response(ReportSerializer(page, many=True).data)
        form = ReportInput(data=request.data)
        form.is_valid(raise_exception=True)
        report = services.report_submit(user=request.user, task=task, **form.validated_data)
        body = ReportSerializer(report_list(actor=self.actor).get(pk=report.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(summary="任务的定期报送情况", tags=["进展报送"], responses=PeriodRowSerializer(many=True),
                   description="按月/季/年报送的任务（含持续推进类任务，按月）最近已结束的周期，各责任单位一行："
                               "state 为 not_reported 未报 / reported 已报 / overdue 逾期未报；"
                               "截止日为周期结束后次月的督办设置“定期报送截止日”，遇节假日顺延。其他任务为空列表。")
    @action(detail=True, methods=["get"], url_path="periods", filter_backends=[], pagination_class=None)
    def periods(self, request, pk=None):
        task = task_get(actor=self.actor, task_id=self._visible_task().pk, ctx=self.warning_ctx())
        ctx = self.warning_ctx()
        rows = task_period_rows(task, period_agencies(task.assignments.all()), today=ctx.today,
                                due_day=ctx.report_due_day)
        return Response([row.as_dict() for row in rows])
