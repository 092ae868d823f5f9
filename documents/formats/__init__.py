"""Uploaded file → the plan's text, whatever the office saved it as; pure Python, no Django.

`read_upload(data, filename)` returns the text the parser reads, each table row on one line
with TAB-separated cells (the convention of parsing.normalize.read_docx). It refuses, with a
Chinese message saying how to convert: oversize and empty files, zip bombs (checked from the
zip directory before any XML is parsed), scanned PDFs, .doc, .wps, .et, .ofd and images.
The reading runs in a forked child bounded in memory and time (sandbox.run_limited).

Readers: .txt (UTF-8, GBK/GB18030, UTF-16), .docx with tables, .pdf with a text layer
(pdfplumber), .html saved from a government site (beautifulsoup4 + lxml), .xlsx 分工表.
"""

from __future__ import annotations

import hashlib
import importlib
from collections import OrderedDict
from collections.abc import Callable

from documents.parsing.errors import ParseError
from documents.parsing.normalize import decode_bytes, read_docx

from .detect import DOCX, HTML, PDF, TXT, XLSX, detect_kind
from .limits import MAX_UPLOAD_BYTES
from .sandbox import run_limited

__all__ = ["check_upload", "read_upload", "read_upload_inline", "run_limited"]


def _read_html(data: bytes) -> str:
    from .html import read_html

    return read_html(data)


def _read_pdf(data: bytes) -> str:
    from .pdf import read_pdf

    return read_pdf(data)


def _read_xlsx(data: bytes) -> str:
    from .xlsx import read_xlsx

    return read_xlsx(data)


READERS: dict[str, Callable[[bytes], str]] = {
    TXT: decode_bytes, DOCX: read_docx, PDF: _read_pdf, HTML: _read_html, XLSX: _read_xlsx,
}
# Imported in the parent before forking, so each child finds them loaded instead of
# importing them again at every upload.
_WARM = {DOCX: ("docx",), PDF: ("pdfplumber", "documents.formats.pdf"),
         HTML: ("bs4", "lxml", "documents.formats.html"), XLSX: ("openpyxl", "documents.formats.xlsx")}

# The pages read one upload several times (upload, preview, confirm; parse and 原文):
# the last few texts are kept by content hash so a PDF is not read again each time.
_CACHE: OrderedDict[str, str] = OrderedDict()
_CACHE_SIZE = 4


def check_upload(data: bytes, filename: str) -> str:
    """The reader kind for an upload; refuses oversize, empty, unreadable and bomb files."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ParseError(f"文件超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB 上限")
    if not data.strip():
        raise ParseError("文件为空")
    return detect_kind(data, filename)


def read_upload_inline(data: bytes, filename: str) -> str:
    """read_upload in this process, without the child's bounds (tests, trusted files)."""
    return READERS[check_upload(data, filename)](data)


def read_upload(data: bytes, filename: str) -> str:
    """The plan's text of an uploaded file; raises ParseError with a Chinese message."""
    kind = check_upload(data, filename)  # cheap and in-process: a bomb never reaches a child
    key = f"{kind}:{hashlib.sha256(data).hexdigest()}"
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    if kind == TXT:
        text = decode_bytes(data)  # linear in at most 5 MB: no child needed to bound it
    else:
        for module in _WARM.get(kind, ()):
            importlib.import_module(module)
        text = run_limited(READERS[kind], data)
    if not text.strip():
        raise ParseError("文件为空")
    _CACHE[key] = text
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return text
