"""Document-wide rules a plan prints about its own clauses, applied to the tasks they govern.

"列第一位的为牵头单位" / "排在首位的为牵头单位" / "第一个为牵头或汇总单位": in a list that names no
lead, the first unit leads. The rule governs the tasks from the one whose text prints it onwards
("…，下同"), or every task when it is printed outside the tasks (the notice, a note under the
title, a closing 注). Each applied rule is listed on the document, the reading and the task.
"""

from __future__ import annotations

import re

from . import grammar
from .types import ParsedTask

# A co list under one of these labels says outright that nobody in it leads.
_PLAIN_CO_LABELS = re.compile(r"配合|协同|协办|参与|支撑|支持")
_PART = re.compile(r"[^，,；;。（）()〔〕【】\n]+")


def printed_rule(text: str) -> str | None:
    """The clause part that prints the first-leads rule, e.g. "列第一位的为牵头单位"."""
    for part in _PART.findall(re.sub(r"\s+", "", text)):
        if grammar.RULE_FIRST_LEADS.search(part):
            return part
    return None


def apply_first_leads(tasks: list[ParsedTask], document_text: str) -> str | None:
    """Promote the first-named unit to lead where the printed rule governs; the rule as listed."""
    rule = printed_rule(document_text)
    if not rule:
        return None
    start = next((k for k, t in enumerate(tasks) if printed_rule(t.text)), 0)
    applied = 0
    for task in tasks[start:]:
        if task.lead or not task.co or _PLAIN_CO_LABELS.search(task.co_label or ""):
            continue
        task.lead, task.co = task.co[:1], task.co[1:]
        task.rules.append(rule)
        applied += 1
    return f"{rule}（据此确定 {applied} 项任务的牵头单位）" if applied else None
