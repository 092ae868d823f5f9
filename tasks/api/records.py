"""Reports, reviews, the user's notifications and the dashboard summary."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from fangguanfu.api_common import ApiViewMixin
from tasks import services
from tasks.dashboards import dashboard_summary
from tasks.models import Notification, ProgressReport, Review

from .filters import NotificationFilterSet, ReportFilterSet, ReviewFilterSet
from .selectors import notification_list, report_list, review_list
from .serializers import NotificationSerializer, ReportSerializer, ReviewSerializer


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


@extend_schema_view(
    list=extend_schema(summary="审核记录列表", tags=["审核"],
                       description="督查室对可见任务的审核决定（同意销号、退回、重新打开），新的在前。"),
    retrieve=extend_schema(summary="审核记录详情", tags=["审核"]),
)
class ReviewViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Review.objects.none()  # for the schema
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilterSet

    def get_queryset(self):
        return review_list(actor=self.actor).order_by("-decided_at", "-pk")


@extend_schema_view(
    list=extend_schema(summary="我的站内消息", tags=["站内消息"], description="当前用户自己的站内消息，新的在前。"),
    retrieve=extend_schema(summary="站内消息详情", tags=["站内消息"]),
)
class NotificationViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Notification.objects.none()  # for the schema
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    # Marking one's own inbox as read changes no business data: leadership may do it too.
    leaders_may_write = True

    def get_queryset(self):
        return notification_list(user=self.request.user).order_by("-created_at", "-pk")

    @extend_schema(summary="标为已读", tags=["站内消息"], request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request, pk=None):
        notification = self.get_object()
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return Response(NotificationSerializer(notification).data)

    @extend_schema(summary="全部标为已读", tags=["站内消息"], request=None,
                   responses=inline_serializer("ReadAllResult", {"marked": serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[], pagination_class=None)
    def read_all(self, request):
        marked = self.get_queryset().filter(read_at__isnull=True).update(read_at=timezone.now())
        return Response({"marked": marked})


class DashboardQuery(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1949, max_value=2100, help_text="年度")
    document = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1, help_text="文件编号（id）")
    agency = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1, help_text="责任单位编号（id）")


class DashboardView(ApiViewMixin, APIView):
    @extend_schema(
        summary="督办总览", tags=["总览"],
        description="与领导驾驶舱相同的统计：总数、按状态与预警的分布、按文件与部分的汇总、牵头单位排行、"
                    "逾期与临期任务、每月销号趋势。单位账号只统计本单位承担的任务。",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="年度"),
            OpenApiParameter("document", OpenApiTypes.INT, description="文件编号（id）"),
            OpenApiParameter("agency", OpenApiTypes.INT, description="责任单位编号（id）"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        query = DashboardQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        summary = dashboard_summary(
            actor=self.actor, year=data.get("year"), document_id=data.get("document"), agency_id=data.get("agency")
        )
        return Response(summary)
