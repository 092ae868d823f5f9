"""document_import / document_preview on the seeds and on small plans: rows, refusals, replace, atomicity."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.choices import AgencyKind
from agencies.models import Agency
from agencies.resolve import resolve_names
from documents.models import Document
from importing.services import DocumentImportError, document_import, document_preview
from reporting.models import ProgressReport
from tasks.choices import AssignmentRole, EventKind, TaskStatus
from tasks.models import Assignment, Task, TaskEvent
from tests import factories

from .conftest import GOLD, SEEDS, SMALL_PLAN, row_counts, seed_bytes

pytestmark = pytest.mark.django_db


def _import(data: bytes, filename: str = "plan.txt", **kwargs) -> Document:
    preview = document_preview(data=data, filename=filename)
    return document_import(parsed=preview.parsed, original_text=preview.original_text, source_filename=filename, **kwargs)


def _agency_ids(names) -> set[int]:
    found = resolve_names(names).found
    return {found[n].pk for n in names}


def _task_key(section, number, plan_order) -> tuple:
    return (plan_order, section or "", number)


@pytest.mark.parametrize("name", SEEDS)
def test_seed_import_matches_gold_counts_and_assignments(agencies, name):
    gold = next(g for g in GOLD if g["file"] == name)
    preview = document_preview(data=seed_bytes(name), filename=name)
    assert not preview.unresolved, f"{name}：单位清单缺少 {preview.unresolved}"

    document = _import(seed_bytes(name), name)

    assert document.doc_number == gold["doc_number"]
    gold_tasks = {_task_key(t["section"], t["number"], i): t for i, p in enumerate(gold["plans"]) for t in p["tasks"]}
    saved = list(Task.objects.filter(document=document).select_related("plan", "section")
                 .prefetch_related("assignments"))
    assert len(saved) == len(gold_tasks)
    assert document.plans.count() == len(gold["plans"])
    lead_ok = co_ok = 0
    for task in saved:
        expected = gold_tasks[_task_key(task.section.number if task.section else "", task.number, task.plan.order)]
        lead = {a.agency_id for a in task.assignments.all() if a.role == AssignmentRole.LEAD}
        co = {a.agency_id for a in task.assignments.all() if a.role == AssignmentRole.CO}
        expected_lead = _agency_ids(expected["lead"])
        lead_ok += lead == expected_lead
        co_ok += co == _agency_ids(expected["co"] + gold["global_co"]) - expected_lead
    print(f"\n{name}: tasks {len(saved)}, lead exact {lead_ok / len(saved):.3f}, co exact {co_ok / len(saved):.3f}")
    assert lead_ok / len(saved) >= 0.97
    assert co_ok / len(saved) >= 0.95
    assert TaskEvent.objects.filter(task__document=document, kind=EventKind.IMPORTED).count() == len(saved)


def test_saved_rows_follow_the_parse_exactly(agencies):
    """Every printed name becomes one assignment (lead winning, one per agency), global names on every task."""
    name = "004_1cdb50bc881d4218.txt"
    preview = document_preview(data=seed_bytes(name), filename=name)
    document = _import(seed_bytes(name), name)
    global_agency = preview.found["各市州人民政府"]
    tasks = list(Task.objects.filter(document=document).order_by("order").prefetch_related("assignments__agency"))
    for parsed, task in zip(preview.parsed.tasks, tasks, strict=True):
        assert (task.number, task.text, task.deadline, task.deadline_inferred) == (
            parsed.number, parsed.text, parsed.effective_deadline, parsed.deadline_inferred)
        rows = list(task.assignments.all())
        assert len({a.agency_id for a in rows}) == len(rows)
        assert global_agency.pk in {a.agency_id for a in rows}
        for a in rows:
            assert a.name_as_printed in parsed.lead + parsed.co + preview.parsed.global_co
        printed_global_only = [a for a in rows if a.is_global]
        assert all(a.name_as_printed == "各市州人民政府" for a in printed_global_only)
    assert document.is_truncated is False and document.year == 2024


def test_inferred_and_stated_deadlines_and_recurrence(agencies):
    document = _import(seed_bytes("000_1290eb2504b71377.txt"), "000.txt")
    tasks = Task.objects.filter(document=document)
    stated = tasks.get(number="1", section__number="一")
    assert (stated.deadline, stated.deadline_text, stated.deadline_inferred) == (
        datetime.date(2021, 9, 30), "2021年9月底前", False)
    inferred = tasks.filter(deadline_inferred=True).first()
    assert inferred.deadline == datetime.date(2021, 12, 31) and inferred.deadline_text == ""
    assert tasks.filter(recurrence="yearly").count() == 1


def test_truncated_plan_is_imported_as_far_as_it_goes(agencies):
    document = _import(seed_bytes("001_42f64c1cf6510d5a.txt"), "001.txt")
    assert document.is_truncated
    assert list(document.plans.values_list("is_truncated", flat=True)) == [True, True]
    last = Task.objects.filter(document=document).order_by("order").last()
    assert last.is_truncated and last.number == "十四"


def test_reimport_of_same_doc_number_is_refused_and_writes_nothing(agencies):
    _import(seed_bytes("003_036d3c670277edd6.txt"), "003.txt")
    before = row_counts()
    with pytest.raises(DocumentImportError, match="湘政发〔2022〕15号.*不能重复导入"):
        _import(seed_bytes("003_036d3c670277edd6.txt"), "003.txt")
    assert row_counts() == before


def test_preview_warns_about_existing_doc_number(agencies):
    first = _import(seed_bytes("003_036d3c670277edd6.txt"), "003.txt")
    preview = document_preview(data=seed_bytes("003_036d3c670277edd6.txt"), filename="003.txt")
    assert preview.existing == first
    assert any("已于" in w and "替换" in w for w in preview.warnings)


def test_replace_keeps_reports_of_unchanged_tasks_and_deletes_the_rest(agencies, office_user):
    original = SMALL_PLAN.replace("测试新单位", "省财政厅")
    document = _import(original.encode(), "v1.txt")
    task1, task2, task3 = Task.objects.filter(document=document).order_by("order")
    agency = Agency.objects.get(name="湖南省政务管理服务局")
    kept_report = factories.ReportFactory(task=task1, agency=agency)
    lost_report = factories.ReportFactory(task=task2, agency=agency)
    Task.objects.filter(pk=task1.pk).update(status=TaskStatus.IN_PROGRESS)

    # Version 2: task 2 reworded, task 1 reflowed (spaces, full-width digits), a new task 4.
    changed = (original.replace("开展营商环境评价", "开展全省营商环境评价")
               .replace("1.推进政务服务", "1. 推进 政务服务").replace("2030年6月", "２０３０年6月")
               + "4.新增任务：建立督办台账。（省政务局牵头）\n")
    replaced = _import(changed.encode(), "v2.txt", replace=True, user=office_user)

    assert replaced.pk == document.pk and replaced.source_filename == "v2.txt"
    tasks = list(Task.objects.filter(document=document).order_by("order"))
    assert [t.number for t in tasks] == ["1", "2", "3", "4"]
    assert tasks[0].pk == task1.pk and tasks[0].status == TaskStatus.IN_PROGRESS
    assert tasks[2].pk == task3.pk
    assert tasks[1].pk != task2.pk and "全省营商环境" in tasks[1].text
    assert ProgressReport.objects.filter(pk=kept_report.pk).exists()
    assert not ProgressReport.objects.filter(pk=lost_report.pk).exists()
    assert TaskEvent.objects.filter(task=task1, kind=EventKind.EDITED).count() == 1
    assert TaskEvent.objects.filter(task=tasks[3], kind=EventKind.IMPORTED).count() == 1
    assert Document.objects.filter(doc_number=document.doc_number).count() == 1
    assert sorted(Assignment.objects.filter(task=task1).values_list("role", flat=True)) == ["co", "lead"]


def test_unresolved_names_stop_the_import_with_their_list(agencies):
    before = row_counts()
    with pytest.raises(DocumentImportError) as caught:
        _import(SMALL_PLAN.encode())
    assert caught.value.unresolved == ["测试新单位"]
    assert "测试新单位" in str(caught.value) and "未导入任何内容" in str(caught.value)
    assert row_counts() == before


def test_preview_lists_unresolved_names_with_their_tasks(agencies):
    preview = document_preview(data=SMALL_PLAN.encode(), filename="p.txt")
    assert preview.unresolved == {"测试新单位": ["一·2"]}
    assert preview.task_count == 3
    row = preview.rows[1]
    assert [(r.name, r.agency) for r in row.co][-1] == ("测试新单位", None)
    assert any("测试新单位" in w for w in preview.warnings)


def test_mapping_to_an_existing_agency(agencies):
    target = Agency.objects.get(name="湖南省财政厅")
    before = Agency.objects.count()
    document = _import(SMALL_PLAN.encode(), mapping={"测试新单位": target.pk})
    assignment = Assignment.objects.get(task__document=document, task__number="2", agency=target)
    assert assignment.name_as_printed == "测试新单位" and assignment.role == AssignmentRole.CO
    assert Agency.objects.count() == before


def test_mapping_to_none_creates_that_agency(agencies):
    document = _import(SMALL_PLAN.encode(), mapping={"测试新单位": None})
    created = Agency.objects.get(name="测试新单位")
    assert created.kind == AgencyKind.OTHER
    assert Assignment.objects.filter(task__document=document, agency=created).count() == 1


def test_mapping_to_a_missing_agency_id_is_refused(agencies):
    before = row_counts()
    with pytest.raises(DocumentImportError, match="所选单位不存在"):
        _import(SMALL_PLAN.encode(), mapping={"测试新单位": 987654})
    assert row_counts() == before


def test_create_missing_creates_other_and_collective_agencies(db):
    """On an empty agency table every name is created; generic groups as collective names."""
    document = _import(SMALL_PLAN.encode(), create_missing=True)
    kinds = dict(Agency.objects.values_list("name", "kind"))
    assert kinds == {
        "省政务局": AgencyKind.OTHER, "省直相关部门": AgencyKind.COLLECTIVE, "省发展改革委": AgencyKind.OTHER,
        "测试新单位": AgencyKind.OTHER,
    }
    assert Assignment.objects.filter(task__document=document).count() == 7


def test_same_agency_as_lead_and_co_keeps_lead_only(db):
    document = _import(SMALL_PLAN.encode(), create_missing=True)
    rows = Assignment.objects.filter(task__document=document, task__number="3").select_related("agency")
    assert sorted((a.agency.name, a.role, a.name_as_printed) for a in rows) == [
        ("省发展改革委", "co", "省发展改革委"), ("省政务局", "lead", "省政务局")]


def test_failure_mid_import_leaves_no_rows(agencies, monkeypatch):
    before = row_counts()

    def broken(*args, **kwargs):
        raise RuntimeError("写入分工时出错")

    monkeypatch.setattr(Assignment.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        _import(SMALL_PLAN.encode(), create_missing=True)
    assert row_counts() == before


def test_sixty_tasks_import_in_a_handful_of_queries(agencies):
    preview = document_preview(data=seed_bytes("000_1290eb2504b71377.txt"), filename="000.txt")
    with CaptureQueriesContext(connection) as queries:
        document_import(parsed=preview.parsed, original_text=preview.original_text, source_filename="000.txt")
    assert Task.objects.count() == 63
    print(f"\n63 项任务导入用 {len(queries)} 条 SQL")
    assert len(queries) <= 20


def test_preview_of_a_replacement_says_what_would_be_kept_and_deleted(agencies):
    original = SMALL_PLAN.replace("测试新单位", "省财政厅")
    document = _import(original.encode(), "v1.txt")
    factories.ReportFactory(task=Task.objects.get(document=document, number="2"), agency=Agency.objects.first())
    changed = original.replace("开展营商环境评价", "开展全省营商环境评价")
    preview = document_preview(data=changed.encode(), filename="v2.txt")
    assert any("内容未变的 2 项任务" in w and "其余 1 项原任务将被删除（含进展报送 1 条）" in w for w in preview.warnings)


def test_ambiguous_name_is_never_created_even_with_create_missing(agencies):
    factories.AgencyFactory(name="测试新单位一", short_name="测试新单位")
    factories.AgencyFactory(name="测试新单位二", short_name="测试新单位")
    preview = document_preview(data=SMALL_PLAN.encode(), filename="p.txt")
    assert [a.name for a in preview.ambiguous["测试新单位"]] == ["测试新单位一", "测试新单位二"]
    before = row_counts()
    with pytest.raises(DocumentImportError, match="对应多个单位.*测试新单位一、测试新单位二"):
        _import(SMALL_PLAN.encode(), create_missing=True)
    assert row_counts() == before
    chosen = Agency.objects.get(name="测试新单位二")
    document = _import(SMALL_PLAN.encode(), mapping={"测试新单位": chosen.pk})
    assert Assignment.objects.filter(task__document=document, agency=chosen).count() == 1
