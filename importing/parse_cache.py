"""The parse of a pending upload, kept in the cache between the preview's round trips.

The parser is pure (bytes and a reading in, a ParsedDocument out; no database), so the
same bytes parse the same way every time: the upload step parses once and every later
GET, split, merge or refresh of the preview reuses that result instead of reading and
parsing the file again (0.5 s and more for a 300-task plan, longer for a PDF). Keys are
the SHA-256 of the bytes with the file's suffix and the reading; errors are never kept.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.cache import cache

from documents.formats import read_upload
from documents.parsing import ParsedDocument, parse_bytes

TIMEOUT = 2 * 60 * 60  # as long as the session that holds the pending upload
_VERSION = "1"  # bump when ParsedDocument changes shape, so that old entries are not read back


def _key(kind: str, data: bytes, filename: str, reading: str | None = None) -> str:
    digest = hashlib.sha256(data).hexdigest()
    return f"import-{kind}:{_VERSION}:{digest}:{Path(filename).suffix.lower()}:{reading or ''}"


def parse_upload(data: bytes, filename: str, reading: str | None = None) -> ParsedDocument:
    """parse_bytes, remembered; raises ParseError like it."""
    key = _key("parse", data, filename, reading)
    parsed = cache.get(key)
    if parsed is None:
        parsed = parse_bytes(data, filename, reading=reading)
        cache.set(key, parsed, TIMEOUT)
    return parsed


def upload_text(data: bytes, filename: str) -> str:
    """The decoded upload, stored as the document's 原文 (the parser keeps only normalised lines)."""
    key = _key("text", data, filename)
    text = cache.get(key)
    if text is None:
        text = read_upload(data, filename).replace("\x00", "")
        cache.set(key, text, TIMEOUT)
    return text
