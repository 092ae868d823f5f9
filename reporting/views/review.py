"""Sign-off: the lead agency's request, the office's queue and decisions, reopening."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tasks import services
from tasks.choices import AssignmentRole, ReviewDecision, SignoffStatus, TaskStatus, can_transition
from tasks.models import Assignment, Review, SignoffRequest
from tasks.selectors import actor_role_on_task
from tasks.views.common import forbidden, refusal, role_required, safe_next, visible_task_or_404

from ..forms import ReopenForm, ReviewForm, SignoffRequestForm
from ..task_page import task_reports


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
    form = SignoffRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signoff_request(user=request.user, task=task, summary=form.cleaned_data["summary"])
        except services.WorkflowError as exc:
            return refusal(request, exc, detail_url)
        messages.success(request, "已提交销号申请，请等待督查室审核。")
        return redirect(detail_url)
    if request.method != "POST" and not can_transition(task.status, TaskStatus.SIGNOFF_REQUESTED):
        messages.warning(request, f"任务当前状态为“{task.get_status_display()}”，不能申请销号。")
        return redirect(detail_url)
    return render(request, "tasks/signoff_form.html", {
        "task": task, "form": form, "reports": task_reports(actor=actor, task=task),
    }, status=400 if form.errors else 200)


@role_required
def review_queue_view(request):
    """督查室 review queue: open sign-off requests, oldest first; the latest decisions below."""
    if not request.actor.is_office:
        return forbidden(request, "只有督查室可以审核销号。")
    leads = Prefetch("task__assignments", queryset=Assignment.objects.filter(role=AssignmentRole.LEAD)
                     .select_related("agency").order_by("id"), to_attr="lead_assignments")
    open_requests = (SignoffRequest.objects.filter(status=SignoffStatus.OPEN)
                     .select_related("task__document", "agency", "requested_by")
                     .prefetch_related(leads).order_by("requested_at", "id"))
    today = timezone.localdate()
    open_requests = list(open_requests)
    for req in open_requests:
        req.waiting_days = (today - timezone.localdate(req.requested_at)).days
    recent = (Review.objects.select_related("task__document", "reviewer")
              .order_by("-decided_at", "-id")[:20])
    return render(request, "tasks/review_queue.html", {
        "open_requests": open_requests, "recent": recent, "review_form": ReviewForm(),
        "signed_off": TaskStatus.SIGNED_OFF,
    })


@require_POST
@role_required
def review_decide_view(request, pk: int):
    task = visible_task_or_404(request, pk)
    back = safe_next(request, reverse("tasks:detail", args=[task.pk]))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(back)
    decide = (services.signoff_approve if form.cleaned_data["decision"] == ReviewDecision.SIGN_OFF
              else services.task_return)
    try:
        decide(user=request.user, task=task, reason=form.cleaned_data["reason"])
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
