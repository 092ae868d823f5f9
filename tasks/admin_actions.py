"""Admin actions that change a task's state: through the workflow services, with a reason.

The admin never writes `status` itself (TaskAdmin keeps it read-only): 同意销号, 退回 and 重新打开
ask for the reason on an intermediate page, then call tasks.services for each selected task, so the
admin gets the same checks, the same timeline entry and the same signed_off_at as the pages. A
refusal (wrong state, not office staff, no reason) is a message on the list, never a 500.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from fangguanfu.domain_errors import WorkflowError

from . import services
from .extensions import task_deadline_change


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), max_length=2000,
                             error_messages={"required": "请填写理由，它会记入任务时间线。"})


class DeadlineForm(ReasonForm):
    deadline = forms.DateField(label="新的完成时限", widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"required": "请填写新的完成时限。", "invalid": "日期格式应为 2021-09-30。"})
    field_order = ["deadline", "reason"]


def _reason_action(name: str, label: str, service, *, done: str, form_class=ReasonForm):
    def action(modeladmin, request, queryset):
        form = form_class(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(request, "admin/tasks/task/reason_action.html", {
                **modeladmin.admin_site.each_context(request),
                "title": f"{label}：填写理由", "label": label, "form": form, "tasks": list(queryset[:200]),
                "action_name": name, "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": modeladmin.model._meta,
            }, status=400 if form.errors else 200)
        changed = 0
        for task in queryset.order_by("pk"):
            try:
                service(user=request.user, task=task, **form.cleaned_data)
            except WorkflowError as exc:
                modeladmin.message_user(request, f"任务 {task.number}（#{task.pk}）：{exc.message}", messages.ERROR)
            else:
                changed += 1
        if changed:
            modeladmin.message_user(request, f"已{done} {changed} 项任务，理由已记入任务时间线。", messages.SUCCESS)
        return None

    action.__name__ = name
    return admin.action(description=f"{label}（填写理由）")(action)


approve_signoff = _reason_action("approve_signoff", "同意销号", services.signoff_approve, done="销号")
return_signoff = _reason_action("return_signoff", "退回销号申请", services.task_return, done="退回")
reopen_task = _reason_action("reopen_task", "重新打开已销号任务", services.task_reopen, done="重新打开")
change_deadline = _reason_action("change_deadline", "调整完成时限", task_deadline_change, done="调整时限",
                                 form_class=DeadlineForm)
TASK_STATE_ACTIONS = [approve_signoff, return_signoff, reopen_task, change_deadline]
