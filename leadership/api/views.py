"""The dashboard summary over the API."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.common import ApiViewMixin

from ..dashboards import dashboard_summary


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
