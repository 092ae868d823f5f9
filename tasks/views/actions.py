"""The task page's second-tier actions (POST only): 签收, 拒收, 本单位完成, 改派, 坚持交办, 分解到成员单位,
申请延期 and its decision, 任务分解, 催办. Each parses its form and calls a service; the service checks who
may act, so a forged POST from another agency is refused exactly like one through the API."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import assignments as parts
from ..extensions import extension_approve, extension_reject, extension_request
from ..forms import DeclineForm, ExtensionDecisionForm, ExtensionForm, NoteForm, ReassignForm, SubtaskForm, UrgeForm
from ..models import Assignment, ExtensionRequest
from ..services import WorkflowError
from ..subtasks import subtask_create
from ..urging import task_urge
from .common import refusal, role_required, safe_next, visible_task_or_404


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


def _run(request, task_id: int, service, form=None, done: str = "", **fixed):
    """Validate, call the service, and go back to the page (or ?next=) with a message either way."""
    back = safe_next(request, reverse("tasks:detail", args=[task_id]))
    if form is not None and not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(back)
    try:
        service(user=request.user, **fixed, **(form.cleaned_data if form is not None else {}))
    except WorkflowError as exc:
        return refusal(request, exc, back)
    messages.success(request, done)
    return redirect(back)


def _part_task_id(request, assignment_id: int) -> int:
    """The task of a part the user can see (404 otherwise: another agency's task stays unconfirmed)."""
    task_id = Assignment.objects.filter(pk=assignment_id).values_list("task_id", flat=True).first()
    return visible_task_or_404(request, task_id or 0).pk


def _part_view(service, form_class=None, done: str = ""):
    """A POST view acting on one assignment (a part) through `service`."""

    @require_POST
    @role_required
    def view(request, assignment_id: int):
        task_id = _part_task_id(request, assignment_id)
        form = form_class(request.POST) if form_class else None
        return _run(request, task_id, service, form, done=done, assignment=assignment_id)

    return view


acknowledge_view = _part_view(parts.assignment_acknowledge, done="已签收。")
decline_view = _part_view(parts.assignment_decline, DeclineForm, "已拒收，督查室将改派或说明。")
done_view = _part_view(parts.assignment_mark_done, done="已标记本单位部分完成。")
reassign_view = _part_view(parts.assignment_reassign, ReassignForm, "已改派。")
insist_view = _part_view(parts.assignment_insist, NoteForm, "已坚持交办。")
expand_view = _part_view(parts.assignment_expand, done="已分解到成员单位。")


@require_POST
@role_required
def extension_request_view(request, pk: int):
    task = visible_task_or_404(request, pk)
    return _run(request, task.pk, extension_request, ExtensionForm(request.POST), done="已提交延期申请，请等待审批。",
                task=task)


@require_POST
@role_required
def extension_decide_view(request, request_id: int):
    task_id = ExtensionRequest.objects.filter(pk=request_id).values_list("task_id", flat=True).first()
    task = visible_task_or_404(request, task_id or 0)
    form = ExtensionDecisionForm(request.POST)
    approve = form.data.get("decision") == "approve"
    return _run(request, task.pk, _without_decision(extension_approve if approve else extension_reject), form,
                done="已同意延期。" if approve else "已不同意延期。", extension=request_id)


def _without_decision(service):
    """The form's `decision` chose the service; the service takes the reason only."""
    def call(*, user, extension, decision, reason):
        return service(user=user, extension=extension, reason=reason)
    return call


@require_POST
@role_required
def subtask_create_view(request, pk: int):
    task = visible_task_or_404(request, pk)
    return _run(request, task.pk, subtask_create, SubtaskForm(request.POST), done="已分解任务。", task=task)


@require_POST
@role_required
def urge_view(request, pk: int):
    task = visible_task_or_404(request, pk)
    return _run(request, task.pk, task_urge, UrgeForm(request.POST), done="已催办。", task=task)
