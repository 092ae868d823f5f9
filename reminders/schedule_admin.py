"""周期任务 for the office: a time of day and an on/off switch per reminder job, no crontab syntax.

django-celery-beat's own form asks for a task path, a crontab row picked from a
list and JSON arguments; a superuser keeps it. The office sees the jobs the
migration created, changes when each runs and whether it runs, and cannot add
or delete jobs. A new time gets a crontab row of its own (shared rows are never
edited in place: another job may use the same one). Saving a PeriodicTask
bumps django-celery-beat's change marker, so a running beat reloads it.
"""

import datetime

from django import forms
from django.contrib import admin
from django.db import transaction
from django_celery_beat.admin import PeriodicTaskAdmin
from django_celery_beat.models import CrontabSchedule, PeriodicTask

TIMEZONE = "Asia/Shanghai"


def crontab_time(crontab: CrontabSchedule | None) -> datetime.time | None:
    """The time of day a daily crontab fires at, or None when it is not one time a day."""
    if crontab is None or not (crontab.hour.isdigit() and crontab.minute.isdigit()):
        return None
    return datetime.time(int(crontab.hour), int(crontab.minute))


class ReminderTimeForm(forms.ModelForm):
    run_at = forms.TimeField(label="执行时间", help_text="每天的几点几分（北京时间），如 08:30",
                             widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
                             error_messages={"invalid": "请输入有效的时间，如 08:30。", "required": "请填写执行时间。"})

    class Meta:
        model = PeriodicTask
        fields = ["enabled", "description"]
        labels = {"enabled": "启用", "description": "说明"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["run_at"].initial = crontab_time(self.instance.crontab if self.instance.pk else None)

    def clean(self):
        data = super().clean()
        if self.instance.crontab_id is None:
            raise forms.ValidationError("该任务不是按每天定时执行的，请联系系统管理员修改。")
        return data

    @transaction.atomic
    def save(self, commit=True):
        task = super().save(commit=False)
        old, when = task.crontab, self.cleaned_data["run_at"]
        task.crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=str(when.minute), hour=str(when.hour), day_of_week=old.day_of_week,
            day_of_month=old.day_of_month, month_of_year=old.month_of_year, timezone=old.timezone or TIMEZONE)
        if commit:
            task.save()
        return task


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class ReminderScheduleAdmin(PeriodicTaskAdmin):
    """The full django-celery-beat admin for superusers; the office's simple form for everyone else."""

    @admin.display(description="执行时间")
    def run_time(self, obj):
        when = crontab_time(obj.crontab)
        return when.strftime("%H:%M") if when else (obj.crontab.human_readable if obj.crontab_id else "—")

    def get_list_display(self, request):
        if request.user.is_superuser:
            return super().get_list_display(request)
        return ["name", "description", "run_time", "enabled", "last_run_at"]

    def get_list_filter(self, request):
        return super().get_list_filter(request) if request.user.is_superuser else ["enabled"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("run_tasks", None)  # running now is the inbox's 立即发送提醒, which handles a missing broker
        return actions

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return [(None, {"fields": ["name", "task", "run_at", "enabled", "description", "last_run_at"]})]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["name", "task", "last_run_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = ReminderTimeForm
            kwargs["fields"] = ["enabled", "description", "run_at"]
        return super().get_form(request, obj, change=change, **kwargs)

    def render_change_form(self, request, context, *args, **kwargs):
        response = super().render_change_form(request, context, *args, **kwargs)
        if not request.user.is_superuser:  # the package's template adds an inline script, which CSP blocks
            opts = self.opts
            response.template_name = [f"admin/{opts.app_label}/{opts.model_name}/change_form.html",
                                      "admin/change_form.html"]
        return response

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
