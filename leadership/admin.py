from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from .models import BriefingTemplate, DispatchMeeting, ScoringScheme


@admin.register(DispatchMeeting)
class DispatchMeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "note"]
    date_hierarchy = "date"


@admin.register(ScoringScheme)
class ScoringSchemeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "on_time_completion", "on_time_report", "timely_ack", "urge_deduction",
                    "returned_report_deduction", "returned_signoff_deduction", "updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ScoringScheme.objects.exists()


class BriefingTemplateForm(forms.ModelForm):
    class Meta:
        model = BriefingTemplate
        fields = ["file", "name", "is_active"]

    def clean_file(self):
        # Checked here so that a broken template is refused on upload, not when the office needs the 通报.
        from .briefing import check_template

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx"):
            raise ValidationError("通报模板须为 .docx 文件。")
        problem = check_template(upload)
        if problem:
            raise ValidationError(problem)
        upload.seek(0)
        return upload


@admin.register(BriefingTemplate)
class BriefingTemplateAdmin(admin.ModelAdmin):
    form = BriefingTemplateForm
    list_display = ["__str__", "is_active", "uploaded_at"]
