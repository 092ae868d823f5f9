"""Items of one numbering level, for the readings that take that level as the task level.

Five levels: 1 一、, 2 （一）, 3 1. / 1． / 1﹒ / 1、, 4 （1） / (1), 5 ①. A plan may put its tasks at
any of them: the top-level 一、 items of a short plan, or （1） / ① items when nothing above
them is numbered. An item of level k holds every line up to the next marker of level ≤ k, its
own sub-items included, so a reading one level too shallow shows several clauses per task and
loses on evidence (readings.score). A marker counts only when it continues its level's running
sequence (or restarts at 1 under a new parent), as in structure.split_body.
"""

from __future__ import annotations

from .numerals import cn_to_int
from .structure import ATTACHMENT, L1, L2, L3, L4, L5, NOT_TASK_SECTION, Item, ends_with_clause

_LEVELS = ((1, L1), (2, L2), (3, L3), (4, L4), (5, L5))
LABELS = {1: "按正文一、条目识别", 4: "按正文（1）条目识别", 5: "按正文①条目识别"}


def marker(line: str, seq: dict[int, int], fresh: dict[int, bool]) -> tuple[int, str, str]:
    """(level, number, rest) of a numbered line, (0, "", line) otherwise; updates the sequences."""
    for level, rx in _LEVELS:
        m = rx.match(line)
        if not m:
            continue
        try:
            n = cn_to_int(m.group(1))
        except ValueError:
            continue
        if n == seq[level] + 1 or (n == 1 and (fresh[level] or seq[level] == 0)):
            seq[level] = n
            for deeper in range(level + 1, 6):
                fresh[deeper] = True
            fresh[level] = False
            return level, str(n) if level >= 4 else m.group(1), m.group(2)
    return 0, "", line


def level_items(lines: list[str], level: int) -> list[Item]:
    """Items of `level` with their section (the enclosing 一、) and subsection (the enclosing （一）)."""
    seq = dict.fromkeys(range(1, 6), 0)
    fresh = dict.fromkeys(range(1, 6), True)
    items: list[Item] = []
    section = subsection = None
    current: Item | None = None
    for line in lines:
        if ATTACHMENT.match(line):
            break
        lv, number, rest = marker(line, seq, fresh)
        if lv and lv < level:
            current = None
            if lv == 1:
                section, subsection = number, None
            elif lv == 2:
                subsection = number
            continue
        if lv == level:
            current = Item(level, number, [rest] if rest else [], section if level > 1 else None, raw=line)
            current.subsection = subsection if level > 2 else None
            items.append(current)
        elif current is not None and (lv or not current.closed):
            current.lines.append(line)  # sub-items always belong to their task, even after its clause
            current.children += lv in (2, 3)
        if current is not None and ends_with_clause(line):
            current.closed = True
    if any(i.has_clause for i in items):
        # 一、总体要求 / 一、保障措施 print no clause in a plan whose other items do
        items = [i for i in items if i.has_clause or not NOT_TASK_SECTION.search(i.lines[0][:20] if i.lines else "")]
    return items
