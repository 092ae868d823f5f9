"""Real files of every format, built from the plans in plans.py with the libraries offices'
tools write them with (python-docx, openpyxl, fpdf2 with a system CJK font, HTML by hand)."""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path

from .plans import PROSE_LINES, TABLE_HEAD, TABLE_HEADER, TABLE_ROWS

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


# --- .docx ---------------------------------------------------------------------------------
def docx_prose() -> bytes:
    import docx

    document = docx.Document()
    for line in PROSE_LINES:
        document.add_paragraph(line)
    return _save_docx(document)


def docx_table(head=TABLE_HEAD, header=TABLE_HEADER, rows=TABLE_ROWS, foot="江城市人民政府办公室 2026年3月5日印发") -> bytes:
    """Notice paragraphs, then a real Word table: group rows merged across the table and the
    牵头单位 of tasks 3 and 4 merged vertically (Word stores the text once, in the top cell)."""
    import docx

    document = docx.Document()
    for line in head:
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for col, name in enumerate(header):
        table.cell(0, col).text = name
    for r, row in enumerate(rows, start=1):
        if row[1] is None:  # a group row
            merged = table.cell(r, 0).merge(table.cell(r, len(header) - 1))
            merged.text = row[0]
            continue
        for col, cell in enumerate(row):
            if cell is None:
                table.cell(r - 1, col).merge(table.cell(r, col))
            else:
                table.cell(r, col).text = cell
    document.add_paragraph(foot)
    return _save_docx(document)


def _save_docx(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- .pdf ----------------------------------------------------------------------------------
def _pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("wqy", "", str(CJK_FONT))
    pdf.set_font("wqy", size=11)
    pdf.add_page()
    return pdf


def pdf_prose() -> bytes:
    """Long paragraphs wrap over several lines and the plan runs onto a second page."""
    pdf = _pdf()
    for index, line in enumerate(PROSE_LINES):
        if index == len(PROSE_LINES) - 3:
            pdf.add_page()
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def pdf_table(head=TABLE_HEAD, header=TABLE_HEADER, rows=TABLE_ROWS, foot="江城市人民政府办公室 2026年3月5日印发") -> bytes:
    from fpdf.fonts import FontFace

    pdf = _pdf()
    for line in head:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    widths = (12, 78, 30, 40, 30)
    with pdf.table(col_widths=widths, headings_style=FontFace(emphasis=None), line_height=6) as table:
        heading = table.row()
        for name in header:
            heading.cell(name)
        for r, row in enumerate(rows):
            cells = table.row()
            if row[1] is None:
                cells.cell(row[0], colspan=len(header))
                continue
            for col, cell in enumerate(row):
                if cell is None:
                    continue  # covered by the rowspan of the cell above
                below = rows[r + 1] if r + 1 < len(rows) else None
                span = 2 if below and below[1] is not None and below[col] is None else 1
                cells.cell(cell, rowspan=span)
    pdf.multi_cell(0, 7, foot, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def pdf_scanned() -> bytes:
    """What a scanner makes: a page that is one picture, no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(image)
    for y in range(60, 760, 24):
        draw.line((50, y, 550, y), fill=0, width=3)  # lines where the text would be
    png = io.BytesIO()
    image.save(png, format="PNG")
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(io.BytesIO(png.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())


def png_image() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


# --- .html ---------------------------------------------------------------------------------
_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_政府信息公开</title>
<style>body {{ font-size: 16px; }} .nav li {{ display: inline; }}</style>
<script>var _hmt = _hmt || []; document.write("网站统计代码 1.推进统计（牵头单位：统计局）");</script>
</head><body>
<header><div class="logo">江城市人民政府门户网站</div><div>无障碍 | 长者模式</div></header>
<nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">1.政务公开</a></li>
<li><a href="/bsfw/">2.办事服务</a></li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 政府文件</div>
<div class="content"><div id="zoom">
{body}
</div>
<div class="toolbar">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>
<aside><h3>相关文章</h3><ul><li>1.关于开展数字政府评估的通知（牵头单位：市大数据局）</li></ul></aside>
<footer><p>主办单位：江城市人民政府办公室</p><p>网站标识码：1234000001 备案号：京ICP备00000000号</p></footer>
<script type="text/javascript">console.log("3.分享到微信");</script>
</body></html>
"""


def _page(body: str, title: str, charset: str) -> bytes:
    return _PAGE.format(body=body, title=html.escape(title), charset=charset).encode(
        "gb18030" if charset.lower() in ("gb2312", "gbk", "gb18030") else charset)


def html_prose() -> bytes:
    """A GB2312 page as gov portals still serve them: paragraphs in <p>, the 文号 in a <div>."""
    body = "\n".join(f"<p style=\"text-indent:2em\">{html.escape(line)}</p>" for line in PROSE_LINES)
    return _page(body, PROSE_LINES[0], "gb2312")


def html_table(head=TABLE_HEAD, header=TABLE_HEADER, rows=TABLE_ROWS) -> bytes:
    """A UTF-8 page with the 分工表 as a <table>: colspan group rows, rowspan merged lead."""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in head)
    trs = ["<tr>" + "".join(f"<th>{name}</th>" for name in header) + "</tr>"]
    for r, row in enumerate(rows):
        if row[1] is None:
            trs.append(f'<tr><td colspan="{len(header)}"><strong>{html.escape(row[0])}</strong></td></tr>')
            continue
        cells = []
        for col, cell in enumerate(row):
            if cell is None:
                continue
            below = rows[r + 1] if r + 1 < len(rows) else None
            span = ' rowspan="2"' if below and below[1] is not None and below[col] is None else ""
            # Units listed one per line, as offices type them in a cell.
            text = "<br>".join(html.escape(part) for part in cell.split("、")) if col == 3 else html.escape(cell)
            cells.append(f"<td{span}><p>{text}</p></td>")
        trs.append("<tr>" + "".join(cells) + "</tr>")
    table = '<table border="1"><thead>' + trs[0] + "</thead><tbody>" + "".join(trs[1:]) + "</tbody></table>"
    return _page(paragraphs + "\n" + table, head[0], "utf-8")


# --- .xlsx ---------------------------------------------------------------------------------
def xlsx_table(head=TABLE_HEAD, header=TABLE_HEADER, rows=TABLE_ROWS) -> bytes:
    """A 分工表 workbook: a title row merged across, the header, group rows merged across,
    the 牵头单位 of tasks 3 and 4 merged vertically, the serial numbers stored as numbers."""
    import openpyxl


    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "分工表"
    width = len(header)
    sheet.append([head[-1]])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(header)
    for row in rows:
        if row[1] is None:
            sheet.append([row[0]])
            r = sheet.max_row
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            continue
        values = [int(row[0]), *("" if c is None else c for c in row[1:])]
        sheet.append(values)
        r = sheet.max_row
        for col, cell in enumerate(row, start=1):
            if cell is None:
                sheet.merge_cells(start_row=r - 1, start_column=col, end_row=r, end_column=col)
    empty = book.create_sheet("说明")  # an empty second sheet adds nothing
    del empty
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- bad files -----------------------------------------------------------------------------
def docx_bomb(inflated_mb: int = 200) -> bytes:
    """A real .docx whose document.xml inflates to `inflated_mb` MB of zeros (about 1,000:1),
    written in 1 MB chunks so the test itself never holds it in memory."""
    base = zipfile.ZipFile(io.BytesIO(docx_prose()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in base.infolist():
            if info.filename == "word/document.xml":
                with out.open("word/document.xml", "w", force_zip64=True) as member:
                    chunk = b"\x00" * (1024 * 1024)
                    for _ in range(inflated_mb):
                        member.write(chunk)
            else:
                out.writestr(info, base.read(info))
    return buffer.getvalue()


def zip_with_members(count: int, suffix_member: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr(suffix_member, "<w:document/>")
        for i in range(count):
            out.writestr(f"word/media/p{i}.xml", "x")
    return buffer.getvalue()


def ofd_file() -> bytes:
    """An OFD (GB/T 33190) package: a zip with OFD.xml at its root."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("OFD.xml", '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>')
        out.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return buffer.getvalue()


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" + bytes(486)
