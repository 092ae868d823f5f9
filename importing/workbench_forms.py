"""The preview page's formset: one form per task the office may edit, split, merge or drop.

The page is its own state: every round trip posts the reading, the drafts (with the
parser tasks each came from) and the name mappings chosen so far, and the server
answers the next state. Nothing but the uploaded bytes is kept in the session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import forms
from django.forms import formset_factory

from .drafts import NUMBER_MAX, SECTION_MAX, TaskDraft, split_names

TASK_PREFIX = "t"
_OP = re.compile(r"^(split|merge|drop):(\d+)$")


class TaskDraftForm(forms.Form):
    number = forms.CharField(label="编号", max_length=NUMBER_MAX,
                             error_messages={"required": "编号不能为空。", "max_length": "编号过长。"})
    section = forms.CharField(label="部分", max_length=SECTION_MAX, required=False,
                              error_messages={"max_length": "部分编号过长。"})
    subsection = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    text = forms.CharField(label="任务内容", widget=forms.Textarea(attrs={"rows": 3}), strip=True,
                           error_messages={"required": "任务内容不能为空。"})
    lead = forms.CharField(label="牵头单位", required=False, help_text="多个单位用顿号分隔")
    co = forms.CharField(label="配合单位", required=False)
    deadline = forms.DateField(label="完成时限", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               input_formats=["%Y-%m-%d"],
                               error_messages={"invalid": "完成时限须为有效日期（YYYY-MM-DD）。"})
    plan = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)
    sources = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_sources(self):
        raw = self.cleaned_data.get("sources") or ""
        try:
            return [int(s) for s in raw.split(",") if s.strip()]
        except ValueError as exc:
            raise forms.ValidationError("来源任务编号无效，请刷新页面后重试。") from exc

    def draft(self) -> TaskDraft:
        c = self.cleaned_data
        return TaskDraft(number=c["number"], section=c["section"] or None, subsection=c["subsection"] or None,
                         text=c["text"].replace("\r\n", "\n"), lead=split_names(c["lead"]), co=split_names(c["co"]),
                         deadline=c["deadline"], plan=c["plan"], sources=c["sources"])


TaskFormSet = formset_factory(TaskDraftForm, extra=0, can_delete=True, max_num=2000, validate_max=True)


def draft_initial(draft: TaskDraft) -> dict:
    return {"number": draft.number, "section": draft.section or "", "subsection": draft.subsection or "",
            "text": draft.text, "lead": "、".join(draft.lead), "co": "、".join(draft.co),
            "deadline": draft.deadline, "plan": draft.plan, "sources": ",".join(map(str, draft.sources))}


def task_formset(drafts: list[TaskDraft]):
    return TaskFormSet(initial=[draft_initial(d) for d in drafts], prefix=TASK_PREFIX)


def posted_drafts(data) -> tuple[object, list[TaskDraft] | None]:
    """(bound formset, drafts without the dropped ones), drafts None when the formset is invalid."""
    formset = TaskFormSet(data, prefix=TASK_PREFIX)
    if not formset.is_valid():
        return formset, None
    return formset, [form.draft() for form in formset.forms if not form.cleaned_data.get("DELETE")]


def posted_op(data) -> tuple[str, int | None]:
    """The button pressed: confirm, refresh, or split/merge/drop with the task's index in the page."""
    value = data.get("op", "confirm")
    match = _OP.match(value)
    if match:
        return match.group(1), int(match.group(2))
    return ("refresh", None) if value == "refresh" else ("confirm", None)


def posted_split_at(data) -> int | None:
    try:
        return int(data.get("split_at", ""))
    except ValueError:
        return None


def has_drafts(data) -> bool:
    return f"{TASK_PREFIX}-TOTAL_FORMS" in data


@dataclass
class TaskCard:
    """What the page shows of one task form: its field names' prefix, values and errors.

    Plain values rather than 300 bound forms: building and rendering a Form per task (field
    deep copies, widget templates) cost more than everything else on a 300-task page."""

    prefix: str
    values: dict
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def messages(self) -> list[str]:
        labels = {name: f.label for name, f in TaskDraftForm.base_fields.items()}
        return [f"{labels.get(name) or '任务'}：{m}" if name != "__all__" else m
                for name, messages in self.errors.items() for m in messages]


def cards_from_drafts(drafts: list[TaskDraft]) -> list[TaskCard]:
    cards = []
    for k, draft in enumerate(drafts):
        values = draft_initial(draft)
        values["deadline"] = draft.deadline.isoformat() if draft.deadline else ""
        cards.append(TaskCard(f"{TASK_PREFIX}-{k}", values))
    return cards


def cards_from_formset(formset) -> list[TaskCard]:
    """The office's own typing, with the errors of each form (a formset that failed validation)."""
    names = [*TaskDraftForm.base_fields, "DELETE"]
    return [TaskCard(form.prefix, {name: form[name].value() or "" for name in names},
                     {name: list(errors) for name, errors in form.errors.items()})
            for form in formset.forms]
