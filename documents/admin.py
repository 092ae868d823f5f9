from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tasks.models import Task

from .models import Document, Plan, Section


class PlanInline(admin.TabularInline):
    model = Plan
    extra = 0
    fields = ["order", "title", "year", "is_truncated"]


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "number", "title"]


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ["order", "number", "section", "text", "deadline", "deadline_text", "status"]
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


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["doc_number", "title", "issuer", "issue_date", "year", "is_truncated", "imported_at"]
    list_filter = ["year", "issuer", "is_truncated"]
    search_fields = ["doc_number", "title", "notice_title"]
    date_hierarchy = "issue_date"
    readonly_fields = ["imported_by", "imported_at", "updated_at"]
    inlines = [PlanInline, TaskInline]
    fieldsets = [
        (None, {"fields": ["doc_number", "title", "notice_title", "issuer", "issue_date", "year", "is_truncated"]}),
        ("来源", {"fields": ["source_filename", "imported_by", "imported_at", "updated_at"]}),
        ("原文", {"fields": ["original_text"], "classes": ["collapse"]}),
    ]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "document", "order", "year", "is_truncated"]
    list_filter = ["year"]
    search_fields = ["title", "document__doc_number"]
    inlines = [SectionInline]
