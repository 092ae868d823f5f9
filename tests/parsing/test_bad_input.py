import io
import os
from pathlib import Path

import pytest

from documents.parsing import MAX_UPLOAD_BYTES, ParseError, parse_bytes, parse_text, to_gold_dict

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
SEED_004 = FIXTURES / "004_1cdb50bc881d4218.txt"


def _error(data: bytes, filename: str = "x.txt") -> str:
    with pytest.raises(ParseError) as exc:
        parse_bytes(data, filename)
    return str(exc.value)


def test_empty():
    assert _error(b"") == "文件为空"


def test_whitespace_only():
    assert _error(b" \r\n\t\n  ") == "文件为空"
    assert _error("\u3000\n".encode()) == "文件为空"


def test_png_header_is_binary():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4
    assert "二进制" in _error(png)


def test_random_bytes_with_nuls_are_binary():
    data = os.urandom(3000) + b"\x00" * 50
    assert "二进制" in _error(data) or "编码" in _error(data)


def test_over_size():
    assert _error(b"a" * (MAX_UPLOAD_BYTES + 1)) == "文件超过 5 MB 上限"


def test_taskless_text():
    assert _error("关于做好春节期间值班工作的通知\n各单位要做好值班安排。".encode()) == "未识别到任何编号任务，请检查文件格式"


def test_parse_text_empty():
    with pytest.raises(ParseError, match="文件为空"):
        parse_text("   ")


def _summary(doc):
    d = to_gold_dict(doc)
    return [(t["number"], t["lead"], t["co"], t["deadline"]) for p in d["plans"] for t in p["tasks"]], d["doc_number"]


def test_gbk_and_utf16_variants_parse_like_utf8():
    text = SEED_004.read_text("utf-8")
    expected = _summary(parse_text(text))
    assert len(expected[0]) == 38
    assert _summary(parse_bytes(text.encode("gbk"), "a.txt")) == expected
    assert _summary(parse_bytes(text.encode("gb18030"), "a.txt")) == expected
    assert _summary(parse_bytes(text.encode("utf-16"), "a.txt")) == expected  # with BOM
    assert _summary(parse_bytes(text.encode("utf-16-le"), "a.txt")) == expected  # no BOM


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    for line in ["岳阳市人民政府办公室关于印发《岳阳市2022年政务公开工作要点》的通知", "岳政办函〔2022〕8号",
                 "岳阳市2022年政务公开工作要点", "一、深化政策公开"]:
        document.add_paragraph(line)
    document.add_paragraph("1．加强政策解读。围绕重点政策开展解读，2022年6月底前完成。（市政府办牵头，市直各单位按职责分工负责）")
    table = document.add_table(rows=3, cols=4)
    for row, cells in enumerate([("序号", "工作任务", "牵头单位", "完成时限"),
                                 ("1", "规范政府信息公开目录。", "市政务服务中心", "2022年9月底前"),
                                 ("2", "推进基层政务公开标准化。", "各县市区人民政府", "")]):
        for col, value in enumerate(cells):
            table.cell(row, col).text = value
    # a vertically merged deadline: the second data row shares the first row's cell
    table.cell(1, 3).merge(table.cell(2, 3))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_and_table_cells():
    doc = parse_bytes(_docx_bytes(), "plan.docx")
    assert doc.doc_number == "岳政办函〔2022〕8号"
    assert doc.title == "岳阳市2022年政务公开工作要点"
    tasks = doc.plans[0].tasks
    assert [(t.number, t.lead, t.deadline.isoformat()) for t in tasks] == [
        ("1", ["市政府办"], "2022-06-30"),
        ("1", ["市政务服务中心"], "2022-09-30"),
        ("2", ["各县市区人民政府"], "2022-09-30"),
    ]


def test_broken_docx():
    assert "Word" in _error(b"PK\x03\x04not really a zip", "plan.docx")


def test_truncated_seed_is_flagged():
    doc = parse_bytes((FIXTURES / "001_42f64c1cf6510d5a.txt").read_bytes())
    assert doc.truncated
    assert [p.truncated for p in doc.plans] == [True, True]
    assert doc.plans[1].tasks == []
    last = doc.plans[0].tasks[-1]
    assert (last.number, last.truncated, last.lead, last.co) == ("十四", True, [], [])


def test_annual_plan_infers_year_end():
    doc = parse_bytes((FIXTURES / "000_1290eb2504b71377.txt").read_bytes())
    task2 = doc.plans[0].tasks[1]
    assert task2.deadline is None and task2.deadline_inferred
    assert task2.effective_deadline.isoformat() == "2021-12-31"
    task1 = doc.plans[0].tasks[0]
    assert not task1.deadline_inferred and task1.effective_deadline.isoformat() == "2021-09-30"
