"""The import preview as a workbench: switch the reading, correct the tasks, map unknown names, save.

Every button posts the whole page (reading, tasks, mappings); the server applies the
button (split / merge / drop / refresh) and answers the next state, or, for 确认导入,
saves it in one transaction. A wrong field keeps what the office typed and says what
is wrong; nothing is saved until the whole page is valid.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from documents.parsing import ParseError

from .drafts import DraftError, draft_drop, draft_merge, draft_split
from .forms import ConfirmForm
from .pending import pending_clear, pending_get
from .services import DocumentImportError, document_preview, preview_import
from .views import office_required
from .workbench_forms import (
    cards_from_drafts,
    cards_from_formset,
    has_drafts,
    posted_drafts,
    posted_op,
    posted_split_at,
    task_formset,
)

_OPS = {"merge": draft_merge, "drop": draft_drop}


def _apply(op: str, index: int | None, drafts, data):
    if op == "split":
        return draft_split(drafts, index, posted_split_at(data))
    if op in _OPS:
        return _OPS[op](drafts, index)
    return drafts


def _posted_state(data):
    """(bound formset, drafts after the button's operation or None, problems, button)."""
    formset, drafts = posted_drafts(data)
    op, index = posted_op(data)
    if drafts is None:
        return formset, None, [*formset.non_form_errors(), "请先改正下方标红的内容。"], op
    deleted = [k for k, form in enumerate(formset.forms) if form.cleaned_data.get("DELETE")]
    if index is not None:
        if index in deleted:
            return formset, None, ["该任务已勾选删除，不能再拆分或合并。"], op
        index -= sum(1 for k in deleted if k < index)  # the page's row → the draft's place
    try:
        return formset, _apply(op, index, drafts, data), [], op
    except DraftError as exc:
        return formset, None, exc.problems, op


@office_required
def import_preview(request, token):
    pending = pending_get(request, token)
    if pending is None:
        messages.warning(request, "预览已失效（可能已导入或已上传其他文件），请重新上传。")
        return redirect("documents:import")
    data, filename = pending
    post = request.POST if request.method == "POST" else None
    reading = (post if post is not None else request.GET).get("reading") or None
    formset, drafts, problems, op = None, None, [], "show"
    if post is not None:
        op = "confirm"
        if has_drafts(post):
            formset, drafts, problems, op = _posted_state(post)
    try:
        try:
            preview = document_preview(data=data, filename=filename, reading=reading, drafts=drafts)
        except DraftError as exc:
            problems = exc.problems
            preview = document_preview(data=data, filename=filename, reading=reading)
    except ParseError as exc:
        if reading:  # a reading this file does not have: show the parser's own
            messages.error(request, f"{exc}，已显示系统选择的识别方式。")
            return redirect("documents:import_preview", token=token)
        pending_clear(request)  # the parser changed between the two steps; start over
        messages.error(request, f"无法识别该文件：{exc}")
        return redirect("documents:import")

    carried = ConfirmForm.carried(post, list(preview.unresolved)) if post is not None else {}
    if post is not None and post.get("replace"):
        carried["replace"] = post["replace"]
    kwargs = {"unresolved": preview.unresolved, "ambiguous": preview.ambiguous, "suggestions": preview.suggestions}
    saving = op == "confirm" and not problems and (formset is None or drafts is not None)
    form = ConfirmForm(carried, **kwargs) if saving else ConfirmForm(initial={"replace": False, **carried}, **kwargs)
    if saving and form.is_valid():
        try:
            document = preview_import(preview, user=request.user, mapping=form.mapping(),
                                      replace=form.cleaned_data["replace"], source_filename=filename)
        except DocumentImportError as exc:
            form.add_error(None, str(exc))
        else:
            pending_clear(request)
            verb = "替换" if preview.existing else "导入"
            messages.success(request, f"已{verb}《{document.title}》，共 {preview.task_count} 项任务。")
            return redirect("documents:detail", pk=document.pk)
    # The office's own typing stays on the page when something is wrong; otherwise the next state.
    if problems and formset is not None:
        cards, rows = cards_from_formset(formset), []
    else:
        formset = task_formset(preview.drafts)  # only its management form is rendered
        cards, rows = cards_from_drafts(preview.drafts), preview.rows
    return render(request, "documents/import_preview.html", {
        "preview": preview, "form": form, "management_form": formset.management_form,
        "cards": list(zip(cards, rows or [None] * len(cards), strict=True)),
        "problems": problems, "filename": filename, "plan_count": len(preview.parsed.plans),
        "here": reverse("documents:import_preview", kwargs={"token": token}),
    })

