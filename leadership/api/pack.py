"""The 调度 pack over the API: changes since a date, 考核 scores, the 通报 as .docx."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.common import ApiViewMixin
from fangguanfu.domain_errors import InvalidInput

from ..changes import changes_since, parse_since

SINCE = OpenApiParameter("since", OpenApiTypes.DATE, description="起始日期 YYYY-MM-DD，默认上次调度会")


def since_param(request):
    try:
        return parse_since(request.query_params.get("since"))
    except InvalidInput as exc:
        raise exceptions.ValidationError({"since": [exc.message]}) from exc


class ChangesView(ApiViewMixin, APIView):
    @extend_schema(
        summary="调度会以来的变化", tags=["调度"],
        description="自起始日期（默认上次调度会）以来：新增逾期、新亮黄牌/红牌、已销号、被退回、同意延期、"
                    "新增/办结子任务、本月未报送，逐项列出并按文件、按单位汇总。单位账号只含本单位承担的任务。",
        parameters=[SINCE], responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        return Response(changes_since(actor=self.actor, since=since_param(request)))
