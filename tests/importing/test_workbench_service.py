"""The preview as a workbench, as services: readings, edit/split/merge/drop, mapping and alias memory."""

import datetime as dt

import pytest

from agencies.models import AgencyAlias
from agencies.suggest import agency_suggestions
from documents.models import Document
from importing.drafts import DraftError, draft_drop, draft_merge, draft_split
from importing.services import DocumentImportError, document_preview, preview_import
from tasks.choices import AssignmentRole
from tasks.models import Assignment, Task

from .conftest import row_counts
from .workbench_plans import NEW_NAME, plan_bytes

pytestmark = pytest.mark.django_db


def _preview(**kwargs):
    return document_preview(data=plan_bytes(), filename="工作台.txt", **kwargs)


def _saved(document):
    tasks = list(Task.objects.filter(document=document).order_by("order"))
    return [(t.number, t.section.number if t.section else None, t.text, t.deadline) for t in tasks]


def _units(task, role):
    return sorted(a.agency.name for a in Assignment.objects.filter(task=task, role=role).select_related("agency"))


def test_preview_offers_every_reading_and_flags_the_unknown_unit(agency_a, agency_b):
    preview = _preview()
    assert [(r.id, r.task_count, r.chosen) for r in preview.parsed.readings] == [
        ("auto", 4, True), ("level:arabic", 4, False), ("level:paren_cn", 3, False)]
    assert preview.parser_choice == "auto" and not preview.no_units
    second = preview.rows[1]
    assert f"单位不在系统中：{NEW_NAME}" in second.doubts
    assert list(preview.unresolved) == [NEW_NAME]


def test_another_reading_and_the_loud_warning_when_it_carries_no_units(agency_a, agency_b):
    preview = _preview(reading="level:paren_cn")
    assert preview.reading == "level:paren_cn" and preview.parser_choice == "auto"
    assert [r.task.number for r in preview.rows] == ["一", "二", "三"]
    assert preview.no_units
    assert "均未标明责任单位" in preview.warnings[0]
    assert all("未找到责任单位条款" in row.doubts for row in preview.rows)


def test_split_merge_drop_and_edit_are_saved_and_recorded(agency_a, agency_b, office_user):
    preview = _preview()
    drafts = preview.drafts
    drafts = draft_drop(drafts, 3)  # 4. goes
    drafts = draft_merge(drafts, 0)  # 1. + 2.
    drafts = draft_split(drafts, 1)  # 3. at the sentence end nearest the middle
    drafts[0].lead, drafts[0].co = ["省政务局"], ["省司法厅"]
    drafts[1].deadline = dt.date(2030, 8, 31)
    preview = _preview(drafts=drafts)
    document = preview_import(preview, user=office_user, source_filename="工作台.txt")

    saved = _saved(document)
    assert [s[0] for s in saved] == ["1", "3", "3-2"]
    assert saved[0][2].startswith("推进政务服务") and "开展营商环境评价" in saved[0][2]
    assert saved[1][2].endswith("2030年9月底前完成。") and saved[2][2].startswith("部署跨部门联合抽查")
    assert saved[0][3] == dt.date(2030, 12, 31)  # the later of the two (2. is inferred at year end)
    assert saved[1][3] == dt.date(2030, 8, 31) and saved[2][3] == dt.date(2030, 9, 30)
    first = Task.objects.get(document=document, order=1)
    assert _units(first, AssignmentRole.LEAD) == ["湖南省政务管理服务局"]
    assert _units(first, AssignmentRole.CO) == ["湖南省司法厅"]

    kinds = [c["kind"] for c in document.import_record.corrections]
    assert kinds.count("drop") == 1 and "merge" in kinds and "split" in kinds
    edit = next(c for c in document.import_record.corrections if c["kind"] == "edit")
    assert edit["field"] == "deadline" and edit["after"] == "2030-08-31" and edit["before"] == "2030-09-30"
    assert all(c["summary"] for c in document.import_record.corrections)
    # The parser's own output is kept beside the corrections: its four tasks, its readings.
    assert len(document.import_record.parser_output["plans"][0]["tasks"]) == 4
    assert [r["id"] for r in document.import_record.parser_output["readings"]] == ["auto", "level:arabic", "level:paren_cn"]


def test_mapping_is_remembered_as_an_alias_and_the_next_import_resolves_it(agency_a, agency_b, office_user):
    assert agency_suggestions([NEW_NAME]) == {NEW_NAME: []}  # nothing alike in the registry
    preview = _preview()
    document = preview_import(preview, user=office_user, mapping={NEW_NAME: agency_b.pk})
    assert AgencyAlias.objects.get(name=NEW_NAME).agency == agency_b
    second = Task.objects.get(document=document, number="2")
    assert _units(second, AssignmentRole.LEAD) == ["湖南省司法厅"]
    mapped = next(c for c in document.import_record.corrections if c["kind"] == "map")
    assert mapped["name"] == NEW_NAME and mapped["agency_id"] == agency_b.pk

    again = _preview()
    assert again.unresolved == {} and again.found[NEW_NAME] == agency_b


def test_a_name_already_in_the_registry_is_not_made_an_alias(agency_a, agency_b, office_user):
    preview = _preview()
    preview_import(preview, user=office_user, mapping={NEW_NAME: agency_b.pk, "省政务局": agency_a.pk})
    assert list(AgencyAlias.objects.values_list("name", flat=True)) == [NEW_NAME]


def test_suggestions_rank_close_registry_names_first(agency_a, agency_b):
    suggestions = agency_suggestions(["省司法局", "省政务服务局"])
    assert suggestions["省司法局"][0].agency == agency_b
    assert suggestions["省政务服务局"][0].agency == agency_a
    assert all(s.score >= 60 for ss in suggestions.values() for s in ss)


def test_bad_drafts_are_refused_with_every_problem_and_nothing_is_saved(agency_a, agency_b, office_user):
    drafts = _preview().drafts
    drafts[0].text = "  "
    drafts[1].number = ""
    drafts[2].sources = [99]
    before = row_counts()
    with pytest.raises(DraftError) as caught:
        _preview(drafts=drafts)
    problems = caught.value.problems
    assert any("任务内容不能为空" in p for p in problems) and any("编号不能为空" in p for p in problems)
    assert any("来源任务编号不存在" in p for p in problems)
    assert row_counts() == before


def test_a_split_without_a_sentence_end_asks_where_to_split(agency_a, agency_b):
    drafts = _preview().drafts
    drafts[0].text = "推进政务服务一网通办"
    with pytest.raises(DraftError, match="无法拆分"):
        draft_split(drafts, 0)
    assert [d.text for d in draft_split(drafts, 0, at=4)[:2]] == ["推进政务", "服务一网通办"]


def test_a_refused_import_keeps_no_alias(agency_a, agency_b, office_user):
    drafts = _preview().drafts
    drafts[3].lead = ["完全不存在的单位"]
    preview = _preview(drafts=drafts)
    with pytest.raises(DocumentImportError, match="完全不存在的单位"):
        preview_import(preview, user=office_user, mapping={NEW_NAME: agency_b.pk})
    assert not AgencyAlias.objects.exists() and not Document.objects.exists()
