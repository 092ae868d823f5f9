"""Bad files get a Chinese message saying what to do, and nothing is written; bombs fast."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.formats import read_upload
from documents.parsing import ParseError
from importing.services import document_preview

from . import builders
from .conftest import row_counts

pytestmark = pytest.mark.django_db
IMPORT_URL = "/documents/import/"

# (id, file name, bytes builder, a phrase the message must contain)
BAD_FILES = [
    ("empty", "方案.docx", lambda: b"", "文件为空"),
    ("blank_txt", "方案.txt", lambda: b"\r\n \t\n", "文件为空"),
    ("binary", "方案.txt", lambda: bytes(range(256)) * 20, "二进制"),
    ("scanned_pdf", "扫描件.pdf", builders.pdf_scanned, "没有文字层（可能是扫描件），请用 WPS/Word 另存为 .docx"),
    ("broken_pdf", "方案.pdf", lambda: b"%PDF-1.7\n" + b"\x00garbage" * 50, "无法读取 PDF"),
    ("old_doc", "方案.doc", lambda: builders.OLE_HEADER, "另存为 .docx"),
    ("wps", "方案.wps", lambda: builders.OLE_HEADER, "WPS 文字（.wps）"),
    ("et", "分工表.et", lambda: builders.OLE_HEADER, "另存为 .xlsx"),
    ("xls", "分工表.xls", lambda: builders.OLE_HEADER, "另存为 .xlsx"),
    ("ofd", "方案.ofd", builders.ofd_file, "OFD"),
    ("image", "方案.png", builders.png_image, "图片"),
    ("image_as_pdf_name", "方案.pdf", builders.png_image, "图片"),
    ("too_many_members", "方案.docx", lambda: builders.zip_with_members(2500), "条目过多"),
]


@pytest.mark.parametrize(("case", "filename", "build", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_refused_by_the_service(case, filename, build, message):
    before = row_counts()
    with pytest.raises(ParseError) as exc:
        document_preview(data=build(), filename=filename)
    assert message in exc.value.message
    assert row_counts() == before


@pytest.mark.parametrize(("case", "filename", "build", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_refused_by_the_upload_page(office_client, case, filename, build, message):
    before = row_counts()
    response = office_client.post(IMPORT_URL, {"file": SimpleUploadedFile(filename, build())})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html or (case == "empty" and "空文件" in html), html[:3000]
    assert row_counts() == before


def test_zip_bomb_is_refused_in_under_a_second(office_client, bomb):
    assert len(bomb) < 1024 * 1024  # a small file …
    before = row_counts()
    started = time.perf_counter()
    with pytest.raises(ParseError) as exc:
        read_upload(bomb, "bomb.docx")
    assert time.perf_counter() - started < 1.0
    assert "压缩炸弹" in exc.value.message
    started = time.perf_counter()
    response = office_client.post(IMPORT_URL, {"file": SimpleUploadedFile("通知.docx", bomb)})
    assert time.perf_counter() - started < 1.0
    assert "文件解压后过大，疑似压缩炸弹，已拒绝" in response.content.decode()
    assert row_counts() == before


def test_a_bomb_under_the_size_limit_is_refused_by_its_ratio():
    bomb = builders.docx_bomb(30)  # 30 MB inflated: under the 50 MB total, but about 1000:1
    started = time.perf_counter()
    with pytest.raises(ParseError) as exc:
        read_upload(bomb, "bomb.docx")
    assert time.perf_counter() - started < 1.0
    assert "压缩比" in exc.value.message


def test_a_bomb_named_xlsx_is_refused_the_same_way(bomb):
    with pytest.raises(ParseError, match="压缩炸弹"):
        read_upload(bomb, "分工表.xlsx")
