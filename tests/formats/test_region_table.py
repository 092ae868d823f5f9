"""A 分工表 whose column words are unknown imports to the same tasks from .txt, .docx, .xlsx,
.html and .pdf: the unit columns are found by their cells, merged cells are inherited."""

import pytest

from documents.parsing import parse_bytes

from . import builders
from .plans import REGION_EXPECTED, REGION_HEAD, REGION_HEADER, REGION_ROWS, region_text

FOOT = "南溪市人民政府办公室 2026年4月1日印发"
FILES = {
    "docx": ("任务表.docx", lambda: builders.docx_table(REGION_HEAD, REGION_HEADER, REGION_ROWS, FOOT)),
    "xlsx": ("任务表.xlsx", lambda: builders.xlsx_table(REGION_HEAD, REGION_HEADER, REGION_ROWS)),
    "html": ("任务表.html", lambda: builders.html_table(REGION_HEAD, REGION_HEADER, REGION_ROWS)),
    "pdf": ("任务表.pdf", lambda: builders.pdf_table(REGION_HEAD, REGION_HEADER, REGION_ROWS, FOOT)),
}


def _tasks(doc) -> list[tuple]:
    return [(t.number, t.text_start, t.lead, t.co, t.deadline_kind, t.deadline_value) for t in doc.tasks]


def _expected() -> list[tuple]:
    return [(n, start, lead, co, kind, value) for n, start, lead, co, kind, value in REGION_EXPECTED]


def test_the_text_gives_the_expected_tasks_and_sections():
    doc = parse_bytes(region_text().encode("gb18030"), "任务表.txt")
    got = _tasks(doc)
    assert [g[0] for g in got] == [e[0] for e in _expected()]
    for g, e in zip(got, _expected(), strict=True):
        assert g[1].startswith(e[1]) and g[2:] == e[2:], (g, e)
    assert [(s.number, s.title) for s in doc.plans[0].sections] == [("一", "提升办事便利度"), ("二", "强化诉求响应")]
    assert doc.doc_number == "南府办发〔2026〕9号"


@pytest.mark.parametrize("kind", sorted(FILES))
def test_each_format_gives_the_tasks_of_its_text(kind):
    filename, build = FILES[kind]
    from_file = _tasks(parse_bytes(build(), filename))
    from_text = _tasks(parse_bytes(region_text().encode(), "任务表.txt"))
    assert from_file == from_text
