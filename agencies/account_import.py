"""The office imports a file of accounts in the admin: upload → dry run per row → confirm → initial passwords.

The dry run changes nothing and lists, for every row, the account it would
create or its problems. The checked rows wait in the session (under a random
key, for this user only) until the office confirms; the import then runs
accounts_import_csv, which checks again and creates all accounts or none.
Rows without a password get a generated one, shown once after the import.
"""

import secrets

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .account_files import read_account_rows
from .accounts import AccountError, accounts_check, accounts_import_csv, generated_password

SESSION_KEY = "account_import"


class UploadForm(forms.Form):
    file = forms.FileField(label="账号文件（.xlsx 或 .csv）", error_messages={"required": "请选择要导入的文件。", "empty": "文件是空的。"})


def _preview(request, context, upload):
    try:
        rows = read_account_rows(upload.name, upload.read())
    except AccountError as exc:
        context["file_errors"] = exc.errors
        return None
    generated = set()
    for number, row in enumerate(rows):
        if not any(v.strip() for v in row.values()):
            continue
        if not (row.get("password") or row.get("密码")):
            row["password"] = generated_password()
            generated.add(number + 2)  # the line number, header = 1
    checked = accounts_check(rows=rows)
    context.update(checked=checked, generated=generated, file_name=upload.name,
                   error_count=sum(1 for r in checked if r.problems))
    if checked and not context["error_count"]:
        token = secrets.token_urlsafe(16)
        request.session[SESSION_KEY] = {"token": token, "rows": rows, "generated": sorted(generated)}
        context["token"] = token
    elif not checked:
        context["file_errors"] = ["文件中没有账号。"]
    return checked


def _confirm(request, context):
    pending = request.session.get(SESSION_KEY) or {}
    if not pending or request.POST.get("token") != pending.get("token"):
        context["file_errors"] = ["预览已失效，请重新上传文件。"]
        return
    try:
        users = accounts_import_csv(rows=pending["rows"])
    except AccountError as exc:  # someone took a username between preview and confirm
        context["file_errors"] = exc.errors
        return
    finally:
        request.session.pop(SESSION_KEY, None)
    generated = set(pending["generated"])
    context["created"] = [
        (user, row.get("password") or row.get("密码") if line in generated else "（文件中指定）")
        for user, (line, row) in zip(users, _non_empty(pending["rows"]), strict=True)
    ]


def _non_empty(rows):
    return [(line, row) for line, row in enumerate(rows, start=2) if any(v.strip() for v in row.values())]


def account_import_view(model_admin):
    def view(request):
        if not model_admin.has_add_permission(request):
            raise PermissionDenied("只有督查室工作人员可以导入账号。")
        context = {**model_admin.admin_site.each_context(request), "opts": model_admin.opts,
                   "title": "批量导入账号", "form": UploadForm()}
        if request.method == "POST" and "confirm" in request.POST:
            _confirm(request, context)
        elif request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            context["form"] = form
            if form.is_valid():
                _preview(request, context, form.cleaned_data["file"])
        elif request.GET.get("cancel"):
            request.session.pop(SESSION_KEY, None)
            return redirect("admin:auth_user_changelist")
        return TemplateResponse(request, "admin/auth/user/import.html", context)

    return view
