"""Which reader an upload needs: magic bytes first, the file name's extension second.

An office renames files freely (a .doc that is really a web page, a .txt saved from Word),
so the bytes decide whenever they can. Formats the importer cannot read are refused here
with a message that says how to convert them, before anything is parsed.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from documents.parsing.errors import ParseError

from .zipguard import zip_members

TXT, DOCX, XLSX, PDF, HTML = "txt", "docx", "xlsx", "pdf", "html"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003, WPS, .et, .xls: all OLE2 compound files
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)\b",
                         re.I | re.S)

DOC_MESSAGE = "不支持旧版 Word（.doc）文件，请用 WPS/Word 另存为 .docx 或文本文件后上传"
WPS_MESSAGE = "不支持 WPS 文字（.wps）文件，请用 WPS 另存为 .docx 或文本文件后上传"
ET_MESSAGE = "不支持 WPS 表格（.et）文件，请用 WPS 另存为 .xlsx 后上传"
XLS_MESSAGE = "不支持旧版 Excel（.xls）文件，请用 WPS/Excel 另存为 .xlsx 后上传"
OFD_MESSAGE = "不支持 OFD 版式文件，请用 OFD 阅读器（如数科阅读器）或 WPS 导出为 PDF（带文字层）、.docx 或文本后上传"
ODF_MESSAGE = "不支持 OpenDocument（.odt/.ods）文件，请用 WPS/Word 另存为 .docx 或 .xlsx 后上传"
RTF_MESSAGE = "不支持 RTF 文件，请用 WPS/Word 另存为 .docx 或文本文件后上传"
IMAGE_MESSAGE = "该文件是图片等二进制文件，无法识别文字：请上传 .docx、文本或带文字层的 PDF（扫描件请先用 WPS/Word 转换为文字）"
WORD_BROKEN = "无法读取 Word 文件：文件可能已损坏或不是 .docx 格式"
EXCEL_BROKEN = "无法读取 Excel 文件：文件可能已损坏或不是 .xlsx 格式"
PDF_BROKEN = "无法读取 PDF 文件：文件可能已损坏"

_OLE_BY_SUFFIX = {".wps": WPS_MESSAGE, ".et": ET_MESSAGE, ".xls": XLS_MESSAGE, ".ett": ET_MESSAGE,
                  ".wpt": WPS_MESSAGE, ".dot": DOC_MESSAGE}
REFUSED_SUFFIXES = {
    ".doc": DOC_MESSAGE, ".wps": WPS_MESSAGE, ".wpt": WPS_MESSAGE, ".et": ET_MESSAGE, ".ett": ET_MESSAGE,
    ".xls": XLS_MESSAGE, ".ofd": OFD_MESSAGE, ".odt": ODF_MESSAGE, ".ods": ODF_MESSAGE, ".rtf": RTF_MESSAGE,
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"), IMAGE_MESSAGE),
}


READABLE_SUFFIXES = (".txt", ".text", ".docx", ".docm", ".pdf", ".html", ".htm", ".shtml", ".xhtml", ".xlsx", ".xlsm")
# What an upload form may let through to detect_kind: readable files, and the ones it refuses
# with a message saying how to convert them (the bytes decide: a .doc may be a saved web page).
UPLOADABLE_SUFFIXES = (*READABLE_SUFFIXES, *REFUSED_SUFFIXES)


def suffix_of(filename: str) -> str:
    return PurePath(filename or "").suffix.lower()


def refusal_by_name(head: bytes, filename: str) -> str | None:
    """The message for a file refused by its name (.doc, .wps, .ofd, images …), unless its first
    bytes show a format the readers know (a web page saved as .doc); for upload forms, which
    can answer from the first few KB instead of the whole file."""
    message = REFUSED_SUFFIXES.get(suffix_of(filename))
    if message is None:
        return None
    head = head.lstrip(b"\xef\xbb\xbf")
    if head.startswith((b"PK\x03\x04", b"%PDF-")) or _HTML_START.match(head):
        return None  # the bytes decide; the reader refuses what it cannot read after all
    return message


def detect_kind(data: bytes, filename: str) -> str:
    """TXT, DOCX, XLSX, PDF or HTML; raises ParseError (Chinese) for what cannot be read."""
    suffix = suffix_of(filename)
    head = data[:2048]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data, suffix)
    if head.startswith(OLE_MAGIC):
        raise ParseError(_OLE_BY_SUFFIX.get(suffix, DOC_MESSAGE))
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"{\\rtf"):
        raise ParseError(RTF_MESSAGE)
    if head.startswith(_IMAGE_MAGIC) or head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        raise ParseError(IMAGE_MESSAGE)
    if _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return HTML
    if suffix in (".html", ".htm", ".shtml", ".xhtml"):
        return HTML
    if suffix in REFUSED_SUFFIXES:
        raise ParseError(REFUSED_SUFFIXES[suffix])
    if suffix == ".pdf":
        raise ParseError(PDF_BROKEN)
    if suffix in (".docx", ".docm"):
        raise ParseError(WORD_BROKEN)
    if suffix in (".xlsx", ".xlsm"):
        raise ParseError(EXCEL_BROKEN)
    return TXT


def _zip_kind(data: bytes, suffix: str) -> str:
    members = zip_members(data)  # refuses bombs before anything else looks inside
    if members is None:
        raise ParseError(EXCEL_BROKEN if suffix in (".xlsx", ".xlsm") else WORD_BROKEN)
    names = {info.filename for info in members}
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if "OFD.xml" in names or suffix == ".ofd":
        raise ParseError(OFD_MESSAGE)
    if "mimetype" in names and suffix in (".odt", ".ods", ".odp", ""):
        raise ParseError(ODF_MESSAGE)
    raise ParseError(EXCEL_BROKEN if suffix in (".xlsx", ".xlsm") else WORD_BROKEN)
