"""The office's working copy of a plan's tasks in the preview: edit, split, merge, drop.

A draft is one task as the office wants it saved. `sources` says which parser tasks
(1-based positions in the parsed document) it came from: one for an edited task,
the same one twice after a split, two after a merge, none for a task typed in by
hand. The drafts are turned back into a ParsedDocument (`corrected_document`), so
saving corrected tasks goes through exactly the same code as saving the parser's.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from documents.parsing import ParsedDocument, ParsedSection, ParsedTask

NUMBER_MAX, SECTION_MAX, NAME_MAX = 20, 10, 120
TEXT_MIN_CHARS, TEXT_MAX_CHARS = 8, 800  # the parser's own bounds for "very short / very long" items
_NAME_SEPARATORS = re.compile(r"[、，,；;\n]+")
_SENTENCE_END = "。；;！？"
_SPACE = re.compile(r"\s+")


class DraftError(ValueError):
    """Corrected tasks that cannot be saved; `problems` are Chinese sentences shown as they are."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


@dataclass
class TaskDraft:
    number: str
    section: str | None
    text: str
    lead: list[str] = field(default_factory=list)  # printed names
    co: list[str] = field(default_factory=list)
    deadline: dt.date | None = None
    subsection: str | None = None
    plan: int = 0  # index of the plan in the document
    sources: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return "·".join(p for p in (self.section, self.subsection, self.number) if p)


def split_names(value: str) -> list[str]:
    """'省政务局、省财政厅' → ['省政务局', '省财政厅']: how the preview's unit fields are typed."""
    return list(dict.fromkeys(n.strip() for n in _NAME_SEPARATORS.split(value or "") if n.strip()))


def drafts_from_parsed(parsed: ParsedDocument) -> list[TaskDraft]:
    out = []
    position = 0
    for index, plan in enumerate(parsed.plans):
        for task in plan.tasks:
            position += 1
            out.append(TaskDraft(
                number=task.number, section=task.section, subsection=task.subsection, text=task.text,
                lead=list(task.lead), co=list(task.co), deadline=task.effective_deadline, plan=index,
                sources=[position],
            ))
    return out


def draft_split(drafts: list[TaskDraft], index: int, at: int | None = None) -> list[TaskDraft]:
    """Split drafts[index] in two at character `at` (or at the sentence end nearest the middle)."""
    draft = _at(drafts, index)
    text = draft.text
    if at is None or not 0 < at < len(text):
        at = _middle_sentence_end(text)
    first, second = text[:at].strip(), text[at:].strip()
    if not first or not second:
        raise DraftError([f"任务 {draft.label} 无法拆分：请在任务内容中点击要拆开的位置后再按“拆分”。"])
    head = replace(draft, text=first, lead=list(draft.lead), co=list(draft.co), sources=list(draft.sources))
    tail = replace(draft, text=second, number=f"{draft.number}-2"[:NUMBER_MAX], lead=list(draft.lead),
                   co=list(draft.co), sources=list(draft.sources))
    return [*drafts[:index], head, tail, *drafts[index + 1:]]


def _middle_sentence_end(text: str) -> int:
    ends = [k + 1 for k, ch in enumerate(text[:-1]) if ch in _SENTENCE_END]
    if not ends:
        return 0
    return min(ends, key=lambda k: abs(k - len(text) / 2))


def draft_merge(drafts: list[TaskDraft], index: int) -> list[TaskDraft]:
    """Merge drafts[index] with the next one: texts joined, units united, the later deadline kept."""
    first, second = _at(drafts, index), _at(drafts, index + 1)
    if first.plan != second.plan:
        raise DraftError([f"任务 {first.label} 与 {second.label} 属于不同的方案，不能合并。"])
    joint = "" if first.text.rstrip()[-1:] in _SENTENCE_END else "；"
    lead = list(dict.fromkeys([*first.lead, *second.lead]))
    co = [n for n in dict.fromkeys([*first.co, *second.co]) if n not in lead]
    deadlines = [d for d in (first.deadline, second.deadline) if d]
    merged = replace(first, text=first.text.rstrip() + joint + second.text.strip(), lead=lead, co=co,
                     deadline=max(deadlines) if deadlines else None, sources=[*first.sources, *second.sources])
    return [*drafts[:index], merged, *drafts[index + 2:]]


def draft_drop(drafts: list[TaskDraft], index: int) -> list[TaskDraft]:
    _at(drafts, index)
    return [*drafts[:index], *drafts[index + 1:]]


def _at(drafts: list[TaskDraft], index: int) -> TaskDraft:
    if not 0 <= index < len(drafts):
        raise DraftError(["所选任务不存在，请刷新页面后重试。"])
    return drafts[index]


def drafts_validate(drafts: list[TaskDraft], parsed: ParsedDocument) -> None:
    """Every problem of every draft at once, so the office fixes them in one pass."""
    problems = []
    if not drafts:
        problems.append("没有要导入的任务：至少保留一项任务。")
    known = len(parsed.tasks)
    for k, d in enumerate(drafts, start=1):
        where = f"第 {k} 项任务（{d.label or '无编号'}）"
        if not d.number.strip():
            problems.append(f"{where}：编号不能为空。")
        elif len(d.number) > NUMBER_MAX:
            problems.append(f"{where}：编号不能超过 {NUMBER_MAX} 个字。")
        if d.section and len(d.section) > SECTION_MAX:
            problems.append(f"{where}：部分编号不能超过 {SECTION_MAX} 个字。")
        if not d.text.strip():
            problems.append(f"{where}：任务内容不能为空。")
        long_names = [n for n in [*d.lead, *d.co] if len(n) > NAME_MAX]
        if long_names:
            problems.append(f"{where}：单位名称不能超过 {NAME_MAX} 个字：{long_names[0][:20]}…")
        if not 0 <= d.plan < len(parsed.plans):
            problems.append(f"{where}：所属方案不存在。")
        if any(not 1 <= s <= known for s in d.sources):
            problems.append(f"{where}：来源任务编号不存在（解析结果共 {known} 项）。")
    if problems:
        raise DraftError(problems)


def _compact(text: str) -> str:
    return _SPACE.sub("", text)


def _unchanged(draft: TaskDraft, origin: ParsedTask) -> bool:
    return (draft.number, draft.section, draft.subsection, draft.text, draft.lead, draft.co, draft.deadline) == (
        origin.number, origin.section, origin.subsection, origin.text, origin.lead, origin.co,
        origin.effective_deadline)


def _task_from_draft(draft: TaskDraft, origin: ParsedTask | None, order: int) -> ParsedTask:
    if origin is not None and _unchanged(draft, origin):
        return replace(origin, order=order)
    same_deadline = origin is not None and draft.deadline == origin.effective_deadline
    return ParsedTask(
        number=draft.number.strip(), section=draft.section or None, subsection=draft.subsection or None,
        order=order, text=draft.text.strip(), text_start=_compact(draft.text)[:12],
        lead=list(draft.lead), co=[n for n in draft.co if n not in draft.lead],
        co_label=origin.co_label if origin else None,
        # The printed phrase and the recurrence still describe the task while its date is the parser's.
        deadline_text=origin.deadline_text if same_deadline else None,
        # An inferred date stays inferred (None here; finalize() infers it again), a typed one is stated.
        deadline=origin.deadline if same_deadline else draft.deadline,
        recurring=origin.recurring if origin else None,
        has_clause=bool(draft.lead or draft.co),
        not_understood=list(origin.not_understood) if origin and len(draft.sources) == 1 else [],
    )


def corrected_document(parsed: ParsedDocument, drafts: list[TaskDraft]) -> ParsedDocument:
    """A copy of the parsed document whose tasks are the drafts (validated first)."""
    drafts_validate(drafts, parsed)
    tasks = parsed.tasks
    doc = copy.copy(parsed)
    doc.plans = [replace(p, tasks=[], sections=list(p.sections)) for p in parsed.plans]
    for draft in drafts:
        plan = doc.plans[draft.plan]
        origin = tasks[draft.sources[0] - 1] if draft.sources else None
        plan.tasks.append(_task_from_draft(draft, origin, len(plan.tasks) + 1))
        if draft.section and all(s.number != draft.section for s in plan.sections):
            plan.sections.append(ParsedSection(draft.section, ""))  # a part the office named by hand
    doc.finalize()
    return doc
