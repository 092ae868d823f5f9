"""Table rows → text lines, in the convention of documents.parsing.normalize._table_lines.

One line per row, cells joined by TAB so an empty cell keeps its column; a cell covered by
a vertical merge repeats the text of the cell that starts the merge; a row with one filled
cell spanning the table (a group row such as 行动一：…) is printed as that cell alone. The
.docx reader applies the same rules to Word's XML; PDF, HTML and Excel readers hand their
rows here as lists whose covered cells are None.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"[ \t\r\n\u3000\xa0]+")
_SENTENCE_END = "。；;！!？?"


def cell_text(parts: list[str]) -> str:
    """Lines of one cell on one line: a sentence end joins directly, a list of names gets 、
    (the rule the .docx reader uses for a cell's paragraphs)."""
    text = ""
    for part in parts:
        part = _SPACE.sub(" ", part).strip()
        if part:
            text += ("" if not text or text[-1] in _SENTENCE_END else "、") + part
    return text


def rows_to_lines(rows: list[list[str | None]]) -> list[str]:
    """TAB lines of a table whose covered (merged) cells are None."""
    out: list[str] = []
    above: dict[int, str] = {}
    for row in rows:
        given = [c for c in row if c is not None]
        if len(row) > 2 and len(given) == 1 and given[0] and not given[0].isdigit():
            out.append(given[0])  # a group row spanning the table
            continue
        cells = []
        for col, cell in enumerate(row):
            if cell is None:
                cell = above.get(col, "")
            else:
                above[col] = cell
            cells.append(cell)
        filled = [c for c in cells if c]
        if len(filled) == 1 and len(cells) > 2 and not cells[0].isdigit():
            out.append(filled[0])
        elif filled:
            out.append("\t".join(cells))
    return out
