"""Document import over the API: preview as JSON, confirm to save, same rules as the upload page."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Agency
from documents.models import Document
from tasks.models import Assignment, Task

pytestmark = pytest.mark.django_db

PLAN = """湖南省人民政府办公厅关于印发《湖南省2031年接口测试重点任务分工方案》的通知
湘政办函〔2031〕11号
各市州人民政府，省政府各厅委、各直属机构：
《湖南省2031年接口测试重点任务分工方案》已经省人民政府同意，现印发给你们，请认真贯彻执行。
湖南省人民政府办公厅
2031年2月1日
湖南省2031年接口测试重点任务分工方案
一、提升政务服务效能
1.推进高频事项“跨省通办”。2031年6月底前完成。（省政务局牵头，省司法厅按职责分工负责）
2.建设统一的电子证照库。（接口测试新单位牵头，省政务局按职责分工负责）
"""
NEW_NAME = "接口测试新单位"


def preview(client, **data):
    return client.post("/api/documents/import/preview/", data, format="json")


def confirm(client, **data):
    return client.post("/api/documents/import/confirm/", data, format="json")


def test_preview_returns_the_parse_and_unresolved_names_and_writes_nothing(as_office, agency_a, agency_b):
    response = preview(as_office, text=PLAN)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["doc_number"] == "湘政办函〔2031〕11号" and body["year"] == 2031
    assert body["task_count"] == 2 and body["existing"] is None
    first = body["tasks"][0]
    assert first["deadline"] == "2031-06-30"
    assert first["lead"] == [{"name": "省政务局", "agency": {"id": agency_a.pk, "name": agency_a.name},
                              "is_global": False}]
    assert [u["name"] for u in body["unresolved"]] == [NEW_NAME]
    assert body["unresolved"][0]["tasks"] == ["一·2"]
    assert any(NEW_NAME in w for w in body["warnings"])
    assert not Document.objects.exists()


def test_preview_accepts_a_multipart_file(as_office, agency_a, agency_b):
    upload = SimpleUploadedFile("plan.txt", PLAN.encode("gbk"), content_type="text/plain")
    response = as_office.post("/api/documents/import/preview/", {"file": upload}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["task_count"] == 2


def test_confirm_without_mapping_refuses_and_lists_the_names(as_office, agency_a, agency_b):
    response = confirm(as_office, text=PLAN)
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["unresolved"] == [NEW_NAME] and NEW_NAME in body["detail"]
    assert not Document.objects.exists() and not Agency.objects.filter(name=NEW_NAME).exists()


def test_confirm_with_mapping_saves_and_a_second_import_needs_replace(as_office, agency_a, agency_b):
    response = confirm(as_office, text=PLAN, mapping={NEW_NAME: agency_b.pk})
    assert response.status_code == 201, response.content
    document = Document.objects.get(pk=response.json()["id"])
    assert response.json()["task_count"] == 2
    assert Task.objects.filter(document=document).count() == 2
    assert Assignment.objects.filter(task__document=document, agency=agency_b, role="lead").count() == 1
    again = confirm(as_office, text=PLAN, mapping={NEW_NAME: agency_b.pk})
    assert again.status_code == 400 and "不能重复导入" in again.json()["detail"]
    replaced = confirm(as_office, text=PLAN, mapping={NEW_NAME: agency_b.pk}, replace=True)
    assert replaced.status_code == 201 and Document.objects.count() == 1


def test_confirm_mapping_null_creates_the_agency_and_multipart_mapping_is_json(as_office, agency_a, agency_b):
    upload = SimpleUploadedFile("plan.txt", PLAN.encode("utf-8"), content_type="text/plain")
    response = as_office.post(
        "/api/documents/import/confirm/", {"file": upload, "mapping": json.dumps({NEW_NAME: None})},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert Agency.objects.filter(name=NEW_NAME).exists()
    assert Document.objects.get().source_filename == "plan.txt"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "non_field_errors"),
        ({"text": "没有任何编号任务的一段话。"}, "non_field_errors"),
        ({"text": PLAN, "mapping": "not json"}, "mapping"),
        ({"text": PLAN, "mapping": {NEW_NAME: "x"}}, "mapping"),
    ],
)
def test_bad_import_input_is_400(as_office, agency_a, data, field):
    response = confirm(as_office, **data)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Document.objects.exists()


def test_old_word_files_are_refused_like_on_the_page(as_office):
    upload = SimpleUploadedFile("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    response = as_office.post("/api/documents/import/preview/", {"file": upload}, format="multipart")
    assert response.status_code == 400 and "旧版 Word" in response.json()["errors"]["file"][0]


def test_only_the_office_imports(as_liaison_a, as_leader):
    assert preview(as_liaison_a, text=PLAN).status_code == 403
    assert confirm(as_leader, text=PLAN).status_code == 403
    assert not Document.objects.exists()
