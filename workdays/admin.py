"""The office enters each year's State Council holiday notice here, without a terminal."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import ExtractYear
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from . import library
from .calendar import WEEKDAY_NAMES
from .choices import YearStatus
from .forms import BulkDaysForm
from .models import CalendarDay, CalendarYear
from .services import calendar_days_save


class YearFilter(admin.SimpleListFilter):
    title = "年度"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.annotate(y=ExtractYear("date")).values_list("y", flat=True).distinct()
        return [(str(year), f"{year}年") for year in sorted(set(years), reverse=True)]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "weekday", "is_working_day", "name", "note", "created_by", "updated_at"]
    list_filter = [YearFilter, "is_working_day"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    readonly_fields = ["created_by", "created_at", "updated_at"]
    list_select_related = ["created_by"]
    change_list_template = "admin/workdays/calendarday/change_list.html"

    @admin.display(description="星期")
    def weekday(self, obj):
        return f"星期{WEEKDAY_NAMES[obj.date.weekday()]}"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        bulk = path("bulk-add/", self.admin_site.admin_view(self.bulk_add_view), name="workdays_calendarday_bulk_add")
        return [bulk, *super().get_urls()]

    def bulk_add_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied("没有录入工作日历的权限")
        form = BulkDaysForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            result = calendar_days_save(entries=data["entries"], user=request.user,
                                        complete_year=data.get("complete_year"), year_note=data.get("note", ""))
            text = f"已保存：新增 {result.created} 天，更新 {result.updated} 天"
            if result.completed_year:
                text += f"；{result.completed_year}年已标记为全部录入"
            self.message_user(request, text, messages.SUCCESS)
            return redirect(reverse("admin:workdays_calendarday_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "批量录入节假日与调休",
            "opts": self.model._meta,
            "form": form,
            "library_years": f"{library.FIRST_YEAR}–{library.LAST_YEAR}",
        }
        return TemplateResponse(request, "admin/workdays/calendarday/bulk_add.html", context)


@admin.register(CalendarYear)
class CalendarYearAdmin(SimpleHistoryAdmin):
    list_display = ["year", "complete", "status", "entered_days", "note", "updated_by", "updated_at"]
    list_filter = ["complete"]
    readonly_fields = ["updated_by", "updated_at"]
    list_select_related = ["updated_by"]

    def get_queryset(self, request):
        days = (CalendarDay.objects.annotate(y=ExtractYear("date")).filter(y=OuterRef("year"))
                .values("y").annotate(n=Count("pk")).values("n"))
        return super().get_queryset(request).annotate(_entered=Subquery(days, output_field=IntegerField()))

    @admin.display(description="已录入日期数")
    def entered_days(self, obj):
        return obj._entered or 0

    @admin.display(description="未录入日期的计算依据")
    def status(self, obj):
        # Same rule as calendar.year_status, read from the row itself (no query per line).
        if library.covers(obj.year):
            return YearStatus.LIBRARY.label
        return (YearStatus.OFFICE if obj.complete else YearStatus.WEEKDAYS_FALLBACK).label

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
