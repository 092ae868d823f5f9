"""Evidence attachments (佐证材料): which files are accepted and how they are named on disk.

The extension alone proves nothing, so the first bytes of every file are
checked against the type its extension claims. Files are stored under a
random name; the uploaded name is kept only for display and download.
"""

import io
import os
import secrets
import zipfile
from dataclasses import dataclass

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS_PER_SUBMIT = 10

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls container
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")

# extension → (content type served on download, accepted leading bytes)
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "doc": ("application/msword", (_OLE2,)),
    "xls": ("application/vnd.ms-excel", (_OLE2,)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "zip": ("application/zip", _ZIP),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
ALLOWED_LABEL = "PDF、Word（doc/docx）、Excel（xls/xlsx）、JPG、PNG、ZIP"

# An Office Open XML file is a zip whose parts name the application.
_OOXML_PART = {"docx": "word/", "xlsx": "xl/"}


class AttachmentRejected(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    upload: object  # django UploadedFile
    original_name: str
    extension: str
    content_type: str
    size: int

    def stored_name(self) -> str:
        return f"{secrets.token_hex(16)}.{self.extension}"


def clean_original_name(name: str) -> str:
    """The display name without any directory part or control characters."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable())
    return base[-200:] or "附件"


def _head(upload, n: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def _ooxml_matches(upload, extension: str) -> bool:
    part = _OOXML_PART[extension]
    upload.seek(0)
    # Large uploads sit in a temporary file; small ones in memory.
    source = upload.temporary_file_path() if hasattr(upload, "temporary_file_path") else io.BytesIO(upload.read())
    try:
        with zipfile.ZipFile(source) as zf:
            return any(name.startswith(part) for name in zf.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        upload.seek(0)


def check_upload(upload) -> CheckedUpload:
    """Validate one uploaded file; raise AttachmentRejected with a Chinese message."""
    name = clean_original_name(getattr(upload, "name", ""))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_TYPES:
        raise AttachmentRejected(f"附件“{name}”的类型不允许，只能上传 {ALLOWED_LABEL} 文件。")
    size = upload.size or 0
    if size == 0:
        raise AttachmentRejected(f"附件“{name}”是空文件。")
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentRejected(f"附件“{name}”超过 10 MB，请压缩或拆分后上传。")
    content_type, signatures = ALLOWED_TYPES[extension]
    head = _head(upload)
    if not any(head.startswith(sig) for sig in signatures):
        raise AttachmentRejected(f"附件“{name}”的内容与扩展名 .{extension} 不符，请上传真实的 {extension.upper()} 文件。")
    if extension in _OOXML_PART and not _ooxml_matches(upload, extension):
        raise AttachmentRejected(f"附件“{name}”不是有效的 {extension.upper()} 文件。")
    return CheckedUpload(upload=upload, original_name=name, extension=extension, content_type=content_type, size=size)


def check_uploads(uploads) -> list[CheckedUpload]:
    uploads = [u for u in (uploads or ()) if u]
    if len(uploads) > MAX_ATTACHMENTS_PER_SUBMIT:
        raise AttachmentRejected(f"一次最多上传 {MAX_ATTACHMENTS_PER_SUBMIT} 个附件。")
    return [check_upload(u) for u in uploads]
