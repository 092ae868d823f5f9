"""分工表 flattened to one cell per line (docx export, copy-paste from PDF).

A header row of known column names starts the table; each row starts with its serial number
on a line of its own. A vertically merged cell is printed once, so a short row inherits the
missing cells from the row above.
"""

from __future__ import annotations

import re

from .clauses import UNIT_END, split_names
from .deadlines import clause_deadline, resolve_phrase
from .structure import L1, Item

COLUMNS = (
    ("serial", re.compile(r"^(?:序号|编号)$")),
    ("category", re.compile(r"^(?:重点领域|领域|类别|分类|任务类别|工作类别|项目|板块)$")),
    ("text", re.compile(r"^(?:工作任务|重点任务|主要任务|任务内容|工作内容|具体任务|改革任务|工作措施|具体措施|任务|措施|改革举措)$")),
    ("lead", re.compile(r"^(?:牵头单位|牵头部门|主责单位)$")),
    ("co", re.compile(r"^(?:责任单位|配合单位|协办单位|参与单位|责任部门|配合部门)$")),
    ("deadline", re.compile(r"^(?:完成时限|完成时间|时间节点|时限要求|时限)$")),
)


def _column(cell: str) -> tuple[str, str] | None:
    return next(((kind, cell) for kind, rx in COLUMNS if rx.match(cell)), None)


def extract_tables(lines: list[str]) -> tuple[list[Item], list[str]]:
    """(tasks found in tables, the remaining lines for the prose parser)."""
    items: list[Item] = []
    rest: list[str] = []
    i, section = 0, None
    while i < len(lines):
        m = L1.match(lines[i])
        if m:
            section = m.group(1)
        header = _header_at(lines, i)
        if not header:
            rest.append(lines[i])
            i += 1
            continue
        rows, i = _rows(lines, i + len(header), len(header) - 1)
        items.extend(_row_items(header, rows, section))
    return items, rest


def _header_at(lines: list[str], i: int) -> list[tuple[str, str]] | None:
    cols = []
    for line in lines[i : i + len(COLUMNS)]:
        col = _column(line.strip())
        if not col:
            break
        cols.append(col)
    kinds = [k for k, _ in cols]
    if kinds[:1] == ["serial"] and "text" in kinds and ("lead" in kinds or "co" in kinds):
        return cols
    return None


def _rows(lines: list[str], i: int, width: int) -> tuple[list[tuple[str, list[str]]], int]:
    rows: list[tuple[str, list[str]]] = []
    while i < len(lines) and lines[i].strip() == str(len(rows) + 1):
        serial, cells = lines[i].strip(), []
        i += 1
        while i < len(lines) and lines[i].strip() != str(len(rows) + 2) and len(cells) < width:
            cells.append(lines[i].strip())
            i += 1
        rows.append((serial, cells))
    return rows, i


def _cell_kind(cell: str) -> str:
    if clause_deadline(cell) or resolve_phrase(cell, 2000) or re.fullmatch(r"长期|持续推进|长期坚持|持续", cell):
        return "deadline"
    names = split_names(cell)
    if names and "。" not in cell and len(cell) <= 80 and all(UNIT_END.search(n) for n in names):
        return "units"
    if len(cell) <= 12 and not re.search(r"[，。；]", cell):
        return "category"
    return "text"


_FITS = {"category": {"category"}, "text": {"text", "category"}, "lead": {"units"}, "co": {"units"}, "deadline": {"deadline"}}


def _assign(kinds: list[str], cells: list[str], previous: dict[str, str]) -> dict[str, str]:
    """Greedy left-to-right; a column whose cell is missing inherits the merged cell above.
    With one unit cell for two unit columns the lead is taken as merged (a block of rows
    usually shares its lead unit) — a layout guess, noted in the report."""
    values, k = {}, 0
    for pos, kind in enumerate(kinds):
        cell = cells[k] if k < len(cells) else None
        ck = _cell_kind(cell) if cell is not None else None
        later_units = [c for c in cells[k + 1 :] if _cell_kind(c) == "units"]
        if kind == "lead" and "co" in kinds[pos:] and ck == "units" and not later_units:
            values[kind] = previous.get(kind, "")
            continue
        if ck in _FITS[kind]:
            values[kind] = cell
            k += 1
        else:
            values[kind] = previous.get(kind, "")
    return values


def _row_items(header: list[tuple[str, str]], rows, section: str | None) -> list[Item]:
    kinds = [k for k, _ in header[1:]]
    labels = dict(header[1:])
    items, previous = [], {}
    for serial, cells in rows:
        values = _assign(kinds, cells, previous)
        previous = values
        lines = [values.get("text", "")]
        if values.get("lead"):
            lines.append(f"{labels['lead']}：{values['lead']}")
        if values.get("co"):
            lines.append(f"{labels['co']}：{values['co']}")
        if values.get("deadline"):
            lines.append(f"完成时限：{values['deadline']}")
        items.append(Item(3, serial, lines, section))
    return items
