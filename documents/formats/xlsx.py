"""An Excel 分工表 (.xlsx): every sheet's rows as TAB lines (openpyxl, read-only mode).

Read-only mode streams the sheet instead of building every cell object, but it does not
report merged cells; offices merge the 牵头单位 or 类别 column over several tasks, so the
merge ranges are read from the sheet's XML separately and covered cells become None
(rows.py then repeats the merge's text, as the .docx reader does).
"""

from __future__ import annotations

import datetime as dt
import io
import re

from documents.parsing.errors import ParseError

from .detect import EXCEL_BROKEN
from .rows import cell_text, rows_to_lines

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
MAX_ROWS, MAX_COLS = 20000, 60  # a 分工表 has tens of columns at most; padding beyond is format noise


def read_xlsx(data: bytes) -> str:
    import openpyxl  # imported lazily

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises KeyError, zipfile and XML errors for broken files
        raise ParseError(EXCEL_BROKEN) from exc
    lines: list[str] = []
    try:
        for sheet in book.worksheets:
            covered = _covered_cells(book, sheet)
            rows = []
            for r, row in enumerate(sheet.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLS, values_only=True), 1):
                rows.append([None if (r, c) in covered else _text(v) for c, v in enumerate(row, 1)])
            sheet_lines = rows_to_lines(_trim(rows))
            if sheet_lines:
                lines.extend([*([""] if lines else []), *sheet_lines])
    except ParseError:
        raise
    except Exception as exc:
        raise ParseError(EXCEL_BROKEN) from exc
    finally:
        book.close()
    return "\n".join(lines)


def _covered_cells(book, sheet) -> set[tuple[int, int]]:
    """(row, column) of cells inside a merge range other than its top-left cell."""
    path = getattr(sheet, "_worksheet_path", None)
    if not path:
        return set()
    with book._archive.open(path) as handle:  # bounded: zipguard checked every member's size
        xml = handle.read()
    covered = set()
    for c0, r0, c1, r1 in _MERGE.findall(xml):
        top, bottom = int(r0), min(int(r1), MAX_ROWS)
        left, right = _col(c0), min(_col(c1), MAX_COLS)
        covered.update((r, c) for r in range(top, bottom + 1) for c in range(left, right + 1) if (r, c) != (top, left))
    return covered


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters.decode():
        n = n * 26 + ord(ch) - 64
    return n


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return cell_text(str(value).splitlines())  # Alt+Enter lines in a cell: a list of names


def _trim(rows: list[list[str | None]]) -> list[list[str | None]]:
    """Drop trailing empty columns so a formatted-but-empty column does not widen every row."""
    width = max((i + 1 for row in rows for i, v in enumerate(row) if v), default=0)
    return [row[:width] for row in rows]
