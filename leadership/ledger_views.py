"""Ledger import pages (office only): upload → preview → confirm, like document import, and the blank template."""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from importing.forms import ConfirmForm
from importing.ledger_import import MAX_LEDGER_BYTES, LedgerError, ledger_import, ledger_read, ledger_template
from importing.pending import pending_clear, pending_get, pending_put
from importing.services import DocumentImportError
from importing.views import office_required

DEFAULTS_KEY = "ledger_import_defaults"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class LedgerUploadForm(forms.Form):
    file = forms.FileField(label="台账文件（.xlsx）", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
                           error_messages={"required": "请选择要导入的台账文件。"})
    title = forms.CharField(label="文件标题", required=False, max_length=300,
                            help_text="台账只有一个工作表且表头上方未写“文件标题”时使用")
    doc_number = forms.CharField(label="文号", required=False, max_length=80)
    year = forms.IntegerField(label="年度", required=False, min_value=1990, max_value=2100)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() != ".xlsx":
            raise forms.ValidationError("只能上传 .xlsx 格式的台账（旧版 .xls 请在 Excel 中另存为 .xlsx）。")
        if upload.size > MAX_LEDGER_BYTES:
            raise forms.ValidationError(f"文件超过 {MAX_LEDGER_BYTES // (1024 * 1024)} MB 上限。")
        return upload


@office_required
def ledger_upload_view(request):
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        defaults = {k: form.cleaned_data[k] for k in ("title", "doc_number", "year") if form.cleaned_data[k]}
        try:
            ledger_read(data, defaults=defaults)
        except LedgerError as exc:
            for error in exc.errors:
                form.add_error("file", error)
        else:
            token = pending_put(request, data=data, filename=Path(upload.name).name)
            request.session[DEFAULTS_KEY] = defaults
            return redirect("dashboard:ledger_preview", token=token)
    return render(request, "dashboard/ledger_upload.html", {"form": form})


@office_required
def ledger_preview_view(request, token):
    pending = pending_get(request, token)
    if pending is None:
        messages.warning(request, "预览已失效（可能已导入或已上传其他文件），请重新上传。")
        return redirect("dashboard:ledger_import")
    content, filename = pending
    try:
        ledger = ledger_read(content, defaults=request.session.get(DEFAULTS_KEY) or {})
    except LedgerError as exc:
        pending_clear(request)
        messages.error(request, "；".join(exc.errors))
        return redirect("dashboard:ledger_import")
    # Bound on every POST, even an empty one: a ledger without unknown names has no fields to send.
    data = request.POST if request.method == "POST" else None
    form = ConfirmForm(data, unresolved=ledger.unresolved, ambiguous=ledger.ambiguous)
    if request.method == "POST" and not ledger.errors and form.is_valid():
        try:
            documents = ledger_import(ledger=ledger, user=request.user, mapping=form.mapping(),
                                      source_filename=filename)
        except (LedgerError, DocumentImportError) as exc:
            for error in getattr(exc, "errors", None) or [str(exc)]:
                form.add_error(None, error)
        else:
            pending_clear(request)
            request.session.pop(DEFAULTS_KEY, None)
            titles = "、".join(f"《{d.title}》" for d in documents)
            messages.success(request, f"已从台账导入 {titles}，共 {ledger.task_count} 项任务。")
            return redirect("documents:detail", pk=documents[0].pk)
    return render(request, "dashboard/ledger_preview.html", {"ledger": ledger, "form": form, "filename": filename})


@office_required
def ledger_template_view(request):
    response = HttpResponse(ledger_template(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "督办台账模板.xlsx")
    return response
