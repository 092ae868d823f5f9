"""The import workbench over the API: readings, another reading, corrected tasks, and their refusals."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import AgencyAlias
from documents.models import Document
from tasks.models import Assignment, Task
from tests.importing.conftest import row_counts
from tests.importing.workbench_plans import NEW_NAME, WORKBENCH_PLAN

pytestmark = pytest.mark.django_db
PREVIEW, CONFIRM = "/api/documents/import/preview/", "/api/documents/import/confirm/"


def _task(**overrides):
    task = {"number": "1", "section": "一", "text": "推进政务服务“一网通办”。", "lead": [], "co": [],
            "deadline": "2030-06-30", "source": [1]}
    return {**task, **overrides}


def test_preview_lists_the_readings_and_previews_another_one(as_office, agency_a, agency_b):
    body = as_office.post(PREVIEW, {"text": WORKBENCH_PLAN}, format="json").json()
    assert body["readings"] == [
        {"id": "auto", "label": "按正文识别", "task_count": 4, "chosen": True},
        {"id": "level:arabic", "label": "按正文 1. 条目识别", "task_count": 4, "chosen": False},
        {"id": "level:paren_cn", "label": "按正文（一）识别", "task_count": 3, "chosen": False},
    ]
    assert body["reading"] == body["parser_choice"] == "auto" and body["no_units"] is False
    assert body["tasks"][1]["doubts"] == [f"单位不在系统中：{NEW_NAME}"] and body["tasks"][1]["source"] == [2]
    assert body["unresolved"][0]["name"] == NEW_NAME and body["unresolved"][0]["suggestions"] == []

    other = as_office.post(PREVIEW, {"text": WORKBENCH_PLAN, "reading": "level:paren_cn"}, format="json").json()
    assert other["reading"] == "level:paren_cn" and other["parser_choice"] == "auto"
    assert other["task_count"] == 3 and other["no_units"] is True
    assert [r["id"] for r in other["readings"] if r["chosen"]] == ["level:paren_cn"]
    assert not Document.objects.exists()


def test_confirm_saves_the_corrected_tasks_with_ids_and_names(as_office, agency_a, agency_b):
    tasks = [
        _task(lead=[agency_a.pk], co=["省司法厅"]),
        _task(number="2", text="开展营商环境评价。", lead=[NEW_NAME], deadline=None, source=[2]),
    ]
    response = as_office.post(CONFIRM, {"text": WORKBENCH_PLAN, "reading": "level:arabic", "tasks": tasks,
                                        "mapping": {NEW_NAME: agency_b.pk}}, format="json")
    assert response.status_code == 201, response.content
    document = Document.objects.get(pk=response.json()["id"])
    saved = list(Task.objects.filter(document=document).order_by("order").values_list("number", "text", "deadline"))
    assert [(n, t) for n, t, _ in saved] == [("1", "推进政务服务“一网通办”。"), ("2", "开展营商环境评价。")]
    assert str(saved[0][2]) == "2030-06-30" and str(saved[1][2]) == "2030-12-31"  # annual plan: year end
    leads = Assignment.objects.filter(task__document=document, role="lead").order_by("task__order")
    assert [a.agency_id for a in leads] == [agency_a.pk, agency_b.pk]
    assert AgencyAlias.objects.get(name=NEW_NAME).agency_id == agency_b.pk
    kinds = [c["kind"] for c in document.import_record.corrections]
    assert kinds[0] == "reading" and kinds.count("drop") == 2 and "map" in kinds
    assert document.import_record.parser_output["parser_choice"] == "auto"


def test_confirm_in_multipart_takes_tasks_as_json(as_office, agency_a, agency_b):
    upload = SimpleUploadedFile("plan.txt", WORKBENCH_PLAN.encode("gb18030"), content_type="text/plain")
    tasks = json.dumps([_task(lead=[agency_a.pk])])
    response = as_office.post(CONFIRM, {"file": upload, "tasks": tasks}, format="multipart")
    assert response.status_code == 201, response.content
    assert Task.objects.get().number == "1"


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"tasks": [_task(lead=[987654])]}, "tasks", "单位编号不存在或已停用：987654"),
        ({"tasks": [_task(deadline="2030-13-45")]}, "tasks", "YYYY-MM-DD"),
        ({"tasks": [_task(text="")]}, "tasks", "任务内容"),
        ({"tasks": [_task(text="   ")]}, "tasks", "任务内容"),
        ({"tasks": [_task(lead=[True])]}, "tasks", "单位须为单位编号"),
        ({"tasks": [_task(source=[40])]}, "tasks", "来源任务编号不存在"),
        ({"tasks": [_task(plan=3)]}, "tasks", "所属方案不存在"),
        ({"tasks": []}, "tasks", "不能为空"),
        ({"tasks": "not json"}, "tasks", "任务列表"),
        ({"reading": "table:9"}, "reading", "未找到所选的识别方式"),
        ({"tasks": [_task(lead=["谁也不认识的单位"])]}, "unresolved", ""),
    ],
)
def test_bad_corrections_are_400_in_chinese_and_save_nothing(as_office, agency_a, agency_b, extra, field, words):
    before = row_counts()
    response = as_office.post(CONFIRM, {"text": WORKBENCH_PLAN, "mapping": {NEW_NAME: agency_b.pk}, **extra},
                              format="json")
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert field in errors and words in json.dumps(errors, ensure_ascii=False)
    assert row_counts() == before and not AgencyAlias.objects.exists()


def test_an_inactive_agency_id_is_refused(as_office, agency_a, agency_b):
    agency_b.is_active = False
    agency_b.save()
    response = as_office.post(CONFIRM, {"text": WORKBENCH_PLAN, "tasks": [_task(lead=[agency_b.pk])]}, format="json")
    assert response.status_code == 400 and str(agency_b.pk) in json.dumps(response.json(), ensure_ascii=False)
    assert not Document.objects.exists()


@pytest.mark.parametrize("who", ["as_liaison_a", "as_liaison_b", "as_leader", "as_head_a"])
def test_only_the_office_uses_the_workbench(request, who, agency_a, agency_b):
    client = request.getfixturevalue(who)
    body = {"text": WORKBENCH_PLAN, "reading": "level:arabic", "tasks": [_task(lead=[agency_a.pk])]}
    assert client.post(PREVIEW, body, format="json").status_code == 403
    assert client.post(CONFIRM, body, format="json").status_code == 403
    assert not Document.objects.exists() and not AgencyAlias.objects.exists()


def test_the_schema_documents_readings_and_corrected_tasks(as_office):
    schema = as_office.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    components = schema.json()["components"]["schemas"]
    preview = json.dumps(components["Preview"], ensure_ascii=False)
    assert "readings" in preview and "no_units" in preview
    task = components["CorrectedTaskInput"]["properties"]
    assert {"number", "section", "text", "lead", "co", "deadline", "source"} <= set(task)
    confirm = json.dumps(components["ImportConfirmInput"], ensure_ascii=False)
    assert "reading" in confirm and "tasks" in confirm
