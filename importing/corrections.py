"""What the office changed by hand between the parser's output and what was saved.

Kept on the Document (`parser_output`, `corrections`) so anyone can later see both.
The corrections are derived from the drafts' `sources`, not recorded click by click:
a parser task no draft comes from was dropped, one two drafts come from was split,
a draft from two parser tasks is a merge, a draft from none was added by hand.
Each entry carries a Chinese `summary` for the document page.
"""

from __future__ import annotations

from collections import Counter

from agencies.models import Agency
from documents.parsing import ParsedDocument, ParsedTask, Reading, to_gold_dict

from .drafts import TaskDraft

FIELD_LABELS = {"number": "编号", "section": "部分", "text": "任务内容", "lead": "牵头单位", "co": "配合单位",
                "deadline": "完成时限"}
_SNIPPET = 30


def _label(task: ParsedTask) -> str:
    return "·".join(p for p in (task.section, task.subsection, task.number) if p)


def _snippet(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _SNIPPET else text[:_SNIPPET] + "…"


def _reading_dict(r: Reading) -> dict:
    return {"id": r.id, "label": r.label, "task_count": r.task_count, "chosen": r.chosen}


def parser_output(parsed: ParsedDocument, *, parser_choice: str | None) -> dict:
    """The parse that was saved (its reading), the readings offered and the one the parser preferred."""
    out = to_gold_dict(parsed)
    out["readings"] = [_reading_dict(r) for r in parsed.readings]
    out["parser_choice"] = parser_choice
    out["rules"] = list(parsed.rules)
    out["not_understood"] = list(parsed.not_understood)
    return out


def _value(task_or_draft, name: str):
    if name == "deadline":
        value = getattr(task_or_draft, "effective_deadline", None) if isinstance(task_or_draft, ParsedTask) \
            else task_or_draft.deadline
        return value.isoformat() if value else None
    value = getattr(task_or_draft, name)
    return list(value) if isinstance(value, list) else (value or None)


def _shown(value) -> str:
    if isinstance(value, list):
        return "、".join(value) or "（无）"
    return str(value) if value else "（无）"


def _edits(origin: ParsedTask, draft: TaskDraft, skip: tuple[str, ...] = ()) -> list[dict]:
    out = []
    for name, label in FIELD_LABELS.items():
        before, after = _value(origin, name), _value(draft, name)
        if before == after or name in skip:
            continue
        summary = f"修改 {draft.label if skip else _label(origin)} 的{label}"
        summary += "" if name == "text" else f"：{_shown(before)} → {_shown(after)}"
        out.append({"kind": "edit", "source": draft.sources[0], "field": name, "before": before, "after": after,
                    "summary": summary})
    return out


def corrections_list(
    parsed: ParsedDocument, drafts: list[TaskDraft], *, reading: str | None, parser_choice: str | None,
    mapped: dict[str, Agency | None],
) -> list[dict]:
    """Every hand correction, in the order the office would read them.

    mapped: printed name → the agency the office chose for it (None: created as a new agency).
    """
    readings = {r.id: r.label for r in parsed.readings}
    out: list[dict] = []
    if reading and parser_choice and reading != parser_choice:
        out.append({"kind": "reading", "from": parser_choice, "to": reading,
                    "summary": f"识别方式由“{readings.get(parser_choice, parser_choice)}”改为“{readings.get(reading, reading)}”"})
    tasks = parsed.tasks
    used = Counter(s for d in drafts for s in d.sources)
    for position, task in enumerate(tasks, start=1):
        if not used[position]:
            out.append({"kind": "drop", "source": position,
                        "summary": f"删除 {_label(task)}：{_snippet(task.text)}"})
    split_done: set[int] = set()
    for draft in drafts:
        if not draft.sources:
            out.append({"kind": "add", "summary": f"新增 {draft.label}：{_snippet(draft.text)}"})
        elif len(draft.sources) > 1:
            names = "、".join(_label(tasks[s - 1]) for s in draft.sources)
            out.append({"kind": "merge", "sources": list(draft.sources), "summary": f"合并 {names} 为 {draft.label}"})
        elif used[draft.sources[0]] > 1:
            source = draft.sources[0]
            if source not in split_done:
                split_done.add(source)
                parts = "、".join(d.label for d in drafts if d.sources == [source])
                out.append({"kind": "split", "source": source,
                            "summary": f"拆分 {_label(tasks[source - 1])} 为 {used[source]} 项：{parts}"})
            # Each part's own changes beyond the cut (its text and number differ by construction).
            out.extend(_edits(tasks[source - 1], draft, skip=("text", "number")))
        else:
            out.extend(_edits(tasks[draft.sources[0] - 1], draft))
    for name, agency in mapped.items():
        if agency is None:
            out.append({"kind": "create", "name": name, "summary": f"按原文名称新建单位“{name}”"})
        elif agency.name != name:
            out.append({"kind": "map", "name": name, "agency_id": agency.pk, "agency": agency.name,
                        "summary": f"单位名称“{name}”对应为 {agency.name}"})
    return out
