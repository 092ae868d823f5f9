"""Readings: the structure chosen on evidence, the runners-up kept, a reading forced by id."""

import pytest

from documents.parsing import ParseError, parse_bytes, parse_text

from .metrics import DATA

CORPUS = DATA / "corpus" / "docs"


def _doc(stem: str, reading=None):
    return parse_bytes((CORPUS / f"{stem}.txt").read_bytes(), f"{stem}.txt", reading=reading)


def test_attachment_table_beats_unclaused_prose():
    doc = _doc("08_jingan-urban-renewal-table")
    chosen = [r for r in doc.readings if r.chosen]
    assert [r.id for r in chosen] == ["table:1"] and chosen[0].task_count == 27
    assert any(r.id == "auto" and r.task_count == 6 for r in doc.readings)  # the prose stays on offer
    assert all(t.co for t in doc.tasks)  # merged 推进单位 cells are inherited by the rows below


def test_forced_reading_gives_its_tasks_and_a_loud_warning_without_units():
    doc = _doc("08_jingan-urban-renewal-table", reading="auto")
    assert [r.id for r in doc.readings if r.chosen] == ["auto"]
    assert len(doc.tasks) == 6
    assert any("均未标明责任单位" in w for w in doc.warnings)
    assert all("未找到责任单位条款" in t.doubts for t in doc.tasks)


def test_unknown_reading_is_refused():
    with pytest.raises(ParseError, match="未找到所选的识别方式"):
        _doc("08_jingan-urban-renewal-table", reading="table:9")


def test_arabic_items_across_sections_beat_their_headings():
    doc = _doc("06_guangzhou-633-talent")
    assert [r.id for r in doc.readings if r.chosen] == ["level:arabic"]
    assert [t.number for t in doc.tasks] == [str(n) for n in range(1, 46)]


def test_drafting_fragments_never_become_agencies():
    text = "关于推进工作的实施方案\n一、重点任务\n1.推进数据共享，完善平台功能。（牵头单位：市数据局、〕，配合单位：下同、市财政局）\n"
    doc = parse_text(text)
    task = doc.tasks[0]
    assert task.lead == ["市数据局"] and task.co == ["市财政局"]
    assert {"〕", "下同"} <= set(doc.not_understood)
    assert any(d.startswith("无法识别为单位") for d in task.doubts)
