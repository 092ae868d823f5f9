"""The own plans in other encodings and as a real Word table score like their UTF-8 text."""

import io
import json
import re

import pytest

from documents.parsing import parse_bytes, to_gold_dict

from .metrics import DATA, score

OWN = DATA / "own"


def _gold(stem: str) -> dict:
    return json.loads((OWN / f"{stem}.json").read_text("utf-8"))


def _assert_perfect(name: str, gold: dict, data: bytes, filename: str) -> None:
    sc = score(name, gold, to_gold_dict(parse_bytes(data, filename)))
    assert (sc.matched, sc.found_tasks, sc.field_errors, sc.task_errors) == (sc.gold_tasks, sc.gold_tasks, [], [])


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
@pytest.mark.parametrize("stem", ["own_e_chengdu_pdf", "own_g_jinan_tab_table"])
def test_encodings(stem, encoding):
    text = (OWN / f"{stem}.txt").read_text("utf-8")
    _assert_perfect(f"{stem}/{encoding}", _gold(stem), text.encode(encoding), f"{stem}.txt")


def _flat_rows(lines: list[str]) -> list[list[str]]:
    """Rows of own_f's flattened table: [serial, category or '', text, lead, co, deadline]."""
    start = lines.index("完成时限") + 1
    rows, cells = [], []
    for line in lines[start:]:
        if not line or line.startswith("各地各部门"):
            break
        if line == str(len(rows) + 1 + bool(cells)):
            if cells:
                rows.append(cells)
            cells = [line]
        else:
            cells.append(line)
    rows.append(cells)
    out = []
    for serial, *rest in rows:
        if len(rest) == 5 and len(rest[0]) <= 12 and "，" not in rest[0]:
            out.append([serial, *rest])
        elif len(rest) == 5:  # a text cell printed over two lines
            out.append([serial, "", rest[0] + rest[1], *rest[2:]])
        else:
            out.append([serial, "", *rest])
    return out


def _docx_from_flat_table() -> bytes:
    """own_f as a Word document: header paragraphs, then a real 6-column table whose 重点任务
    cells are vertically merged over each pair of rows (Word stores the text once)."""
    import docx

    lines = [ln.strip() for ln in (OWN / "own_f_ningbo_flat_table.txt").read_text("utf-8").split("\n")]
    head = lines[: lines.index("序号")]
    rows = _flat_rows(lines)
    document = docx.Document()
    for line in head:
        if line:
            document.add_paragraph(line)
    table = document.add_table(rows=len(rows) + 1, cols=6)
    for col, name in enumerate(["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]):
        table.cell(0, col).text = name
    for r, cells in enumerate(rows, start=1):
        for col, value in enumerate(cells):
            if value:
                table.cell(r, col).text = value
    for r, cells in enumerate(rows, start=1):
        if cells[1] and r < len(rows) and not rows[r][1]:
            table.cell(r, 1).merge(table.cell(r + 1, 1))
            table.cell(r, 1).text = cells[1]  # merge() joins both cells' paragraphs; keep one
    document.add_paragraph(next(ln for ln in lines if ln.startswith("各地各部门")))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_flat_table_rows_read_back():
    rows = _flat_rows([ln.strip() for ln in (OWN / "own_f_ningbo_flat_table.txt").read_text("utf-8").split("\n")])
    assert [r[0] for r in rows] == [str(n) for n in range(1, 13)]
    assert all(len(r) == 6 for r in rows)
    assert re.search("60个工作日以内", rows[3][2])


def test_docx_with_merged_table_cells():
    _assert_perfect("own_f/docx", _gold("own_f_ningbo_flat_table"), _docx_from_flat_table(), "plan.docx")


def _docx_from_tab_table() -> bytes:
    """own_g as a Word document: section rows are one cell merged across the table, the empty
    完成时限 cell stays empty, and one 责任单位 cell prints its units as two paragraphs."""
    import docx

    lines = [ln.strip() for ln in (OWN / "own_g_jinan_tab_table.txt").read_text("utf-8").split("\n") if ln.strip()]
    first = next(i for i, ln in enumerate(lines) if "\t" in ln)
    last = max(i for i, ln in enumerate(lines) if "\t" in ln)
    rows = [ln.split("\t") for ln in lines[first : last + 1]]
    document = docx.Document()
    for line in lines[:first]:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=4)
    for r, cells in enumerate(rows):
        if len(cells) == 1:
            merged = table.cell(r, 0).merge(table.cell(r, 3))
            merged.text = cells[0]
            continue
        for col, value in enumerate(cells):
            table.cell(r, col).text = value
    # row 5 (信用分级分类监管): the two units as two paragraphs of one cell
    cell = next(table.cell(r, 2) for r, cells in enumerate(rows) if cells[0] == "5")
    cell.text = "市发展改革委（牵头）"
    cell.add_paragraph("市市场监管局")
    for line in lines[last + 1 :]:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_with_section_rows_and_empty_cells():
    _assert_perfect("own_g/docx", _gold("own_g_jinan_tab_table"), _docx_from_tab_table(), "plan.docx")
