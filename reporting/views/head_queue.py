"""The agency head's 待审核 list: approve a liaison's report, or return it with a comment."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tasks.choices import ReportStatus
from tasks.views.common import forbidden, refusal, role_required

from .. import services
from ..models import ProgressReport
from ..selectors import head_queue


def _render_queue(request, *, errors=None, reasons=None, status=200):
    reports = list(head_queue(actor=request.actor))
    for report in reports:  # a refusal belongs to the card it came from, with what the head typed kept
        report.error = (errors or {}).get(report.pk, "")
        report.typed_reason = (reasons or {}).get(report.pk, "")
    return render(request, "tasks/head_queue.html", {
        "waiting": [r for r in reports if r.status == ReportStatus.PENDING_HEAD],
        "returned": [r for r in reports if r.status != ReportStatus.PENDING_HEAD],
    }, status=status)


@role_required
def head_queue_view(request):
    if not request.actor.is_head:
        return forbidden(request, "只有单位负责人有待审核的进展报送。")
    return _render_queue(request)


@require_POST
@role_required
def head_decide_view(request, report_id: int):
    """POST decision=approve|return (with reason). A refusal is shown on the report's own card."""
    actor = request.actor
    if not actor.is_head:
        return forbidden(request, "只有单位负责人可以审核进展报送。")
    # Another agency's report does not exist for this head (the service refuses it too).
    report = ProgressReport.objects.filter(pk=report_id, agency_id=actor.agency_id).select_related("task").first()
    if report is None:
        raise Http404("报送不存在或不属于本单位。")
    decision, reason = request.POST.get("decision"), request.POST.get("reason", "")
    try:
        if decision == "approve":
            services.report_approve(user=request.user, report=report)
        elif decision == "return":
            services.report_return(user=request.user, report=report, reason=reason)
        else:
            raise services.InvalidInput("请选择审核通过或退回。")
    except (services.InvalidInput, services.InvalidTransition) as exc:
        return _render_queue(request, errors={report.pk: exc.message}, reasons={report.pk: reason}, status=400)
    except services.WorkflowError as exc:
        return refusal(request, exc, reverse("tasks:head_queue"))
    done = "已审核通过并报送督查室" if decision == "approve" else "已退回联络员修改"
    messages.success(request, f"任务 {report.task.number} 的 {report.period:%Y年%m月} 进展{done}。")
    return redirect("tasks:head_queue")
