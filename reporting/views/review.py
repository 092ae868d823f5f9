"""Sign-off: the lead agency's request, the office's queue and decisions, reopening."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from agencies.scoping import agency_scope_ids
from tasks import services
from tasks.choices import AssignmentRole, ReviewDecision, TaskStatus, can_transition
from tasks.models import Review
from tasks.selectors import actor_role_on_task
from tasks.views.common import forbidden, refusal, role_required, safe_next, visible_task_or_404
from tasks.warnings import office_settings

from ..forms import ReopenForm, ReviewForm, SignoffRequestForm
from ..models import SignoffAttachment
from ..selectors import review_queue_requests
from ..signoff import signoff_request_with_evidence
from ..task_page import task_reports
from .reports import file_download


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


@role_required
def signoff_request_view(request, pk: int):
    """申请销号: the lead agency sees every agency's reports and writes its summary."""
    actor = request.actor
    task = visible_task_or_404(request, pk)
    detail_url = reverse("tasks:detail", args=[task.pk])
    role = actor_role_on_task(actor, task)
    if role != AssignmentRole.LEAD:
        return forbidden(request, "只有牵头单位可以申请销号。")
    form = SignoffRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            signoff_request_with_evidence(user=request.user, task=task, summary=form.cleaned_data["summary"],
                                          attachments=form.cleaned_data["attachments"])
        except services.InvalidInput as exc:  # evidence missing or a file refused: say so on the form
            form.add_error(None, exc.message)
        except services.WorkflowError as exc:
            return refusal(request, exc, detail_url)
        else:
            messages.success(request, "已提交销号申请，请等待督查室审核。")
            return redirect(detail_url)
    if request.method != "POST" and not can_transition(task.status, TaskStatus.SIGNOFF_REQUESTED):
        messages.warning(request, f"任务当前状态为“{task.get_status_display()}”，不能申请销号。")
        return redirect(detail_url)
    return render(request, "tasks/signoff_form.html", {
        "task": task, "form": form, "reports": task_reports(actor=actor, task=task),
        "settings": office_settings(),
        "missing": services.missing_evidence(task) if request.method != "POST" else [],
    }, status=400 if form.errors else 200)


def _render_review_queue(request, *, task_id=None, error="", typed="", status=200):
    """The queue; a refused decision (`error`) is shown on the card of `task_id`, with what was typed kept."""
    today = timezone.localdate()
    open_requests = list(review_queue_requests())
    for req in open_requests:
        req.waiting_days = (today - timezone.localdate(req.requested_at)).days
        req.attachment_count = req.report_attachment_count + len(req.attachments.all())
        req.error, req.typed_reason = (error, typed) if req.task_id == task_id else ("", "")
    recent = (Review.objects.select_related("task__document", "reviewer")
              .order_by("-decided_at", "-id")[:20])
    return render(request, "tasks/review_queue.html", {
        "open_requests": open_requests, "recent": recent, "review_form": ReviewForm(),
        "signed_off": TaskStatus.SIGNED_OFF,
    }, status=status)


@role_required
def review_queue_view(request):
    """督查室 review queue: open sign-off requests, oldest first; the latest decisions below."""
    if not request.actor.is_office:
        return forbidden(request, "只有督查室可以审核销号。")
    return _render_review_queue(request)


@require_POST
@role_required
def review_decide_view(request, pk: int):
    task = visible_task_or_404(request, pk)
    back = safe_next(request, reverse("tasks:detail", args=[task.pk]))
    from_queue = back == reverse("tasks:review_queue") and request.actor.is_office
    form = ReviewForm(request.POST)
    if not form.is_valid():
        if from_queue:
            return _render_review_queue(request, task_id=task.pk, error=_first_error(form), status=400)
        messages.error(request, _first_error(form))
        return redirect(back)
    decide = (services.signoff_approve if form.cleaned_data["decision"] == ReviewDecision.SIGN_OFF
              else services.task_return)
    try:
        decide(user=request.user, task=task, reason=form.cleaned_data["reason"])
    except services.InvalidInput as exc:
        if from_queue:  # e.g. 退回 without a reason: the error belongs to this request's card
            return _render_review_queue(request, task_id=task.pk, error=exc.message,
                                        typed=form.cleaned_data["reason"], status=400)
        return refusal(request, exc, back)
    except services.WorkflowError as exc:
        return refusal(request, exc, back)
    done = "已同意销号" if decide is services.signoff_approve else "已退回牵头单位"
    messages.success(request, f"任务 {task.number}：{done}。")
    return redirect(back)


@require_POST
@role_required
def task_reopen_view(request, pk: int):
    task = visible_task_or_404(request, pk)
    back = safe_next(request, reverse("tasks:detail", args=[task.pk]))
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(back)
    try:
        services.task_reopen(user=request.user, task=task, reason=form.cleaned_data["reason"])
    except services.WorkflowError as exc:
        return refusal(request, exc, back)
    messages.success(request, f"任务 {task.number} 已重新打开。")
    return redirect(back)


@role_required
def signoff_attachment_view(request, pk: int, attachment_id: int):
    """A sign-off request's evidence: for the office and leadership, and for the agency that asked."""
    task = visible_task_or_404(request, pk)
    files = SignoffAttachment.objects.filter(request__task=task)
    if not request.actor.sees_everything:
        files = files.filter(request__agency_id__in=agency_scope_ids(request.actor.agency_id))
    attachment = files.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("附件不存在或您无权查看。")
    return file_download(attachment)
