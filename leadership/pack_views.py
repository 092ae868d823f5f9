"""The 调度 pack's pages: changes since a date (and recording a meeting), its Excel sheet."""

import datetime

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from fangguanfu.domain_errors import InvalidInput
from tasks.views.common import forbidden, role_required

from .changes import changes_since, parse_since
from .models import DispatchMeeting
from .pack_xlsx import changes_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEETINGS_SHOWN = 12
# The page shows the first rows of each list and of each grouping; the Excel sheet (and the API) have all
# LIST_CAP. Rendering 8 lists × 500 rows took the page most of a second at 100,000 tasks, 8 × 100 still a few hundred ms.
PAGE_ROWS = 50
GROUPS_SHOWN = 50


class MeetingForm(forms.ModelForm):
    class Meta:
        model = DispatchMeeting
        fields = ["date", "title", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
                   "title": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
                   "note": forms.TextInput(attrs={"class": "form-control form-control-sm"})}
        error_messages = {"date": {"unique": "该日期已记录过调度会。", "invalid": "请填写正确的日期。",
                                   "required": "请填写会议日期。"}}

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("会议日期不能晚于今天。")
        return date


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _since_or_error(request) -> tuple[datetime.date | None, str]:
    try:
        return parse_since(request.GET.get("since")), ""
    except InvalidInput as exc:
        return None, exc.message


@role_required
def changes_view(request):
    since, error = _since_or_error(request)
    changes = changes_since(actor=request.actor, since=since)
    return render(request, "dashboard/changes.html", {
        "changes": changes, "error": error,
        "meetings": DispatchMeeting.objects.order_by("-date")[:MEETINGS_SHOWN],
        "meeting_form": MeetingForm(initial={"date": timezone.localdate()}) if request.actor.is_office else None,
        "sections": [(name, label, changes["lists"][name][:PAGE_ROWS], changes["totals"][name])
                     for name, label in changes["labels"].items()],
        "by_document": changes["by_document"][:GROUPS_SHOWN], "by_agency": changes["by_agency"][:GROUPS_SHOWN],
        "documents_total": len(changes["by_document"]), "agencies_total": len(changes["by_agency"]),
    }, status=400 if error else 200)


@role_required
def changes_xlsx_view(request):
    since, error = _since_or_error(request)
    if error:
        return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    changes = changes_since(actor=request.actor, since=since)
    return xlsx_response(changes_workbook(changes), f"调度变化-{changes['since']:%Y%m%d}至{changes['today']:%Y%m%d}.xlsx")


@require_POST
@role_required
def meeting_create_view(request):
    if not request.actor.is_office:
        return forbidden(request, "只有督查室可以记录调度会。")
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                meeting = form.save()
        except IntegrityError:
            messages.error(request, "该日期已记录过调度会。")
        else:
            messages.success(request, f"已记录{meeting}。")
            return redirect(f"/dashboard/changes/?since={meeting.date.isoformat()}")
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("dashboard:changes")
