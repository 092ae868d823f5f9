"""Builds the built-in 通报 template (fixtures/briefing_template.docx) in GB/T 9704 layout.

`python manage.py build_briefing_template` writes it; the office may replace it by uploading its own
.docx (admin → 通报模板) that uses the same placeholders (docxtpl/Jinja: the keys of briefing_context, listed in SAMPLE_CONTEXT in briefing.py).
Layout: A4, margins 37/35/28/26 mm, 22 lines of 28 pt; title 小标宋 2号 (22 pt), body 仿宋_GB2312 3号
(16 pt), level-1 headings 黑体, level-2 headings 楷体_GB2312, page numbers “— 1 —” in 4号 宋体 in the footer,
7 mm below the text block, odd pages on the right and even pages on the left, one character in (GB/T 9704 7.5).
Tables: fixed column widths that add up to the 156 mm text width (the task's text gets the room; equal columns
wrapped a task over several pages), the header row repeated on every page.
"""

from pathlib import Path

from django.conf import settings
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TEMPLATE_PATH = Path(settings.BASE_DIR) / "fixtures" / "briefing_template.docx"
TITLE_FONT, BODY_FONT, H1_FONT, H2_FONT, PAGE_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
TITLE_PT, BODY_PT, TABLE_PT, PAGE_PT = 22, 16, 12, 14
TEXT_WIDTH_MM = 210 - 28 - 26
TEXT_COLUMNS = {"a in agencies": (0,), "t in group.tasks": (0, 2)}  # left-aligned: names and the task's text


def set_font(target, name: str, size_pt: float, *, bold: bool = False) -> None:
    """Font of a style or run, East Asian name included; theme fonts removed (they would win in Word)."""
    font = target.font
    font.name, font.size, font.bold = name, Pt(size_pt), bold
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT, BODY_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(BODY_PT * 2)
    for style_name, font_name, size in (("Title", TITLE_FONT, TITLE_PT), ("Heading 1", H1_FONT, BODY_PT),
                                        ("Heading 2", H2_FONT, BODY_PT)):
        style = doc.styles[style_name]
        set_font(style, font_name, size)
        style.paragraph_format.first_line_indent = Pt(0) if style_name == "Title" else Pt(BODY_PT * 2)
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        style.paragraph_format.line_spacing = Pt(36 if style_name == "Title" else 28)
        # Title's bottom border of the default template is not in GB/T 9704.
        for border in style.element.findall(".//" + qn("w:pBdr")):
            border.getparent().remove(border)
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # The number's line (4号, about 5 mm) starts 7 mm below the text block.
    section.footer_distance = Mm(35 - 7 - 5)
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, alignment, indent in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
                                      (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent")):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        paragraph.paragraph_format.first_line_indent = Pt(0)
        setattr(paragraph.paragraph_format, indent, Pt(PAGE_PT))  # 空一字
        for text, field in (("— ", None), (None, "PAGE"), (" —", None)):
            run = paragraph.add_run(text or "")
            set_font(run, PAGE_FONT, PAGE_PT)
            if field:
                _field(run, field)


def _field(run, instruction: str) -> None:
    for tag, attrs in (("w:fldChar", {"w:fldCharType": "begin"}), ("w:instrText", None),
                       ("w:fldChar", {"w:fldCharType": "end"})):
        element = OxmlElement(tag)
        if attrs:
            for key, value in attrs.items():
                element.set(qn(key), value)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        run._r.append(element)


def _paragraph(doc, text: str, style: str = "Normal", *, center: bool = False):
    paragraph = doc.add_paragraph(text, style=style)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Pt(0)
    return paragraph


def _table(doc, headers: list[str], loop: str, cells: list[str], widths_mm: list[int]) -> None:
    """A header row (repeated on each page), then a row repeated by docxtpl's {%tr for %} (tag rows are dropped
    when rendered). Column widths are fixed: Word and LibreOffice would otherwise share the width equally."""
    assert sum(widths_mm) == TEXT_WIDTH_MM, widths_mm
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    # 1 mm cell padding left and right instead of Word's 1.9 mm: a date “2021年12月31日” keeps to one line.
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(56.7)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.append(margins)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    rows = table.rows
    header = rows[0]._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        header.append(OxmlElement(tag))
    tag_row = [""] * (len(headers) - 1)
    for number, texts in enumerate((headers, [f"{{%tr for {loop} %}}", *tag_row], cells, ["{%tr endfor %}", *tag_row])):
        is_header = number == 0
        for index, (cell, text) in enumerate(zip(rows[number].cells, texts, strict=True)):
            cell.width = Mm(widths_mm[index])
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            # Names and texts read from the left; headers and figures are centred.
            if is_header or index not in TEXT_COLUMNS.get(loop, ()):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            set_font(run, H1_FONT if is_header else BODY_FONT, TABLE_PT)


def build_template(path: Path = TEMPLATE_PATH) -> Path:
    doc = Document()
    _styles(doc)
    _page(doc)
    # Two lines broken where the meaning breaks (GB/T 9704 7.3.1), not wherever the 22 pt line is full.
    title = _paragraph(doc, "{{ title_top }}", "Title")
    title.runs[0].add_break()
    title.add_run("{{ title_bottom }}")
    _paragraph(doc, "{{ date_line }}", center=True)
    _paragraph(doc, "一、总体情况", "Heading 1")
    _paragraph(doc, "{{ overview }}")
    _paragraph(doc, "二、完成情况", "Heading 1")
    _paragraph(doc, "{{ completion }}")
    _table(doc, ["牵头单位", "牵头任务", "已销号", "逾期", "按时完成率"], "a in agencies",
           ["{{ a.name }}", "{{ a.total }}", "{{ a.signed_off }}", "{{ a.overdue }}", "{{ a.on_time_rate }}"],
           [56, 25, 25, 25, 25])
    _paragraph(doc, "三、逾期及滞后任务", "Heading 1")
    _paragraph(doc, "{{ overdue_summary }}")
    _paragraph(doc, "{%p for group in overdue_by_agency %}")
    _paragraph(doc, "（{{ group.order }}）{{ group.name }}", "Heading 2")
    _table(doc, ["文件", "编号", "任务内容", "完成时限", "逾期天数"], "t in group.tasks",
           ["{{ t.document }}", "{{ t.number }}", "{{ t.text }}", "{{ t.deadline }}", "{{ t.overdue_days }}"],
           [26, 14, 56, 38, 22])
    _paragraph(doc, "{%p endfor %}")
    _paragraph(doc, "四、下步工作", "Heading 1")
    _paragraph(doc, "{%p for step in next_steps %}")
    _paragraph(doc, "{{ step.agency }}（{{ step.task }}）：{{ step.text }}")
    _paragraph(doc, "{%p endfor %}")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path
