"""Task tables found by shape and content, for the readings that take a table as the task list.

A header is a run of short lines (or one tab/pipe row) whose cells are column words of
grammar-like vocabulary below; a header word split over two lines ("牵头"/"部门") is joined.
Rows start at a serial ("1" alone, or "（1）text"); group rows (行动一：…, （一）, 一、…) set the
section, "1、…" direction rows are skipped. Cells are read by content: lists of agency names
fill the unit columns in header order, the rest is task text. A row without unit cells inherits
the cells of the row above (a vertically merged cell is printed once).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import grammar
from .clauses import split_names
from .deadline_kinds import is_deadline_cell
from .names import looks_like_agency
from .structure import Item

HEADER_WORDS = (
    ("serial", re.compile(r"^(?:序号|编号|序)$")),
    ("category", re.compile(r"^(?:任务类型|任务分类|任务类别|类别|分类|领域|重点领域|主要方向|方向|板块|项目类型|工作类别)$")),
    ("lead", re.compile(r"^(?:牵头单位|牵头部门|主责单位|主办单位|牵头责任单位|主要责任单位|牵头处室|牵头)$")),
    ("co", re.compile(r"^(?:责任单位|责任部门|责任主体|配合单位|配合部门|协办单位|参与单位|协同单位|协同责任单位|"
                      r"支撑单位|实施部门|实施单位|实施主体|推进单位|落实单位|配合|责任处室)$")),
    ("deadline", re.compile(r"^(?:完成时限|完成时间|时间节点|时限要求|时限|时间安排|完成期限|进度安排)$")),
    ("text", re.compile(r"^(?:工作任务|重点任务.*|主要任务|任务内容|具体任务|工作内容|工作措施|具体措施|改革任务|任务|措施|"
                        r"改革举措|(?:19|20)\d{2}年.{0,6}(?:项目|计划|目标|任务)|年度目标|工作目标)$")),
)
_SERIAL = re.compile(r"^(\d{1,3})[.．、]?$")
_SERIAL_TEXT = re.compile(r"^[（(](\d{1,3})[）)]\s*(.+)$")
_GROUP = re.compile(r"^(?:行动|第)?([一二三四五六七八九十]+)(?:[、．.：:]|是|部分|项|$)\s*(.*)$|^[（(]([一二三四五六七八九十]+)[）)]\s*(.*)$")
_DIRECTION = re.compile(r"^\d{1,3}、\S")
_PIPE = re.compile(r"^\|.*\|$")


@dataclass
class Table:
    columns: list[str]  # roles in header order
    start: int  # line index of the header
    end: int
    items: list[Item] = field(default_factory=list)


def _role(cell: str) -> str | None:
    cell = re.sub(r"\s+", "", cell)
    return next((role for role, rx in HEADER_WORDS if rx.match(cell)), None) or grammar.column_role(cell)


def _header(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """(column roles, first line after the header) of a header starting at line i."""
    roles: list[str] = []
    j = i
    while j < len(lines) and len(lines[j]) <= 20:
        joined = lines[j] + lines[j + 1] if j + 1 < len(lines) else ""
        split_word = joined and len(lines[j + 1]) <= 8 and not (_role(lines[j]) and _role(lines[j + 1]))
        if split_word and _role(joined):  # a header word split over two lines ("牵头" / "部门")
            roles.append(_role(joined))
            j += 2
        elif _role(lines[j]):
            roles.append(_role(lines[j]))
            j += 1
        else:
            break
    units = [r for r in roles if r in ("lead", "co")]
    if len(roles) >= 3 and "text" in roles and units:
        return roles, j
    return None


def is_unit_cell(cell: str) -> bool:
    names = split_names(cell)
    return bool(names) and "。" not in cell and len(cell) <= 120 and all(looks_like_agency(n) for n in names)


def find_tables(lines: list[str]) -> list[Table]:
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        head = _header(lines, i)
        if not head:
            i += 1
            continue
        roles, j = head
        table = Table(roles, i, j)
        table.items, table.end = _rows(lines, j, roles)
        if table.items:
            tables.append(table)
        i = max(table.end, i + 1)
    return tables


def _rows(lines: list[str], i: int, roles: list[str]) -> tuple[list[Item], int]:
    unit_roles = [r for r in roles if r in ("lead", "co")]
    rows: list[tuple[str, str | None, list[str]]] = []
    section: str | None = None
    expected = 1
    cells: list[str] | None = None
    while i < len(lines):
        line = lines[i].strip()
        m, mt = _SERIAL.match(line), _SERIAL_TEXT.match(line)
        serial = (m or mt).group(1) if (m or mt) else None
        if serial and int(serial) == expected:
            cells = [mt.group(2)] if mt else []
            rows.append((serial, section, cells))
            expected += 1
        elif (g := _GROUP.match(line)) and len(line) <= 60 and not is_unit_cell(line):
            section = g.group(1) or g.group(3)
            cells = None
            if not (g.group(2) or g.group(4)) and i + 1 < len(lines) and not _SERIAL_TEXT.match(lines[i + 1]):
                i += 1  # the group's title on the next line
        elif _DIRECTION.match(line) and len(line) <= 40:
            cells = None
        elif cells is not None:
            cells.append(line)
        elif rows and len(line) > 40:
            break  # prose after the table
        i += 1
    items, previous = [], [[] for _ in unit_roles]
    for serial, sec, row in rows:
        items.append(_item(serial, sec, row, unit_roles, roles, previous))
    return items, i


def _item(serial, section, row, unit_roles, roles, previous) -> Item:
    """Text cells first, unit cells last. The category cell of the next row, printed after this
    row's cells, is dropped: a short trailing non-unit cell after the unit cells is not text."""
    texts, units, due = [], [], []
    for cell in row:
        if "deadline" in roles and is_deadline_cell(cell) and (units or texts):
            due.append(cell)
        elif is_unit_cell(cell):
            units.append(cell)
        elif not units:
            texts.append(cell)
    if "category" in roles and roles.index("category") < roles.index("text") and len(texts) > 1 and len(
        texts[-1]
    ) <= 20 and not units:
        texts = texts[:-1]  # a category cell belonging to the next row
    values = [[] for _ in unit_roles]
    if units:
        extra = len(units) - len(unit_roles)
        if extra > 0:  # a unit cell over several lines: the first column holds the extra lines
            units = ["、".join(units[: extra + 1]), *units[extra + 1 :]]
        for k, cell in enumerate(units[: len(unit_roles)]):
            values[k] = split_names(cell)
        previous[:] = values
    else:
        values = [list(v) for v in previous]
    lines = ["\n".join(texts) if texts else ""]
    for role in ("lead", "co"):
        names = [n for k, r in enumerate(unit_roles) if r == role for n in values[k]]
        if names:
            label = "牵头单位" if role == "lead" else "责任单位"
            lines.append(f"{label}：{'、'.join(dict.fromkeys(names))}")
    if due:
        lines.append(f"完成时限：{due[0]}")
    return Item(3, serial, lines, section)
