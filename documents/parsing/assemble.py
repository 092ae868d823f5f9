"""Numbered items → ParsedTask (clause, deadline, recurrence, truncation)."""

from __future__ import annotations

import re

from .clauses import Clause, find_clause, parse_label_line
from .deadline_kinds import classify
from .deadlines import field_deadline, find_dates, find_recurrence, latest, resolve_phrase
from .normalize import TERMINAL
from .sentence_clauses import sentence_clause
from .structure import Item
from .types import Milestone, ParsedTask

TEXT_START_LEN = 12


def build_task(item: Item, order: int, year: int | None) -> tuple[ParsedTask, list[str]]:
    """The task and the document-wide co-responsible units its clause declares."""
    text = "\n".join(item.lines)
    label_clause, due_field, body_lines = _split_label_lines(item.lines)
    clause = (find_clause(text) or sentence_clause(text)) if label_clause is None else label_clause
    prose = "\n".join(body_lines)
    if clause and clause.span:
        prose = text[: clause.span[0]] + text[clause.span[1] :]
    task = ParsedTask(
        number=item.number,
        section=item.section,
        subsection=item.subsection,
        order=order,
        text=text,
        text_start=re.sub(r"\s+", "", "".join(body_lines))[:TEXT_START_LEN],
        has_clause=clause is not None,
        # 完成时限：每半年 gives a frequency instead of a date
        recurring=find_recurrence(prose) or (find_recurrence(due_field) if due_field else None),
    )
    if clause:
        task.lead, task.co, task.co_label = clause.lead, clause.co, clause.co_label
        task.not_understood = list(clause.not_understood)
    _set_deadline(task, prose, clause, due_field, year)
    classify(task, prose, [p for p in (clause.deadline_text if clause else None, due_field) if p])
    task.doubts = _doubts(task, clause, due_field)
    return task, clause.global_co if clause else []


def _split_label_lines(lines: list[str]) -> tuple[Clause | None, str | None, list[str]]:
    """牵头单位：/责任单位： lines and a 完成时限： line printed as fields of the task."""
    merged: Clause | None = None
    due, rest = None, []
    for line in lines:
        parsed = parse_label_line(line)
        if parsed:
            due = parsed.deadline_text or due
            merged = merged or Clause()
            merged.lead += parsed.lead
            merged.co += parsed.co
            merged.co_label = merged.co_label or parsed.co_label
            continue
        value = field_deadline(line)
        if value:
            due = value
            continue
        rest.append(line)
    return merged, due, rest


def _set_deadline(task: ParsedTask, prose: str, clause: Clause | None, due_field: str | None, year: int | None):
    found: list[tuple[Milestone, str]] = [(m, "text") for m in find_dates(prose, year)]
    for phrase, where in ((clause.deadline_text if clause else None, "clause"), (due_field, "field")):
        date = resolve_phrase(phrase, year) if phrase else None
        if date:
            found.append((Milestone(phrase, date), where))
    # A date in the text that the clause/field also gives (年底前 twice, or 年内 in the text and
    # 2023年下半年 in the field) is one target, located in the field; the field's wording wins.
    labelled = {m.date for m, where in found if where != "text"}
    found = [(m, w) for m, w in found if w == "text" and m.date not in labelled] + [
        (m, w) for m, w in found if w != "text"
    ]
    if not found:
        return
    best = latest([m for m, _ in found])
    task.deadline_text, task.deadline = best.text, best.date
    task.deadline_in = next(where for m, where in found if m is best)
    if len(found) > 1:
        task.milestones = [m for m, _ in found]


def _doubts(task: ParsedTask, clause: Clause | None, due_field: str | None) -> list[str]:
    """What the preview should flag for the office to check, in Chinese."""
    out = []
    if clause is None:
        out.append("未找到责任单位条款")
    elif not (task.lead or task.co):
        out.append("责任单位条款中未识别出单位")
    if task.not_understood:
        out.append("无法识别为单位：" + "、".join(task.not_understood))
    if due_field and not task.deadline_kind:
        out.append("时限未能解析：" + due_field)
    length = len(re.sub(r"\s+", "", task.text))
    if length > 800:
        out.append("条目过长，可能包含多项任务")
    elif length < 8:
        out.append("条目过短，可能不是任务")
    return out


def looks_cut_off(task: ParsedTask) -> bool:
    """A text that stops without closing punctuation and without a clause was cut off."""
    tail = task.text.rstrip()
    return not task.has_clause and bool(tail) and tail[-1] not in TERMINAL
