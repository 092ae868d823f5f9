"""Bad uploads shared by the page and command tests: (id, filename, bytes, expected Chinese message)."""

import io

from documents.parsing import MAX_UPLOAD_BYTES


def _docx_without_body() -> bytes:
    """A zip that is not a Word document."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "不是 Word 文件")
    return buffer.getvalue()


TASKLESS = "湖南省人民政府办公厅\n关于做好某项工作的通知\n请各单位认真落实。\n".encode()

BAD_INPUTS = [
    ("empty", "empty.txt", b"", "为空"),
    ("blank", "blank.txt", b"  \r\n\t\n", "为空"),
    ("binary", "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "二进制"),
    ("oversize", "big.txt", "一".encode() * (MAX_UPLOAD_BYTES // 3 + 1), "超过 5 MB"),
    ("taskless", "notice.txt", TASKLESS, "未识别到任何编号任务"),
    ("broken_docx", "broken.docx", b"PK\x03\x04" + b"\x00broken" * 20, "Word"),
    ("zip_not_docx", "other.docx", _docx_without_body(), "Word"),
    ("old_doc", "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), ".doc"),
]
