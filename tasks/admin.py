from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from agencies.people import person_column
from documents.admin import DocumentAdmin
from documents.models import Document, Section

from .admin_actions import TASK_STATE_ACTIONS
from .choices import AssignmentRole, TaskStatus
from .models import (
    Assignment,
    DocumentRule,
    ExtensionRequest,
    OfficeSettings,
    Review,
    SignoffRequest,
    Task,
    TaskEvent,
    Urge,
)

# Changed by the workflow services only; a deadline field another room adds (延期) belongs here too.
WORKFLOW_FIELDS = tuple(name for name in ("status", "signed_off_at", "deadline", "original_deadline",
                                          "current_deadline") if name in {f.name for f in Task._meta.fields})


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 1
    autocomplete_fields = ["agency"]
    fields = ["agency", "role", "name_as_printed", "is_global", "state"]


class OverdueFilter(admin.SimpleListFilter):
    title = "是否逾期"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "已逾期未销号"), ("no", "未逾期")]

    def queryset(self, request, queryset):
        overdue = Q(deadline__lt=timezone.localdate()) & ~Q(status=TaskStatus.SIGNED_OFF)
        if self.value() == "yes":
            return queryset.filter(overdue)
        if self.value() == "no":
            return queryset.exclude(overdue)
        return queryset


class AgencyRoleFilter(admin.SimpleListFilter):
    title = "职责"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return AssignmentRole.choices

    def queryset(self, request, queryset):
        if self.value() in AssignmentRole.values:
            return queryset.filter(assignments__role=self.value()).distinct()
        return queryset


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["number", "short_text", "document", "deadline", "status", "updated_at"]
    list_display_links = ["number", "short_text"]
    list_filter = ["status", OverdueFilter, AgencyRoleFilter, "document", "assignments__agency", "recurrence"]
    list_select_related = ["document"]
    search_fields = ["number", "text", "deadline_text"]
    date_hierarchy = "deadline"
    autocomplete_fields = ["document"]
    inlines = [AssignmentInline]
    actions = TASK_STATE_ACTIONS
    readonly_fields = ["signed_off_at", "created_at", "updated_at", "original_deadline", "parent"]
    fieldsets = [
        (None, {"fields": ["document", "plan", "section", "subsection", "parent", "number", "order", "text"]}),
        ("时限", {"fields": ["deadline", "original_deadline", "deadline_text", "deadline_inferred", "recurrence"]}),
        ("状态", {"fields": ["status", "is_truncated", "signed_off_at", "created_at", "updated_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The workflow's fields change only through the services (the actions above), which check the
        # transition and write the timeline; a new task starts 未启动 with the deadline it is given.
        if obj is None:
            return [*self.readonly_fields, "status"]
        return [*self.readonly_fields, *(f for f in WORKFLOW_FIELDS if f not in self.readonly_fields)]

    @admin.display(description="任务内容")
    def short_text(self, obj):
        return obj.text[:40] + ("…" if len(obj.text) > 40 else "")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["task", "agency", "role", "state", "name_as_printed", "is_global"]
    list_filter = ["state", "role", "is_global"]
    search_fields = ["agency__name", "name_as_printed", "task__text"]
    autocomplete_fields = ["agency", "task"]
    list_select_related = ["task", "agency"]


@admin.register(DocumentRule)
class DocumentRuleAdmin(admin.ModelAdmin):
    list_display = ["document", "completion_rule"]
    list_filter = ["completion_rule"]
    autocomplete_fields = ["document"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ["task", "agency", "previous_deadline", "requested_deadline", "status", "requested_at"]
    list_filter = ["status"]
    list_select_related = ["task", "agency"]
    readonly_fields = [f.name for f in ExtensionRequest._meta.fields]

    def has_add_permission(self, request):
        return False  # requests are made and decided on the task page, where the deadline moves with them


@admin.register(Urge)
class UrgeAdmin(admin.ModelAdmin):
    list_display = ["task", "agency", "urged_by", "created_at"]
    list_filter = ["agency"]
    list_select_related = ["task", "agency", "urged_by"]
    readonly_fields = [f.name for f in Urge._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(SignoffRequest)
class SignoffRequestAdmin(admin.ModelAdmin):
    list_display = ["task", "agency", "status", "requested_by_name", "requested_at"]
    requested_by_name = person_column("requested_by", "申请人")
    list_filter = ["status"]
    list_select_related = ["task", "agency", "requested_by"]
    autocomplete_fields = ["task", "agency"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["task", "decision", "reviewer_name", "reason", "decided_at"]
    reviewer_name = person_column("reviewer", "审核人")
    list_filter = ["decision"]
    list_select_related = ["task", "reviewer"]
    autocomplete_fields = ["task"]


@admin.register(TaskEvent)
class TaskEventAdmin(admin.ModelAdmin):
    list_display = ["task", "kind", "actor_name", "agency", "from_status", "to_status", "created_at"]
    actor_name = person_column("actor", "操作人")
    list_filter = ["kind"]
    list_select_related = ["task", "actor", "agency"]
    readonly_fields = [f.name for f in TaskEvent._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(OfficeSettings)
class OfficeSettingsAdmin(admin.ModelAdmin):
    """One row, made by migration: the list page is skipped and the change form opens directly."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        OfficeSettings.load()  # a database restored without the row gets it back with the defaults
        return redirect("admin:tasks_officesettings_change", 1)

    def response_change(self, request, obj):
        # "Save" would go back to the list page, which only redirects here again: stay on the form.
        if "_continue" not in request.POST and "_addanother" not in request.POST:
            self.message_user(request, "督办设置已保存。")
            return redirect(request.path)
        return super().response_change(request, obj)


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ["order", "number", "section", "text", "deadline", "deadline_text", "status"]
    readonly_fields = ["deadline", "status"]  # the workflow's, as in TaskAdmin
    show_change_link = True
    classes = ["collapse"]

    def get_formset(self, request, obj=None, **kwargs):
        self._document = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only the sections of this document, not every section in the database.
        if db_field.name == "section" and getattr(self, "_document", None) is not None:
            kwargs["queryset"] = Section.objects.filter(plan__document=self._document).select_related("plan")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# documents sits below tasks: its admin cannot name Task, so tasks adds the task inline to it here.
admin.site.unregister(Document)


@admin.register(Document)
class DocumentWithTasksAdmin(DocumentAdmin):
    inlines = [*DocumentAdmin.inlines, TaskInline]
