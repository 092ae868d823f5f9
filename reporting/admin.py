from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from agencies.people import person_column
from tasks.admin import TaskAdmin
from tasks.models import Task

from .models import ProgressReport, ReportAttachment


class ReportInline(admin.StackedInline):
    model = ProgressReport
    extra = 0
    fields = ["agency", "period", "content", "problems", "next_steps", "percent", "status", "author"]
    readonly_fields = ["author", "status"]  # a head's approval is a service (report_approve), not an edit
    autocomplete_fields = ["agency"]
    classes = ["collapse"]


class AttachmentInline(admin.TabularInline):
    model = ReportAttachment
    extra = 0
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["task", "agency", "period", "status", "percent", "author_name", "submitted_at"]
    author_name = person_column("author", "填报人")
    list_filter = ["status", "period", "agency"]
    search_fields = ["content", "task__text", "agency__name"]
    autocomplete_fields = ["task", "agency"]
    list_select_related = ["task", "agency", "author"]
    inlines = [AttachmentInline]
    readonly_fields = ["status"]
    date_hierarchy = "period"


# tasks sits below reporting: the task form gets its reports inline from here.
admin.site.unregister(Task)


@admin.register(Task)
class TaskWithReportsAdmin(TaskAdmin):
    inlines = [*TaskAdmin.inlines, ReportInline]
