"""What every workflow view shares: who is asking, the task they may see, and how refusals look."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from agencies.roles import actor_for

from ..choices import TaskStatus
from ..models import Task
from ..selectors import task_get
from ..services import NotAllowed, WorkflowError
from ..warnings import days_left, warning_context


def role_required(view):
    """Logged in and holding one of the app's roles; anyone else sees a 403 page."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        request.actor = actor_for(request.user)
        if request.actor.role is None:
            return forbidden(request, "您的账号尚未分配角色，请联系督查室。")
        return view(request, *args, **kwargs)

    return wrapped


def forbidden(request, message: str):
    return render(request, "tasks/forbidden.html", {"message": message}, status=403)


def visible_task_or_404(request, pk: int) -> Task:
    """The task with warning and role annotations, or 404 when the user may not see it."""
    request.warning_ctx = getattr(request, "warning_ctx", None) or warning_context()
    try:
        task = task_get(actor=request.actor, task_id=pk, ctx=request.warning_ctx)
    except Task.DoesNotExist as exc:
        raise Http404("任务不存在或您无权查看。") from exc
    add_deadline_hint(task, request.warning_ctx.today)
    return task


def deadline_hint(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return f"逾期 {-days} 天"
    return "今天到期" if days == 0 else f"剩余 {days} 天"


def add_deadline_hint(task: Task, today) -> None:
    # A signed-off task is done: days left or overdue no longer mean anything.
    task.days_left = None if task.status == TaskStatus.SIGNED_OFF else days_left(task.deadline, today)
    task.deadline_hint = deadline_hint(task.days_left)


def refusal(request, exc: WorkflowError, fallback_url: str):
    """NotAllowed → 404/403 page; any other refusal → message and back to where the user was."""
    if isinstance(exc, NotAllowed):
        if exc.hidden:
            raise Http404(exc.message)
        return forbidden(request, exc.message)
    messages.error(request, exc.message)
    return redirect(fallback_url)


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default
