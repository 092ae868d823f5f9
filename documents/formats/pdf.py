"""A PDF with a text layer (pdfplumber): text lines and ruled tables in reading order.

Tables found by their ruling lines are printed as TAB rows (see rows.py) and their words
are left out of the running text, so nothing is read twice. A PDF without any text (a scan)
is refused with a message saying how to convert it.
"""

from __future__ import annotations

import io

from documents.parsing.errors import ParseError

from .detect import PDF_BROKEN
from .pdf_fast import page_lines as fast_lines
from .pdf_fast import plain_pages
from .rows import rows_to_lines

SCANNED_MESSAGE = "该 PDF 没有文字层（可能是扫描件），请用 WPS/Word 另存为 .docx 或导出文本后上传"
ENCRYPTED_MESSAGE = "该 PDF 已加密，无法读取文字：请先解除密码保护，或用 WPS/Word 另存为 .docx 后上传"


def read_pdf(data: bytes) -> str:
    import pdfplumber  # imported lazily: it is heavy and most uploads are not PDFs
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFEncryptionError, PDFPasswordIncorrect) as exc:
        raise ParseError(ENCRYPTED_MESSAGE) from exc
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise ParseError(PDF_BROKEN) from exc
    lines: list[str] = []
    chars = 0
    plain = plain_pages(data) or []  # pages without graphics, read fast by pdfium (pdf_fast.py)
    try:
        with pdf:
            for number, page in enumerate(pdf.pages):
                if number < len(plain) and plain[number] is not None:
                    lines.extend(fast_lines(plain[number]))
                    chars += len(plain[number].strip())
                    continue
                page_lines, page_chars = _page_lines(page)
                lines.extend(page_lines)
                chars += page_chars
                page.flush_cache()  # keep memory flat on long plans
    except ParseError:
        raise
    except Exception as exc:
        raise ParseError(PDF_BROKEN) from exc
    if not chars or not "".join(lines).strip():
        raise ParseError(SCANNED_MESSAGE)
    return "\n".join(lines)


def _page_lines(page) -> tuple[list[str], int]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    chars = len(page.chars)

    def outside(obj) -> bool:
        mid_x, mid_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= mid_x <= x1 and top <= mid_y <= bottom for x0, top, x1, bottom in boxes)

    # Each block is (top, lines): text lines and whole tables, sorted by where they start.
    blocks: list[tuple[float, list[str]]] = []
    text_page = page.filter(outside) if boxes else page
    for line in text_page.extract_text_lines(layout=False, strip=True, return_chars=False):
        if line["text"].strip():
            blocks.append((line["top"], [line["text"].strip()]))
    for table in tables:
        rows = [[_cell(c) for c in row] for row in table.extract()]
        blocks.append((table.bbox[1], rows_to_lines(rows)))
    blocks.sort(key=lambda block: block[0])
    return [line for _, block in blocks for line in block], chars


def _cell(value: str | None) -> str | None:
    if value is None:
        return None  # covered by a merged cell
    return "".join(part.strip() for part in value.splitlines())
