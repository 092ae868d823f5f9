"""The 调度 pack over the API: changes since a date, 考核 scores, the 通报 as .docx."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.common import ApiViewMixin
from fangguanfu.api_common import parse_positive_int
from fangguanfu.domain_errors import InvalidInput

from ..briefing import DOCX, briefing_context, render_briefing
from ..changes import changes_since, parse_since
from ..scores import FuturePeriod, agency_scores, parse_period

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


class ScoresView(ApiViewMixin, APIView):
    @extend_schema(
        summary="考核得分", tags=["调度"],
        description="按督查室设定的计分规则，从时间线和报送记录即时计算各单位当月得分：每个单位每类事实的条数和分数，"
                    "lines 列出每一分对应的任务和事实。单位账号只看到本单位，并直接带明细；督查室和领导用 agency 参数"
                    "逐个单位查看明细（不带 agency 时 lines 为 null：全省一个月的明细有数万条，请用 Excel 导出）。",
        parameters=[OpenApiParameter("period", OpenApiTypes.STR, description="考核月份 YYYY-MM，默认本月"),
                    OpenApiParameter("agency", OpenApiTypes.INT, description="列出该单位的得分明细")],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        try:
            period = parse_period(request.query_params.get("period"), timezone.localdate())
        except FuturePeriod as exc:
            raise exceptions.NotFound(exc.message) from exc
        except InvalidInput as exc:
            raise exceptions.ValidationError({"period": [exc.message]}) from exc
        agency = request.query_params.get("agency")
        # As on the page: an agency's own lines at once; the office's and leaders' one agency at a time
        # (every line of every agency is the Excel export's job: 40,000 lines a month at scale).
        explain = [] if self.actor.sees_everything else None
        if agency not in (None, ""):
            explain = [parse_positive_int(agency, "agency")]
        return Response(agency_scores(actor=self.actor, period=period, explain=explain))


class BriefingView(ApiViewMixin, APIView):
    @extend_schema(
        summary="通报（Word）", tags=["调度"],
        description="按公文格式生成通报草稿（.docx）：总体情况、完成情况（按牵头单位列表）、逾期及滞后任务（按单位分表）、"
                    "下步工作（各单位最近报送的下一步计划）。内容全部来自系统数据，供督查室在 Word 中修改。"
                    "仅督查室和领导可用。",
        parameters=[SINCE], responses={(200, DOCX): OpenApiTypes.BINARY},
    )
    def get(self, request):
        if not self.actor.sees_everything:
            raise exceptions.PermissionDenied("通报只能由督查室或领导生成。")
        since = since_param(request)
        context = briefing_context(actor=self.actor, since=since)
        response = HttpResponse(render_briefing(context), content_type=DOCX)
        response["Content-Disposition"] = content_disposition_header(True, f"{context['title']}.docx")
        return response
