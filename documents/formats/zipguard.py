"""Refuse zip bombs from the zip's central directory alone, before any member is inflated.

The directory states each member's compressed and uncompressed size. Python's zipfile
never inflates a member past the size the directory states (it stops there and fails the
CRC check), so checking the stated sizes bounds what python-docx and openpyxl can inflate.
Overlapping-member bombs state the full size of every member and so are caught too.
"""

from __future__ import annotations

import io
import zipfile

from documents.parsing.errors import ParseError

from .limits import ZIP_MAX_MEMBERS, ZIP_MAX_RATIO, ZIP_MAX_UNCOMPRESSED, ZIP_RATIO_MIN_SIZE

BOMB_MESSAGE = "文件解压后过大，疑似压缩炸弹，已拒绝"


def zip_members(data: bytes) -> list[zipfile.ZipInfo] | None:
    """The checked member list of a zip container, or None if the bytes are not a readable zip.

    Raises ParseError for a container whose stated sizes, member count or ratio are too large.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return None
    if len(members) > ZIP_MAX_MEMBERS:
        raise ParseError(f"文件内部条目过多（{len(members)} 个，上限 {ZIP_MAX_MEMBERS} 个），疑似压缩炸弹，已拒绝")
    total = 0
    for info in members:
        total += info.file_size
        if total > ZIP_MAX_UNCOMPRESSED:
            raise ParseError(f"{BOMB_MESSAGE}（解压后超过 {ZIP_MAX_UNCOMPRESSED // (1024 * 1024)} MB）")
        if info.file_size > ZIP_RATIO_MIN_SIZE and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
            raise ParseError(f"{BOMB_MESSAGE}（压缩比超过 {ZIP_MAX_RATIO} 倍）")
    return members
