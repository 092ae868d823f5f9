"""Pages of documents: upload → preview → confirm (office staff only), and the document page."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from agencies.roles import actor_for
from documents.models import Document
from documents.parsing import ParseError

from .forms import UploadForm
from .pending import pending_put
from .selectors import document_get, document_tasks
from .services import document_preview


def office_required(view):
    """Anonymous users go to the login page; any role but the office gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not actor_for(request.user).is_office:
            raise PermissionDenied("只有督查室工作人员可以导入文件。")
        return view(request, *args, **kwargs)

    return wrapper


@office_required
def import_upload(request):
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        data, filename = form.cleaned_data["data"], form.cleaned_data["filename"]
        try:
            document_preview(data=data, filename=filename)
        except ParseError as exc:
            form.add_error(None, f"无法识别该文件：{exc}")
        else:
            token = pending_put(request, data=data, filename=filename)
            return redirect("documents:import_preview", token=token)
    return render(request, "documents/import_upload.html", {"form": form})


@login_required
def document_detail(request, pk):
    actor = actor_for(request.user)
    if not actor.role:
        raise PermissionDenied("您的账号尚未分配角色，请联系督查室。")
    try:
        document = document_get(document_id=pk)
    except Document.DoesNotExist as exc:
        raise Http404("文件不存在") from exc
    tasks = list(document_tasks(actor=actor, document=document))
    if not tasks and not actor.sees_everything:
        raise Http404("文件不存在")
    return render(request, "documents/document_detail.html", {
        "document": document, "plans": list(document.plans.all()), "tasks": tasks, "actor": actor,
    })
