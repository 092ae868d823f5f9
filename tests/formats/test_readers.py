"""Each real format imports to the same tasks as its .txt text, through document_preview."""

import pytest

from documents.formats import read_upload
from importing.services import document_preview

from .conftest import GOOD_FILES, TEXTS
from .plans import PROSE_EXPECTED, TABLE_EXPECTED, TABLE_HEAD, table_as_text_rows

pytestmark = pytest.mark.django_db
EXPECTED = {"prose": PROSE_EXPECTED, "table": TABLE_EXPECTED}


def tasks_of(preview) -> list[tuple]:
    """(number, text start, lead, co, deadline) of every previewed task, as printed."""
    return [
        (row.task.number, row.task.text, [r.name for r in row.lead], [r.name for r in row.co if not r.is_global],
         str(row.task.deadline))
        for row in preview.rows
    ]


def assert_expected(tasks: list[tuple], expected: list[tuple]) -> None:
    assert len(tasks) == len(expected)
    for (number, text, lead, co, deadline), (e_number, e_start, e_lead, e_co, e_deadline) in zip(
        tasks, expected, strict=True
    ):
        assert (number, lead, co, deadline) == (e_number, e_lead, e_co, e_deadline)
        assert text.startswith(e_start), text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le"])
@pytest.mark.parametrize("plan", ["prose", "table"])
def test_txt_in_every_encoding_gives_the_plan(agencies, plan, encoding):
    preview = document_preview(data=TEXTS[plan]().encode(encoding), filename="方案.txt")
    assert_expected(tasks_of(preview), EXPECTED[plan])


@pytest.mark.parametrize(("case", "filename", "build", "plan"), GOOD_FILES, ids=[g[0] for g in GOOD_FILES])
def test_each_format_gives_the_same_tasks_as_its_text(agencies, built, case, filename, build, plan):
    preview = document_preview(data=built[case], filename=filename)
    tasks = tasks_of(preview)
    if case == "xlsx_table":  # a workbook holds the table and its title, not the notice
        text = "\n".join([TABLE_HEAD[-1], *table_as_text_rows()])
    else:
        text = TEXTS[plan]()
    from_text = document_preview(data=text.encode(), filename="方案.txt")
    assert tasks == tasks_of(from_text)
    assert_expected(tasks, EXPECTED[plan])
    assert preview.parsed.title == from_text.parsed.title
    assert preview.parsed.doc_number == from_text.parsed.doc_number
    # The stored 原文 is the text read from the file, tables as TAB rows.
    assert "市数据资源中心" in preview.original_text or "区司法局" in preview.original_text


def test_word_table_rows_are_tab_lines_with_the_merged_cell_repeated(built):
    lines = read_upload(built["docx_table"], "分工表.docx").split("\n")
    assert "序号\t重点任务\t牵头单位\t责任单位\t完成时限" in lines
    assert "二、深化数据共享" in lines  # the group row merged across the table, printed alone
    task4 = next(line for line in lines if line.startswith("4\t"))
    assert task4.split("\t")[2] == "市数据资源中心"  # vertically merged with task 3's cell


def test_pdf_table_is_not_read_twice(built):
    text = read_upload(built["pdf_table"], "分工表.pdf")
    assert text.count("编制公共数据资源目录") == 1
    assert text.count("市数据资源中心") == 2  # task 3 and, through the merge, task 4


def test_html_keeps_the_plan_and_drops_the_portal(built):
    for case in ("html_prose", "html_table"):
        text = read_upload(built[case], "page.html")
        for chrome in ("首页", "当前位置", "打印本页", "关闭窗口", "相关文章", "网站标识码", "网站统计代码",
                       "分享到微信", "门户网站", "font-size"):
            assert chrome not in text, (case, chrome)
    assert "临府办发〔2026〕12号" in read_upload(built["html_prose"], "page.html")  # GB2312 decoded


def test_html_charset_is_taken_from_the_bytes_when_meta_is_missing():
    page = "<html><body><p>关于开展测试工作的通知</p><p>1.推进测试。（牵头单位：区测试局）</p></body></html>"
    for encoding in ("utf-8", "gb18030"):
        assert "1.推进测试。（牵头单位：区测试局）" in read_upload(page.encode(encoding), "x.htm")


def test_bytes_decide_over_the_extension(built):
    """A saved web page named .doc (Word's 'save as web page') and a .docx named .txt are read."""
    page_as_doc = read_upload(built["html_prose"], "方案.doc")
    assert "区政务服务中心" in page_as_doc
    docx_as_txt = read_upload(built["docx_prose"], "方案.txt")
    assert docx_as_txt == read_upload(built["docx_prose"], "方案.docx")


def test_excel_numbers_and_dates_read_as_printed():
    import datetime as dt
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["序号", "工作任务", "牵头单位", "完成时限"])
    book.active.append([1.0, "推进测试", "区测试局\n区测试中心", dt.datetime(2026, 6, 30)])
    buffer = io.BytesIO()
    book.save(buffer)
    lines = read_upload(buffer.getvalue(), "x.xlsx").split("\n")
    assert lines[1] == "1\t推进测试\t区测试局、区测试中心\t2026年6月30日"


def test_pages_without_graphics_are_read_by_pdfium_and_ruled_tables_by_pdfplumber():
    from documents.formats.pdf_fast import plain_pages

    from .builders import pdf_prose, pdf_table

    prose = plain_pages(pdf_prose())
    assert prose and all(text is not None and text.strip() for text in prose)
    assert plain_pages(pdf_table())[0] is None  # ruling lines: left to pdfplumber's table finder
    assert plain_pages(b"%PDF-1.4 not really a pdf") is None
