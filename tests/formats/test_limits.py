"""Size limits before reading, and the child process that bounds reading and parsing."""

import json
import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

import documents.parsing
from documents.formats import limits, run_limited
from documents.formats.sandbox import ChildFailed
from documents.parsing import ParseError
from tests.api.conftest import token_client

from .conftest import row_counts
from .plans import prose_text

pytestmark = pytest.mark.django_db
IMPORT_URL = "/documents/import/"
SIXTY_MB = 60 * 1024 * 1024


@pytest.fixture
def reads(monkeypatch):
    """Counts reads of uploads Django spooled to disk (the ones over FILE_UPLOAD_MAX_MEMORY_SIZE)."""
    calls = []
    real = TemporaryUploadedFile.read if "read" in TemporaryUploadedFile.__dict__ else None

    def read(self, *args):
        calls.append(args)
        return real(self, *args) if real else self.file.read(*args)

    monkeypatch.setattr(TemporaryUploadedFile, "read", read, raising=False)
    return calls


def test_a_60_mb_txt_is_refused_by_its_size_without_being_read(office_client, reads):
    before = row_counts()
    big = SimpleUploadedFile("大文件.txt", b"1" * SIXTY_MB, content_type="text/plain")
    response = office_client.post(IMPORT_URL, {"file": big})
    assert response.status_code == 200
    assert "文件超过 5 MB 上限" in response.content.decode()
    assert reads == []  # refused on UploadedFile.size, never read into memory
    assert row_counts() == before


def test_the_read_counter_sees_reads_of_spooled_uploads(office_client, reads, settings):
    """The control of the two tests around it: an accepted upload on disk is read, once."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    plan = prose_text().encode()
    office_client.post(IMPORT_URL, {"file": SimpleUploadedFile("方案.txt", plan)})
    assert reads == [(limits.MAX_UPLOAD_BYTES + 1,)]


def test_the_api_refuses_a_60_mb_file_without_reading_it(office_user, reads):
    before = row_counts()
    client = token_client(office_user)
    big = SimpleUploadedFile("大文件.txt", b"1" * SIXTY_MB, content_type="text/plain")
    response = client.post("/api/documents/import/preview/", {"file": big}, format="multipart")
    assert response.status_code == 413, response.content[:500]
    assert "超过" in response.json()["detail"]
    assert reads == []
    assert row_counts() == before


def test_the_api_refuses_an_oversized_json_body_by_its_length(office_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    client = token_client(office_user)
    body = json.dumps({"text": prose_text() * 2000})
    assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    before = row_counts()
    response = client.post("/api/documents/import/confirm/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"] == "请求内容超过 1 MB 上限，未读取：方案文件不能超过 5 MB。"
    assert row_counts() == before


def test_the_api_still_imports_a_real_format(agencies, office_user, built):
    client = token_client(office_user)
    upload = SimpleUploadedFile("分工表.xlsx", built["xlsx_table"])
    response = client.post("/api/documents/import/preview/", {"file": upload}, format="multipart")
    assert response.status_code == 200, response.content[:500]
    assert response.json()["task_count"] == 5


def test_a_parse_past_the_time_limit_is_stopped_and_nothing_written(office_client, monkeypatch):
    def endless(text, reading=None):
        while True:
            pass

    cache.clear()  # a parse of the same text cached by another test (importing/parse_cache.py) would skip the parser
    monkeypatch.setattr(limits, "PARSE_TIMEOUT_S", 0.5)
    monkeypatch.setattr(documents.parsing, "parse_text", endless)
    before = row_counts()
    started = time.perf_counter()
    response = office_client.post(IMPORT_URL, {"file": SimpleUploadedFile("方案.txt", prose_text().encode())})
    assert time.perf_counter() - started < 5
    assert "文件解析超时（超过 0.5 秒），已停止" in response.content.decode()
    assert row_counts() == before


def test_a_parse_past_the_memory_bound_is_stopped(office_client, monkeypatch):
    def greedy(text, reading=None):
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))

    cache.clear()
    monkeypatch.setattr(limits, "PARSE_MEMORY_MB", 256)
    monkeypatch.setattr(documents.parsing, "parse_text", greedy)
    before = row_counts()
    response = office_client.post(IMPORT_URL, {"file": SimpleUploadedFile("方案.txt", prose_text().encode())})
    assert "文件解析占用内存过多，已停止" in response.content.decode()
    assert row_counts() == before


def test_run_limited_returns_results_and_reraises_errors():
    assert run_limited(sorted, [3, 1, 2]) == [1, 2, 3]
    with pytest.raises(ParseError, match="^文件为空$"):
        run_limited(documents.parsing.parse_text, "")
    with pytest.raises(ChildFailed, match="ZeroDivisionError"):
        run_limited(divmod, 1, 0)


def test_run_limited_works_from_a_worker_thread():
    """runserver and gunicorn's gthread workers serve requests from threads."""
    import threading

    results = []
    worker = threading.Thread(target=lambda: results.append(run_limited(sorted, [2, 1])))
    worker.start()
    worker.join(10)
    assert results == [[1, 2]]
