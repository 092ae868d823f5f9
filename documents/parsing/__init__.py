"""Parser for Chinese government task-assignment plans (分工方案, 工作要点, 重点任务).

Pure Python, no Django: parse_bytes / parse_text return a ParsedDocument; to_gold_dict
renders it in the gold JSON format (tests/data/gold/README.md).
"""

from __future__ import annotations

from .errors import MAX_UPLOAD_BYTES, ParseError
from .gold import to_gold_dict
from .normalize import decode_bytes, has_truncation_marker, normalize_text, read_docx
from .pipeline import parse_lines
from .types import ParsedDocument, ParsedPlan, ParsedSection, ParsedSubsection, ParsedTask, Reading, inferred_deadline

__all__ = [
    "MAX_UPLOAD_BYTES",
    "ParseError",
    "ParsedDocument",
    "ParsedPlan",
    "ParsedSection",
    "ParsedSubsection",
    "ParsedTask",
    "Reading",
    "decode_bytes",
    "inferred_deadline",
    "normalize_text",
    "parse_bytes",
    "parse_text",
    "read_docx",
    "to_gold_dict",
]

_ZIP_MAGIC = b"PK\x03\x04"


def parse_bytes(data: bytes, filename: str = "", reading: str | None = None) -> ParsedDocument:
    """Decode (or read a .docx), normalise and parse an uploaded file."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ParseError(f"文件超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB 上限")
    if not data.strip():
        raise ParseError("文件为空")
    if data.startswith(_ZIP_MAGIC) or filename.lower().endswith(".docx"):
        text = read_docx(data)
    elif filename.lower().endswith(".doc") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ParseError("不支持旧版 Word（.doc）文件，请另存为 .docx 或文本文件后上传")
    else:
        text = decode_bytes(data)
    return parse_text(text, reading=reading)


def parse_text(text: str, reading: str | None = None) -> ParsedDocument:
    """Parse plain text; `reading` forces one of the ids in ParsedDocument.readings."""
    if not text or not text.strip():
        raise ParseError("文件为空")
    truncated = has_truncation_marker(text)
    doc = parse_lines(normalize_text(text).split("\n"), truncated_marker=truncated, reading=reading)
    if not doc.tasks:
        raise ParseError("未识别到任何编号任务，请检查文件格式")
    return doc
