from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Document, ImportRecord, Plan, Section


class PlanInline(admin.TabularInline):
    model = Plan
    extra = 0
    fields = ["order", "title", "year", "is_truncated"]


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "number", "title"]


class ImportRecordInline(admin.StackedInline):
    """The parser's output and the office's corrections, as the import left them (read only)."""

    model = ImportRecord
    extra = 0
    can_delete = False
    fields = readonly_fields = ["corrections", "parser_output", "saved_at"]
    classes = ["collapse"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["doc_number", "title", "issuer", "issue_date", "year", "is_truncated", "imported_at"]
    list_filter = ["year", "issuer", "is_truncated"]
    search_fields = ["doc_number", "title", "notice_title"]
    date_hierarchy = "issue_date"
    readonly_fields = ["imported_by", "imported_at", "updated_at"]
    inlines = [PlanInline, ImportRecordInline]
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
