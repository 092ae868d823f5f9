"""Progress reports: the form (new and edit), the head's approval, attachment downloads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from reporting.models import ProgressReport, ReportAttachment
from tasks.choices import AssignmentRole
from tasks.selectors import actor_role_on_task
from tasks.views.common import forbidden, refusal, role_required, visible_task_or_404

from .. import services
from ..forms import MonthField, ReportForm
from ..prefill import co_reports, lead_initial
from ..task_page import visible_attachment


def _own_report(task, actor, period):
    return (ProgressReport.objects.filter(task=task, agency_id=actor.agency_id, period=period)
            .select_related("author").prefetch_related("attachments").first())


def _period_from_query(request):
    """?period=YYYY-MM, or this month when absent or malformed."""
    try:
        period = MonthField().to_python(request.GET.get("period"))
    except ValidationError:
        period = None
    return period or timezone.localdate().replace(day=1)


def _render_form(request, task, form, report, *, status=200, conflict=None, co_reports=(), previous=None):
    return render(request, "tasks/report_form.html", {
        "task": task, "form": form, "report": report, "conflict": conflict, "co_reports": co_reports,
        "previous": previous, "no_progress_text": services.NO_PROGRESS_TEXT,
    }, status=status)


def _initial_for(report, period, previous=None):
    """The saved report; else, for a new month, last period's report to start from (减负: no retyping)."""
    source = report or previous
    if source is None:
        return {"period": period}
    initial = {"period": period, "problems": source.problems, "next_steps": source.next_steps,
               "percent": source.percent}
    if not source.no_progress or report is not None:
        initial["content"] = source.content
    if report is not None:
        initial.update(period=report.period, version=report.version)
    return initial


@role_required
def report_form_view(request, pk: int):
    """GET shows this month's report of the user's agency (or the month in ?period=YYYY-MM); POST saves it."""
    actor = request.actor
    task = visible_task_or_404(request, pk)
    detail_url = reverse("tasks:detail", args=[task.pk])
    role = actor_role_on_task(actor, task)
    if role is None:
        if actor.is_leader:
            return forbidden(request, "领导账号为只读，不能报送进展。")
        return forbidden(request, "进展由责任单位报送，督查室不能代为报送。")
    if request.method != "POST":
        if task.status in services.REPORT_LOCKED_STATUSES:
            messages.warning(request, f"任务当前状态为“{task.get_status_display()}”，不能再报送或修改进展。")
            return redirect(detail_url)
        period = _period_from_query(request)
        report = _own_report(task, actor, period)
        # The lead reports for the task as a whole: it sees the co-agencies' parts and starts from them;
        # anyone else (and a lead whose co-agencies have not reported) starts from its own last report (减负).
        parts = list(co_reports(task, period, actor.agency_id)) if role == AssignmentRole.LEAD else []
        if report or not parts:
            previous = services.previous_report(task.pk, actor.agency_id, period) if report is None else None
            initial = _initial_for(report, period, previous)
        else:
            previous, initial = None, lead_initial(parts, period)
        return _render_form(request, task, ReportForm(initial=initial), report, co_reports=parts, previous=previous)

    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, task, form, None, status=400)
    data = form.cleaned_data
    try:
        report = services.report_submit(
            user=request.user, task=task, period=data["period"], content=data["content"],
            problems=data["problems"], next_steps=data["next_steps"], percent=data["percent"],
            attachments=data["attachments"], expected_version=data["version"],
        )
    except services.EditConflict as exc:
        return _conflict(request, task, form, exc)
    except (services.InvalidInput, services.InvalidTransition) as exc:
        form.add_error(None, exc.message)
        return _render_form(request, task, form, _own_report(task, actor, data["period"]), status=400)
    except services.WorkflowError as exc:
        return refusal(request, exc, detail_url)
    pending = "，待本单位负责人审核后报送督查室" if report.status == "pending_head" else ""
    messages.success(request, f"{report.period:%Y年%m月}进展已保存（第{report.version}版）{pending}。")
    return redirect(detail_url)


@require_POST
@role_required
def report_no_progress_view(request, pk: int):
    """本月无新进展 in one click: recorded as exactly that, for the month in the form."""
    task = visible_task_or_404(request, pk)
    detail_url = reverse("tasks:detail", args=[task.pk])
    try:
        period = MonthField().clean(request.POST.get("period"))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(reverse("tasks:report", args=[task.pk]))
    try:
        report = services.report_no_progress(user=request.user, task=task, period=period)
    except (services.EditConflict, services.InvalidInput, services.InvalidTransition) as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('tasks:report', args=[task.pk])}?period={period:%Y-%m}")
    except services.WorkflowError as exc:
        return refusal(request, exc, detail_url)
    messages.success(request, f"已报送{report.period:%Y年%m月}进展：{services.NO_PROGRESS_TEXT}。")
    return redirect(detail_url)


def _conflict(request, task, form, exc):
    """Keep what the user typed, show what was saved meanwhile; saving again is then a deliberate choice."""
    current = _own_report(task, request.actor, form.cleaned_data["period"])
    data = request.POST.copy()
    data["version"] = current.version if current else ""
    form = ReportForm(data)
    form.is_valid()
    form.add_error(None, exc.message)
    return _render_form(request, task, form, current, status=409, conflict=current)


@require_POST
@role_required
def report_approve_view(request, pk: int, report_id: int):
    task = visible_task_or_404(request, pk)
    report = get_object_or_404(ProgressReport, pk=report_id, task=task)
    detail_url = reverse("tasks:detail", args=[task.pk])
    try:
        services.report_approve(user=request.user, report=report)
    except services.WorkflowError as exc:
        return refusal(request, exc, detail_url)
    messages.success(request, f"已审核 {report.period:%Y年%m月} 进展，已报送督查室。")
    return redirect(detail_url)


@role_required
def attachment_download_view(request, pk: int, attachment_id: int):
    task = visible_task_or_404(request, pk)
    try:
        attachment = visible_attachment(actor=request.actor, task=task, attachment_id=attachment_id)
    except ReportAttachment.DoesNotExist as exc:
        raise Http404("附件不存在或您无权查看。") from exc
    return file_download(attachment)


def file_download(attachment) -> FileResponse:
    """A stored attachment (report or sign-off evidence) under its original name."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("附件文件已丢失，请联系督查室。") from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type)
