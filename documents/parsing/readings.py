"""Candidate readings of a plan body, scored on evidence; the best one gives the tasks.

A reading is a choice of task list: the default prose reading (auto), each numbering level as the
task level, each table found by shape as the task list. Each is built into tasks and scored:
share of tasks with units (the strongest evidence), tasks holding several clauses (a heading
read as a task), numbering continuity and item length. A reading whose tasks carry no units is
never chosen over one that has them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .clauses import bracket_groups, is_clause_group
from .flat_tables import find_tables
from .levels import LABELS, level_items
from .structure import Body, Item, split_body, task_items
from .types import ParsedTask


@dataclass
class Candidate:
    id: str
    label: str
    items: list[Item]
    tasks: list[ParsedTask] = field(default_factory=list)
    score: float = 0.0
    warnings: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)


def candidates(rest: list[str], body: Body, table_items: list[Item]) -> list[Candidate]:
    items = [i for s in body.sections for i in s.items]
    has_clauses = any(i.has_clause for i in items)
    out = [Candidate("auto", "按正文识别" if not table_items else "按正文与表格识别",
                     task_items(body, has_clauses) + table_items)]
    flat = split_body(rest, fold=False)
    arabic = _level_items(flat, 3)
    if len(arabic) >= 2:
        out.append(Candidate("level:arabic", "按正文 1. 条目识别", arabic))
    paren = [i for s in body.sections for i in s.items if i.level == 2]
    if len(paren) >= 2:
        out.append(Candidate("level:paren_cn", "按正文（一）识别", paren))
    for level in (1, 4, 5):  # the top-level 一、 items, or （1） / ① items, as the tasks
        found = level_items(rest, level)
        if level == 1 and out[0].items and all(i.children for i in found):
            continue  # every 一、 holds numbered items of its own: they are sections (and costly to build)
        if len(found) >= 2 or (found and not out[0].items):
            out.append(Candidate(f"level:{('cn', '', '', 'paren_arabic', 'circled')[level - 1]}", LABELS[level], found))
    for k, table in enumerate(find_tables(rest), start=1):
        out.append(Candidate(f"table:{k}", "按附件表格识别" if k == 1 else f"按附件表格{k}识别", table.items))
    return out


def _level_items(body: Body, level: int) -> list[Item]:
    """Items of one level across all sections; the enclosing （一） is their subsection."""
    out = []
    for section in body.sections:
        parent = None
        for item in section.items:
            if item.level < level:
                parent = item.number
            elif item.level == level:
                item.subsection = parent
                out.append(item)
    return out


def _clauses_in(text: str) -> int:
    return sum(1 for a, b in bracket_groups(text) if is_clause_group(text, a, b))


def score(c: Candidate) -> float:
    tasks = c.tasks
    if not tasks:
        return -1.0
    n = len(tasks)
    units = sum(1 for t in tasks if t.lead or t.co) / n
    multi = sum(1 for t in tasks if _clauses_in(t.text) > 1) / n
    sized = sum(1 for t in tasks if 8 <= len(t.text) <= 1200) / n
    steps = [(a.number, b.number) for a, b in zip(tasks, tasks[1:], strict=False)]
    cont = sum(1 for a, b in steps if _next(a, b)) / len(steps) if steps else 1.0
    return round(3 * units - 2 * multi + 0.5 * sized + 0.5 * cont + (0.1 if c.id == "auto" else 0.0), 4)


def _next(a: str, b: str) -> bool:
    from .numerals import cn_to_int

    try:
        x, y = cn_to_int(a), cn_to_int(b)
    except ValueError:
        return False
    return y == x + 1 or y == 1


def choose(cands: list[Candidate], forced: str | None) -> Candidate:
    for c in cands:
        c.score = score(c)
    if forced:
        return next(c for c in cands if c.id == forced)
    with_units = [c for c in cands if any(t.lead or t.co for t in c.tasks)]
    pool = with_units or [c for c in cands if c.tasks] or cands
    best = max(pool, key=lambda c: c.score)
    return best
