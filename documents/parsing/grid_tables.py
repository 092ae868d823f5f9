"""Tables printed one row per line: TAB-separated cells (Word, Excel, HTML and PDF tables as the
format readers give them, or a table copied as text) and pipe / Markdown rows (| a | b |).

Column roles come from the header words (grammar.column_role) and, for a column whose header is
unknown or when the table prints no header, from its cells: lists of agency names are unit
columns, date or period phrases the deadline, the longest prose the task text. Without headers
two unit columns read as 牵头 then 配合, one as 责任单位 (the usual order of a 分工表). Rows
holding one filled cell are group rows (行动一：…, 一、…, （一）…): a numbered one sets the
section of the rows below it. An empty cell stays empty: these layouts keep every cell in place.
"""

from __future__ import annotations

import re

from . import grammar
from .deadline_kinds import is_deadline_cell
from .flat_tables import is_unit_cell
from .structure import Item

_PIPE = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?[\s:|\-—－]+\|?\s*$")
_SERIAL = re.compile(r"^(\d{1,3})[.．、]?$")
_GROUP = re.compile(r"^(?:行动|第)?([一二三四五六七八九十]+)(?:[、．.：:]|是|部分|项|$)\s*(.*)$|^[（(]([一二三四五六七八九十]+)[）)]\s*(.*)$")
LABEL = {"lead": "牵头单位", "co": "责任单位"}


def cells_of(line: str) -> list[str] | None:
    """The cells of a TAB or pipe row; None for any other line."""
    if _PIPE.match(line) and line.count("|") >= 3:
        return [c.strip() for c in line.strip().strip("|").split("|")]
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    return None


def read_grid(lines: list[str], i: int, section: str | None, rest: list[str]):
    """(items, next line, section) of a grid table starting at line i, or None when there is none.
    Numbered group rows are also given to `rest`, so the prose parser lists them as sections."""
    rows: list[list[str]] = []
    j = i
    while j < len(lines):
        if _PIPE_RULE.match(lines[j]) and "|" in lines[j]:
            j += 1
            continue
        cells = cells_of(lines[j])
        if cells is None:
            if not (rows and _GROUP.match(lines[j].strip()) and len(lines[j]) <= 40):
                break
            cells = [lines[j].strip()]
        rows.append(cells)
        j += 1
    header, body = _split_header(rows)
    roles = _roles(header, body)
    if roles is None:
        return None
    items: list[Item] = []
    for cells in body:
        filled = [c for c in cells if c]
        serial = _SERIAL.match(cells[roles.index("serial")]) if "serial" in roles and len(cells) > 1 else None
        if serial:
            items.append(_item(serial.group(1), cells, roles, header, section))
        elif len(filled) == 1 and (g := _GROUP.match(filled[0])):
            section = g.group(1) or g.group(3)
            title = (g.group(2) or g.group(4) or "").lstrip("：: ")
            rest.append(f"{section}、{title}")
    if len(items) < (1 if header else 2):
        return None
    return items, j, section


def _split_header(rows: list[list[str]]) -> tuple[list[str] | None, list[list[str]]]:
    if not rows:
        return None, rows
    first = rows[0]
    known = [c for c in first if grammar.column_role(c)]
    short = all(len(c) <= 12 and not re.search(r"[，。；]", c) for c in first)
    if short and len(known) >= 2 and not _SERIAL.match(first[0]):
        return first, rows[1:]
    return None, rows


def _roles(header: list[str] | None, body: list[list[str]]) -> list[str | None] | None:
    """A role per column; None when the rows do not make a task table (no serial or no text)."""
    width = max((len(r) for r in body if len(r) > 1), default=0)
    if width < 2:
        return None
    roles: list[str | None] = [grammar.column_role(header[k]) if header and k < len(header) else None for k in range(width)]
    texts = [k for k, r in enumerate(roles) if r == "text"]
    if len(texts) == 2:  # 重点任务 / 具体措施: the first is the rows' heading, the second their text
        roles[texts[0]] = "category"
    data = [r for r in body if len(r) > 1]
    guessed = [k for k in range(width) if roles[k] is None]
    for k in guessed:
        roles[k] = _content_role([r[k] for r in data if k < len(r) and r[k]])
    if "serial" not in roles or "text" not in roles:
        if "serial" in roles and "category" in roles:  # the longest short column is the text
            roles[roles.index("category")] = "text"
        else:
            return None
    unit_cols = [k for k in guessed if roles[k] == "units"]
    named = {r for r in roles if r in ("lead", "co")}
    for n, k in enumerate(unit_cols):
        roles[k] = "co" if named or len(unit_cols) == 1 or n else "lead"
    if header is None and not unit_cols:
        return None  # a headerless grid without unit columns is some other table
    return roles


def _content_role(cells: list[str]) -> str | None:
    if not cells:
        return None
    kinds = [_kind(c) for c in cells]
    best = max(set(kinds), key=kinds.count)
    return best if kinds.count(best) * 2 > len(kinds) else ("text" if "text" in kinds else None)


def _kind(cell: str) -> str:
    if _SERIAL.match(cell):
        return "serial"
    if is_deadline_cell(cell):
        return "deadline"
    if is_unit_cell(cell):
        return "units"
    if len(cell) <= 12 and not re.search(r"[，。；]", cell):
        return "category"
    return "text"


def _item(serial: str, cells: list[str], roles: list[str | None], header: list[str] | None, section) -> Item:
    """A row as a task item: its text, then label lines the clause parser reads."""
    def cell(k: int) -> str:
        return cells[k] if k < len(cells) else ""

    texts = [cell(k) for k, r in enumerate(roles) if r == "text" and cell(k)]
    lines = ["；".join(texts) if len(texts) > 1 else (texts[0] if texts else "")]
    for k, role in enumerate(roles):
        value = cell(k)
        if role in ("lead", "co") and value:
            printed = re.sub(r"\s+", "", header[k]) if header and k < len(header) else ""
            label = printed if printed in grammar.LABELS else LABEL[role]
            lines.append(f"{label}：{value}")
        elif role == "deadline" and value:
            lines.append(f"完成时限：{value}")
    return Item(3, serial, lines, section)
