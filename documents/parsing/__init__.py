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


def parse_bytes(data: bytes, filename: str = "", reading: str | None = None) -> ParsedDocument:
    """Read an uploaded file of any supported format (documents.formats), normalise and parse it.

    Reading and parsing each run in a forked child bounded in memory and time, so a crafted
    file costs the web worker nothing but a Chinese ParseError.
    """
    from documents.formats import read_upload, run_limited  # lazy: formats imports this package

    return run_limited(parse_text, read_upload(data, filename), reading)


def parse_text(text: str, reading: str | None = None) -> ParsedDocument:
    """Parse plain text; `reading` forces one of the ids in ParsedDocument.readings."""
    if not text or not text.strip():
        raise ParseError("文件为空")
    truncated = has_truncation_marker(text)
    doc = parse_lines(normalize_text(text).split("\n"), truncated_marker=truncated, reading=reading)
    if not doc.tasks:
        raise ParseError("未识别到任何编号任务，请检查文件格式")
    return doc
