"""Evidence attachments: allowed types only, content sniffed, size-limited, stored under random names."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reporting import services as report_services
from reporting.models import ReportAttachment
from reporting.uploads import MAX_ATTACHMENT_BYTES
from tasks import services
from tests.factories import PASSWORD, task_with
from tests.helpers import PDF_BYTES, db_state, pdf, this_month


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, body in entries.items():
            zf.writestr(name, body)
    return buffer.getvalue()


@pytest.fixture
def task(agency_a):
    return task_with(lead=[agency_a])


def _submit(user, task, files):
    return report_services.report_submit(user=user, task=task, period=this_month(), content="进展", attachments=files)


def test_valid_files_are_stored_under_random_names(task, liaison_a, settings):
    files = [
        pdf("../../etc/会议纪要.pdf"),
        SimpleUploadedFile("照片.PNG", b"\x89PNG\r\n\x1a\n" + b"\0" * 20),
        SimpleUploadedFile("台账.xlsx", _zip({"xl/workbook.xml": b"<x/>", "[Content_Types].xml": b"<x/>"})),
    ]
    report = _submit(liaison_a, task, files)
    stored = list(report.attachments.order_by("id"))
    assert [a.original_name for a in stored] == ["会议纪要.pdf", "照片.PNG", "台账.xlsx"]
    assert [a.content_type for a in stored][:2] == ["application/pdf", "image/png"]
    for attachment in stored:
        path = attachment.file.path
        assert path.startswith(str(settings.MEDIA_ROOT))
        assert attachment.original_name not in path and ".." not in attachment.file.name
        assert len(attachment.stored_name.split(".")[0]) == 32


@pytest.mark.parametrize("name,body,message", [
    ("病毒.exe", b"MZ\x90\x00", "类型不允许"),
    ("伪装.pdf", b"MZ\x90\x00This program", "内容与扩展名"),
    ("伪装.docx", _zip({"evil.txt": b"x"}), "不是有效的 DOCX"),
    ("页面.html", b"<html>", "类型不允许"),
    ("空.pdf", b"", "空文件"),
])
def test_bad_files_are_refused_and_nothing_is_saved(task, liaison_a, name, body, message):
    state = db_state()
    with pytest.raises(services.InvalidInput, match=message):
        _submit(liaison_a, task, [pdf("好的.pdf"), SimpleUploadedFile(name, body)])
    assert db_state() == state


def test_files_over_10_mb_are_refused(task, liaison_a):
    state = db_state()
    big = SimpleUploadedFile("大文件.pdf", PDF_BYTES + b"0" * MAX_ATTACHMENT_BYTES)
    with pytest.raises(services.InvalidInput, match="10 MB"):
        _submit(liaison_a, task, [big])
    assert db_state() == state


def test_form_shows_the_refusal(task, liaison_a):
    client = Client()
    client.login(username=liaison_a.username, password=PASSWORD)
    state = db_state()
    response = client.post(reverse("tasks:report", args=[task.pk]), {
        "period": this_month().strftime("%Y-%m"), "content": "进展",
        "attachments": [SimpleUploadedFile("脚本.pdf", b"#!/bin/sh\nrm -rf /")],
    })
    assert response.status_code == 400
    assert "内容与扩展名" in response.content.decode()
    assert db_state() == state


def test_download_returns_the_file_with_its_name(task, liaison_a):
    _submit(liaison_a, task, [pdf("整改报告.pdf")])
    attachment = ReportAttachment.objects.get()
    client = Client()
    client.login(username=liaison_a.username, password=PASSWORD)
    response = client.get(reverse("tasks:attachment", args=[task.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf" in response["Content-Disposition"]
