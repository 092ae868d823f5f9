"""分工表 pasted as text: flattened to one cell per line (docx export, copy-paste from PDF),
or one row per line with tab-separated cells (a Word table copied as text).

A header row of known column names starts the table; in the flattened form each row starts
with its serial number on a line of its own. A vertically merged cell is printed once, so a
short row inherits the missing cells from the row above. Tab rows keep empty cells in place,
so they need no guessing: an empty cell is empty.
"""

from __future__ import annotations

import re

from .clauses import BARE_NONE, is_unit, split_names
from .deadlines import OPEN_DEADLINE, clause_deadline, resolve_phrase
from .grid_tables import cells_of, read_grid
from .structure import L1, Item

_TAB_SPLIT = re.compile(r"\t|\s{2,}")

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
        grid = read_grid(lines, i, section, rest) if cells_of(lines[i]) else None
        if grid:
            found, i, section = grid
            items.extend(found)
            continue
        row_header = _row_header(lines[i])
        if row_header:
            found, i, section = _tab_rows(lines, i + 1, row_header, section, rest)
            items.extend(found)
            continue
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
    return _valid(cols)


def _valid(cols: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
    """A header names a serial, a task text and some unit column. With two text columns
    (重点任务 / 具体措施) the first is the row group's heading and the second the row's own text."""
    kinds = [k for k, _ in cols]
    if kinds.count("text") == 2:
        first = kinds.index("text")
        cols[first] = ("category", cols[first][1])
        kinds[first] = "category"
    if kinds[:1] == ["serial"] and "text" in kinds and ("lead" in kinds or "co" in kinds):
        return cols
    return None


def _row_header(line: str) -> list[tuple[str, str]] | None:
    """A header row printed on one line, cells split by tabs (or runs of spaces)."""
    if "\t" not in line and not re.search(r"\S\s{2,}\S", line):
        return None
    cols = [_column(c.strip()) for c in _TAB_SPLIT.split(line.strip()) if c.strip()]
    if len(cols) < 3 or not all(cols):
        return None
    return _valid(cols)


def _tab_rows(lines: list[str], i: int, header, section: str | None, rest: list[str]):
    """Rows '1<TAB>text<TAB>units<TAB>date' until a line that is neither a row nor a section row."""
    split = (lambda s: s.split("\t")) if "\t" in "".join(lines[i : i + 3]) else (lambda s: _TAB_SPLIT.split(s))
    items: list[Item] = []
    while i < len(lines):
        line = lines[i].strip()
        m = L1.match(line)
        cells = [c.strip() for c in split(line)]
        if m and len(cells) == 1:
            section = m.group(1)
            rest.append(line)  # keep the section row so the prose parser lists the section
        elif len(cells) >= 2 and re.fullmatch(r"\d{1,3}[.．、]?", cells[0]):
            values = dict(zip((k for k, _ in header[1:]), cells[1:], strict=False))
            items.append(_item(header, cells[0].rstrip(".．、"), values, section))
        else:
            break
        i += 1
    return items, i, section


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
    if cell in BARE_NONE:
        return "empty"
    # A long cell that mentions a date (年内新增…) is a task text, not a deadline cell.
    if len(cell) <= 24 and (clause_deadline(cell) or resolve_phrase(cell, 2000) or OPEN_DEADLINE.match(cell)):
        return "deadline"
    names = split_names(cell)
    if names and "。" not in cell and len(cell) <= 80 and all(is_unit(n) for n in names):
        return "units"
    if len(cell) <= 12 and not re.search(r"[，。；]", cell):
        return "category"
    return "text"


_FITS = {"category": {"category", "empty"}, "text": {"text", "category"}, "lead": {"units", "empty"},
         "co": {"units", "empty"}, "deadline": {"deadline", "empty"}}


def _assign(kinds: list[str], cells: list[str], previous: dict[str, str]) -> dict[str, str]:
    """Greedy left-to-right; a column whose cell is missing inherits the merged cell above.
    With one unit cell for two unit columns the lead is taken as merged (a block of rows
    usually shares its lead unit) — a layout guess, noted in the report."""
    values, k = {}, 0
    for pos, kind in enumerate(kinds):
        cell = cells[k] if k < len(cells) else None
        ck = _cell_kind(cell) if cell is not None else None
        later_units = [c for c in cells[k + 1 :] if _cell_kind(c) in ("units", "empty")]
        if kind == "lead" and "co" in kinds[pos:] and ck == "units" and not later_units:
            values[kind] = previous.get(kind, "")
            continue
        if ck in _FITS[kind]:
            values[kind] = "" if ck == "empty" else cell
            k += 1
        else:
            values[kind] = previous.get(kind, "")
    return values


def _row_items(header: list[tuple[str, str]], rows, section: str | None) -> list[Item]:
    kinds = [k for k, _ in header[1:]]
    items, previous = [], {}
    for serial, cells in rows:
        values = _assign(kinds, cells, previous)
        previous = values
        items.append(_item(header, serial, values, section))
    return items


def _item(header: list[tuple[str, str]], serial: str, values: dict[str, str], section: str | None) -> Item:
    """A row as a task item: its text, then label lines the clause parser reads."""
    labels = dict(header[1:])
    lines = [values.get("text", "")]
    for kind in ("lead", "co"):
        if values.get(kind) and values[kind] not in BARE_NONE:
            lines.append(f"{labels[kind]}：{values[kind]}")
    if "co" in labels and not values.get("co"):
        lines.append(f"{labels['co']}：")  # the column exists: its label is the task's co label
    if values.get("deadline") and values["deadline"] not in BARE_NONE:
        lines.append(f"完成时限：{values['deadline']}")
    return Item(3, serial, lines, section)
