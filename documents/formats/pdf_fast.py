"""The text of PDF pages without vector graphics, read by pdfium (pypdfium2, a pdfplumber dependency).

pdfplumber builds a Python object per character: about 0.2–0.4 s a page, 20 s and more for a
100-page plan. pdfium reads the same text layer in C in a few milliseconds a page. A page
holding any path object (ruling lines, boxes: a possible table) is left to pdfplumber, which
finds tables by their lines; so is every page when pdfium cannot open the file (encrypted,
broken), and pdfplumber gives its own Chinese message.
"""

from __future__ import annotations


def plain_pages(data: bytes) -> list[str | None] | None:
    """Per page: its text lines joined by newlines, or None for a page with graphics.

    None (for the whole file) when pdfium cannot read it."""
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_raw
    except ImportError:  # pragma: no cover - installed with pdfplumber
        return None
    try:
        document = pdfium.PdfDocument(data)
    except Exception:  # pdfium raises PdfiumError for encrypted and broken files alike
        return None
    out: list[str | None] = []
    try:
        for page in document:
            try:
                drawn = any(o.type == pdfium_raw.FPDF_PAGEOBJ_PATH for o in page.get_objects())
                if drawn:
                    out.append(None)
                    continue
                text_page = page.get_textpage()
                try:
                    out.append(text_page.get_text_bounded())
                finally:
                    text_page.close()
            finally:
                page.close()
    except Exception:
        return None
    finally:
        document.close()
    return out


def page_lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]
