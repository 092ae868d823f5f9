"""Plan bodies → sections, subsections and numbered items.

Numbering levels: L1 一、 (section), L2 （一） (task or subsection), L3 1. / 1． / 1、 (task),
L4 （1） (sub-item, stays inside its task). A marker only counts when it continues the
running sequence, so "2.0 版" at a page break or a stray "1." inside a text is body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clauses import LABEL_LINE, bracket_groups, is_clause_group
from .header import compact
from .numerals import CIRCLED, DOTS, cn_to_int

_CN = "一二三四五六七八九十百"
L1 = re.compile(rf"^([{_CN}]+)\s*[{DOTS}]\s*(.*)$")
L2 = re.compile(rf"^[（(]\s*([{_CN}]+)\s*[）)]\s*(.*)$")
L3 = re.compile(rf"^(\d{{1,3}})\s*[{DOTS}](?!\d)\s*(.*)$")
L4 = re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]\s*(.*)$")
L5 = re.compile(rf"^([{CIRCLED}])\s*(.*)$")
ATTACHMENT = re.compile(r"^附件\s*(?:\d+|[:：]|$)")
NOT_TASK_SECTION = re.compile(r"目标|原则|指导思想|总体要求|保障|范围|意义|背景|组织实施|工作要求")


@dataclass
class Item:
    level: int  # 2 or 3
    number: str
    lines: list[str]
    section: str | None
    subsection: str | None = None
    closed: bool = False  # a clause ended the item; later unnumbered lines are closing remarks
    raw: str = ""  # the first line as printed, marker included (kept when folded into a parent as a sub-item)
    children: int = 0  # levels.level_items: numbered （一）/1. items printed inside this one

    @property
    def has_clause(self) -> bool:
        text = "\n".join(self.lines)
        if any(LABEL_LINE.match(line) for line in self.lines):
            return True
        return any(is_clause_group(text, a, b) for a, b in bracket_groups(text))


@dataclass
class Section:
    number: str
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Body:
    sections: list[Section] = field(default_factory=list)
    ended_by_attachment: bool = False


def find_heading(lines: list[str], title: str, start: int) -> tuple[int, int] | None:
    """(first line, line after) of a heading equal to `title`; the heading may span 3 lines."""
    target = compact(title)
    for i in range(start, len(lines)):
        text = ""
        for j in range(i, min(i + 3, len(lines))):
            text += compact(lines[j])
            if text == target:
                return i, j + 1
            if not target.startswith(text):
                break
    return None


def split_body(lines: list[str], fold: bool = True) -> Body:
    body = Body(sections=[Section("", "")])
    seq = {1: 0, 2: 0, 3: 0}
    fresh = {2: True, 3: True}  # a restart at 1 is allowed after a new parent heading
    current: Item | None = None
    for line in lines:
        if ATTACHMENT.match(line):
            body.ended_by_attachment = True
            break
        level, number, rest = _marker(line, seq, fresh)
        if level == 1:
            body.sections.append(Section(number, rest.rstrip("。")))
            fresh[2] = fresh[3] = True
            current = None
        elif level in (2, 3):
            section = body.sections[-1]
            current = Item(level, number, [rest] if rest else [], section.number or None, raw=line)
            section.items.append(current)
            fresh[level] = False
            if level == 2:
                fresh[3] = True
        elif current is not None and not current.closed:
            current.lines.append(line)
        if current is not None and ends_with_clause(line):
            current.closed = True
    if fold:
        for section in body.sections:
            section.items = _fold_sub_items(section.items)
    return body


def _fold_sub_items(items: list[Item]) -> list[Item]:
    """1. 2. points printed under a （一） task are its sub-items, not tasks of a subsection."""
    out: list[Item] = []
    k = 0
    while k < len(items):
        item = items[k]
        out.append(item)
        k += 1
        if item.level != 2:
            continue
        end = next((j for j in range(k, len(items)) if items[j].level == 2), len(items))
        children = items[k:end]
        if children and all(c.level == 3 for c in children) and _holds_sub_items(item, children):
            for child in children:
                # lines[0] is the raw line minus its marker, unless the marker stood alone
                own = child.lines[1:] if child.lines and child.raw.endswith(child.lines[0]) else child.lines
                item.lines.extend([child.raw, *own])
            item.closed = children[-1].closed
            k = end
    return out


def _holds_sub_items(parent: Item, children: list[Item]) -> bool:
    """A task line ending in ："具体包括：", or a sentence followed by points that end in ； with
    at most the last one carrying the clause. A subsection heading is followed by whole tasks."""
    head = "\n".join(parent.lines).rstrip()
    if head.endswith(("：", ":")):
        return True
    if not head.endswith("。") or parent.has_clause or len(children) < 2:
        return False
    return all("\n".join(c.lines).rstrip().endswith(("；", ";")) and not c.has_clause for c in children[:-1])


def _marker(line: str, seq: dict[int, int], fresh: dict[int, bool]) -> tuple[int, str, str]:
    for level, rx in ((1, L1), (2, L2), (3, L3)):
        m = rx.match(line)
        if not m:
            continue
        try:
            n = cn_to_int(m.group(1))
        except ValueError:
            continue
        if n == seq[level] + 1 or (n == 1 and (level == 1 or fresh[level] or seq[level] == 0)):
            seq[level] = n
            return level, m.group(1), m.group(2)
    m = _L3_DIGIT_TEXT.match(line)
    if m and int(m.group(1)) == seq[3] + 1 and seq[3]:
        seq[3] += 1  # "11.121人才梯队项目": the text itself starts with digits; only an exact continuation
        return 3, m.group(1), m.group(2)
    return 0, "", line


_L3_DIGIT_TEXT = re.compile(r"^(\d{1,3})[.．﹒]((?=\d+[\u4e00-\u9fff“])(?!\d+\s*[版%万亿元倍个年月日]).*)$")


def ends_with_clause(line: str) -> bool:
    line = line.rstrip("。；; ")
    groups = bracket_groups(line)
    if not groups or groups[-1][1] < len(line):
        return False
    a, b = groups[-1]
    return is_clause_group(line, a, b)


def task_items(body: Body, plan_has_clauses: bool) -> list[Item]:
    """Decide which numbered items are tasks and give L3 items their subsection."""
    tasks: list[Item] = []
    for section in body.sections:
        l2_parents = _l2_with_children(section.items)
        candidates: list[Item] = []
        parent = None
        for item in section.items:
            if item.level == 2 and l2_parents:
                parent = item.number
                continue
            if item.level == 3 and l2_parents:
                item.subsection = parent
            candidates.append(item)
        if _section_is_tasks(section, candidates, plan_has_clauses):
            tasks.extend(candidates)
    return tasks


def _l2_with_children(items: list[Item]) -> bool:
    """（一） headings are subsections when numbered 1. items sit below them."""
    seen_l2 = False
    for item in items:
        if item.level == 2:
            seen_l2 = True
        elif item.level == 3 and seen_l2:
            return True
    return False


def _section_is_tasks(section: Section, candidates: list[Item], plan_has_clauses: bool) -> bool:
    """Goals and principles print no clause; a section is a task list when any item prints one,
    when its title says 任务, or (for plans without any clause) when it is not a goal section."""
    if not candidates:
        return False
    if any(item.has_clause for item in candidates) or "任务" in section.title:
        return True
    return not plan_has_clauses and not NOT_TASK_SECTION.search(section.title)


def subsections(body: Body) -> list[tuple[str, str, str]]:
    out = []
    for section in body.sections:
        if not _l2_with_children(section.items):
            continue
        for item in section.items:
            if item.level == 2:
                title = item.lines[0].split("。")[0] if item.lines else ""
                out.append((section.number, item.number, title))
    return out
