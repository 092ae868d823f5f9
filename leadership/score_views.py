"""The 考核 league table page and its Excel export."""

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone

from fangguanfu.domain_errors import InvalidInput
from tasks.views.common import role_required

from .pack_views import xlsx_response
from .pack_xlsx import scores_workbook
from .scores import agency_scores, parse_period


def _period(request):
    today = timezone.localdate()
    try:
        return parse_period(request.GET.get("period"), today), ""
    except InvalidInput as exc:
        return today.replace(day=1), exc.message


def _agency_param(request) -> int | None:
    value = request.GET.get("agency", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


@role_required
def scores_view(request):
    period, error = _period(request)
    chosen = _agency_param(request)
    # An agency account sees its own lines at once; the office opens one agency's lines at a time.
    explain = [chosen] if chosen else ([] if request.actor.sees_everything else None)
    scores = agency_scores(actor=request.actor, period=period, explain=explain)
    for agency in scores["agencies"]:
        agency["cells"] = [f"{agency['facts'][k]}/{agency['points'][k]}" for k in scores["fact_kinds"]]
    explained = next((a for a in scores["agencies"] if a["lines"] is not None), None)
    return render(request, "dashboard/scores.html", {
        "scores": scores, "error": error, "explained": explained, "period_value": scores["period"],
    }, status=400 if error else 200)


@role_required
def scores_xlsx_view(request):
    period, error = _period(request)
    if error:
        return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    scores = agency_scores(actor=request.actor, period=period)
    return xlsx_response(scores_workbook(scores), f"考核得分-{scores['period']}.xlsx")
