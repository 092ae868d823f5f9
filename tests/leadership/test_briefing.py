"""The 通报 .docx: opens in python-docx with its sections and tables, fonts in its XML, live data only, replaceable."""

import datetime
import io
import zipfile

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from leadership.admin import BriefingTemplateForm
from leadership.briefing import chinese_number
from leadership.models import BriefingTemplate
from tasks.choices import TaskStatus
from tests import factories

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SECTIONS = ["一、总体情况", "二、完成情况", "三、逾期及滞后任务", "四、下步工作"]


@pytest.fixture
def live(agency_a, agency_b):
    today = timezone.localdate()
    late = factories.task_with(lead=[agency_a], deadline=today - datetime.timedelta(days=5), number="3",
                               text="清理规范涉企收费 <重点> & 中介服务")
    factories.task_with(lead=[agency_b], deadline=today - datetime.timedelta(days=40), number="7")
    factories.task_with(lead=[agency_b], deadline=today + datetime.timedelta(days=60), number="8",
                        status=TaskStatus.SIGNED_OFF, signed_off_at=timezone.now())
    factories.ReportFactory(task=late, agency=agency_a, period=today.replace(day=1),
                            next_steps="十月底前完成收费目录清单公示")
    return late


def _docx(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_sections_tables_and_live_data(client, office_user, live):
    client.force_login(office_user)
    since = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    document = docx.Document(io.BytesIO(_docx(client.get("/api/briefing.docx", {"since": since}))))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0][0] == "Title" and paragraphs[0][1].startswith("关于") and "通报" in paragraphs[0][1]
    assert [text for style, text in paragraphs if style == "Heading 1"] == SECTIONS
    # Level 2: one heading per lead agency with overdue tasks, most overdue first (B has one, A one: by name).
    assert [text for style, text in paragraphs if style == "Heading 2"] == ["（一）省司法厅", "（二）省政务局"]
    overview = paragraphs[SECTIONS_INDEX(paragraphs, "一、总体情况") + 1][1]
    assert "重点任务共3项，已销号1项" in overview and "逾期未完成2项" in overview
    league, *per_agency = document.tables
    assert [c.text for c in league.rows[0].cells] == ["牵头单位", "牵头任务", "已销号", "逾期", "按时完成率"]
    assert sorted(tuple(c.text for c in r.cells[:4]) for r in league.rows[1:]) == [
        ("省司法厅", "2", "1", "1"), ("省政务局", "1", "0", "1")]
    assert len(per_agency) == 2
    a_rows = [[c.text for c in r.cells] for r in per_agency[1].rows[1:]]
    assert a_rows == [[live.document.doc_number, "3", "清理规范涉企收费 <重点> & 中介服务",
                       f"{live.deadline.year}年{live.deadline.month}月{live.deadline.day}日", "5"]]
    last = paragraphs[SECTIONS_INDEX(paragraphs, "四、下步工作") + 1:]
    assert last == [("Normal", f"省政务局（{live.document.doc_number}第3项）：十月底前完成收费目录清单公示")]


def SECTIONS_INDEX(paragraphs, text):  # noqa: N802 (reads as a lookup in the asserts above)
    return [t for _s, t in paragraphs].index(text)


def test_without_reported_next_steps_the_heading_stays_empty(client, leader_user, agency_a):
    factories.task_with(lead=[agency_a], deadline=timezone.localdate() + datetime.timedelta(days=30))
    client.force_login(leader_user)
    document = docx.Document(io.BytesIO(_docx(client.get("/api/briefing.docx"))))
    texts = [p.text for p in document.paragraphs]
    assert texts[-1] == "四、下步工作"
    assert len(document.tables) == 1  # no overdue task: no per-agency tables


def _style_fonts(styles_xml: bytes) -> dict[str, tuple[str, str]]:
    from lxml import etree

    root = etree.fromstring(styles_xml)
    out = {}
    for style in root.iter(f"{W}style"):
        name = style.find(f"{W}name").get(f"{W}val")
        fonts, size = style.find(f"{W}rPr/{W}rFonts"), style.find(f"{W}rPr/{W}sz")
        if fonts is not None and size is not None:
            # A theme font would win over the named one in Word: the styles used must not have one.
            theme = fonts.get(f"{W}eastAsiaTheme") or fonts.get(f"{W}asciiTheme")
            out[name] = (fonts.get(f"{W}eastAsia"), size.get(f"{W}val")) if theme is None else ("theme", theme)
    return out


def test_fonts_sizes_page_and_page_numbers_in_the_xml(client, office_user, live):
    client.force_login(office_user)
    package = zipfile.ZipFile(io.BytesIO(_docx(client.get("/api/briefing.docx"))))
    fonts = _style_fonts(package.read("word/styles.xml"))
    # Sizes in half-points: 2号 = 22 pt = 44, 3号 = 16 pt = 32.
    assert fonts["Title"] == ("方正小标宋简体", "44")
    assert fonts["Normal"] == ("仿宋_GB2312", "32")
    assert fonts["heading 1"] == ("黑体", "32") and fonts["heading 2"] == ("楷体_GB2312", "32")
    document_xml = package.read("word/document.xml").decode()
    assert 'w:w="11906"' in document_xml and 'w:h="16838"' in document_xml  # A4 in twentieths of a point
    footer = next(package.read(n).decode() for n in package.namelist() if n.startswith("word/footer"))
    assert "PAGE" in footer and "— " in footer


def test_only_office_and_leadership_and_a_good_date(client, liaison_a, office_user, live):
    client.force_login(liaison_a)
    response = client.get("/api/briefing.docx")
    assert response.status_code == 403 and response.json()["detail"] == "通报只能由督查室或领导生成。"
    client.logout()
    assert client.get("/api/briefing.docx").status_code == 401
    client.force_login(office_user)
    response = client.get("/api/briefing.docx", {"since": "2021-02-30"})
    assert response.status_code == 400 and "起始日期" in response.json()["errors"]["since"][0]


def _template_with(*texts) -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    document.save(out)
    return out.getvalue()


def test_an_uploaded_template_replaces_the_built_in_one(client, office_user, live, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = BriefingTemplate(name="本办模板")
    upload.file.save("t.docx", ContentFile(_template_with("督查通报", "{{ overview }}")), save=True)
    client.force_login(office_user)
    texts = [p.text for p in docx.Document(io.BytesIO(_docx(client.get("/api/briefing.docx")))).paragraphs]
    assert texts[0] == "督查通报" and texts[1].startswith("截至")
    BriefingTemplate.objects.update(is_active=False)
    texts = [p.text for p in docx.Document(io.BytesIO(_docx(client.get("/api/briefing.docx")))).paragraphs]
    assert texts[2] == "一、总体情况"


def test_a_broken_template_is_refused_on_upload(db):
    broken = SimpleUploadedFile("t.docx", _template_with("{{ title "))
    form = BriefingTemplateForm(data={"name": "坏模板", "is_active": True}, files={"file": broken})
    assert not form.is_valid() and form.errors["file"][0].startswith("模板无法使用")
    good = SimpleUploadedFile("t.docx", _template_with("{{ title }}"))
    assert BriefingTemplateForm(data={"name": "好模板", "is_active": True}, files={"file": good}).is_valid()
    not_docx = SimpleUploadedFile("t.txt", b"{{ title }}")
    form = BriefingTemplateForm(data={"name": "x", "is_active": True}, files={"file": not_docx})
    assert form.errors["file"] == ["通报模板须为 .docx 文件。"]


def test_chinese_numbers():
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 23, 99)] == ["一", "九", "十", "十一", "二十", "二十三", "九十九"]


def test_tables_fit_the_text_width_and_repeat_their_header_and_pages_alternate(client, office_user, live):
    # What the rendered page showed wrong before: equal columns (the task text in a fifth of the width),
    # a header row only on the first page, page numbers always centred.
    client.force_login(office_user)
    content = _docx(client.get("/api/briefing.docx"))
    package, document = zipfile.ZipFile(io.BytesIO(content)), docx.Document(io.BytesIO(content))
    text_width = document.sections[0].page_width - document.sections[0].left_margin - document.sections[0].right_margin
    league, overdue = document.tables[0], document.tables[1]
    for table in (league, overdue):
        widths = [int(col.get(f"{W}w")) for col in table._tbl.tblGrid.iter(f"{W}gridCol")]
        assert abs(sum(widths) * 635 - text_width) < 635 * len(widths)  # twips → EMU, rounding per column
        assert table._tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
        assert table.rows[1]._tr.trPr is None or table.rows[1]._tr.trPr.find(f"{W}tblHeader") is None
    task_column = [int(c.get(f"{W}w")) for c in overdue._tbl.tblGrid.iter(f"{W}gridCol")][2]
    assert task_column == max(int(c.get(f"{W}w")) for c in overdue._tbl.tblGrid.iter(f"{W}gridCol"))
    assert "<w:evenAndOddHeaders" in package.read("word/settings.xml").decode()
    footers = [package.read(n).decode() for n in package.namelist() if n.startswith("word/footer")]
    assert len(footers) == 2 and all("PAGE" in f for f in footers)
    assert sorted('<w:jc w:val="right"/>' in f for f in footers) == [False, True]  # odd pages: right
    assert sorted('<w:jc w:val="left"/>' in f for f in footers) == [False, True]  # even pages: left
    title = document.paragraphs[0]
    assert title.text.endswith("以来\n重点任务推进情况的通报")  # broken where the meaning breaks
