"""The in-app inbox (站内消息): list, mark read, mark all read; the office can run reminders now."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from agencies.roles import actor_for

from .models import Notification
from .queueing import enqueue
from .tasks import escalation_digest_task, monthly_roll_call_task, reminder_sweep_task

PAGE_SIZE = 20


@login_required
def index(request):
    notes = Notification.objects.filter(recipient=request.user).only(
        "id", "title", "body", "url", "created_at", "read_at")
    only_unread = request.GET.get("unread") == "1"
    if only_unread:
        notes = notes.filter(read_at__isnull=True)
    page = Paginator(notes.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inbox/index.html", {
        "page": page, "only_unread": only_unread, "can_run": actor_for(request.user).is_office,
    })


@login_required
@require_POST
def mark_read(request, pk: int):
    """Mark one message read; with `open`, go on to the page it points at."""
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())
    target = note.url if "open" in request.POST else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("inbox:index")


@login_required
@require_POST
def mark_all_read(request):
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, f"已将 {count} 条消息标为已读。")
    return redirect("inbox:index")


@login_required
@require_POST
def run_reminders(request):
    """Office only: queue today's reminders now instead of waiting for the schedule."""
    if not actor_for(request.user).is_office:
        raise PermissionDenied("只有督查室工作人员可以立即发送提醒。")
    queued = [enqueue(task) for task in (reminder_sweep_task, escalation_digest_task, monthly_roll_call_task)]
    if all(queued):
        messages.success(request, "已安排发送今日提醒，稍后可在“提醒记录”中查看结果。")
    else:
        messages.warning(request, "消息队列暂不可用，已记录；今日到期的提醒将在下次定时巡检时自动补发。")
    return redirect("inbox:index")
