"""Dashboard rollups (issue 19): after every kind of write the figures counted from the rollup rows equal
the figures counted in the test from the tasks themselves, and a rebuild gives back the rows the triggers kept.

Each check compares three ways of counting: the rollups (what the office dashboard reads), the dashboard's
direct count over tasks (what it read before, still used for agency accounts), and tests/leadership/expected.py
(plain Python over the ORM rows, independent of the dashboard code).
"""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from agencies.roles import actor_for
from importing.services import document_import, document_preview
from leadership import dashboard_rollups, dashboards
from leadership.dashboards import dashboard_summary
from leadership.models import (
    AgencyRollup,
    AgencyRollupState,
    LeadRollup,
    SectionRollup,
    TaskRollup,
    TaskRollupState,
    YearRollup,
)
from leadership.rollup_models import KEY_FIELDS, LEAD_KEY_FIELDS, ROLLUP_DEADLINE_PAST, YEAR_KEY_FIELDS
from reporting.services import report_submit
from tasks.assignments import assignment_decline, assignment_reassign
from tasks.choices import AssignmentRole, TaskStatus
from tasks.extensions import task_deadline_change
from tasks.models import Assignment, Task
from tasks.services import signoff_approve, task_reopen
from tasks.subtasks import subtask_create
from tests import factories

from .conftest import MONTH, TODAY
from .expected import expected_summary
from .test_figures import assert_matches

pytestmark = pytest.mark.django_db
ROLLUP_COLUMNS = tuple(f"{f}_id" if f in ("document", "section") else f for f in KEY_FIELDS)
LEAD_COLUMNS = tuple("agency_id" if f == "agency" else f for f in LEAD_KEY_FIELDS)
NEW_TABLES = ((YearRollup, YEAR_KEY_FIELDS), (LeadRollup, LEAD_COLUMNS),
              (SectionRollup, ("document_id", "section_id", "year")))


def _summary(office_user, today, **filters) -> dict:
    summary = dashboard_summary(actor=actor_for(office_user), today=today, **filters)
    assert summary["counted_from"] == "rollups"
    return summary


def _direct(office_user, today, **filters) -> dict:
    with mock.patch.object(dashboards, "rollups_available", lambda *_: False):
        summary = dashboard_summary(actor=actor_for(office_user), today=today, **filters)
    assert summary["counted_from"] == "tasks"
    return summary


def _rows() -> tuple[list, ...]:
    """Every rollup and state row, in a stable order (ids left out: a rebuild renumbers)."""
    return (
        sorted(TaskRollup.objects.values_list(*ROLLUP_COLUMNS, "n"), key=repr),
        sorted(AgencyRollup.objects.values_list("agency_id", "is_lead", *ROLLUP_COLUMNS, "n"), key=repr),
        sorted(TaskRollupState.objects.values_list("task_id", *ROLLUP_COLUMNS, "year"), key=repr),
        sorted(AgencyRollupState.objects.values_list("task_id", "agency_id", "is_lead"), key=repr),
        *(sorted(model.objects.values_list(*columns, "n"), key=repr) for model, columns in NEW_TABLES),
    )


def check(office_user, today=TODAY, agencies=()):
    """Rollups == direct count == the test's own count, unfiltered and per filter; rebuild changes nothing."""
    years = set(Task.objects.values_list("document__year", flat=True))
    documents = list(Task.objects.values_list("document_id", flat=True).distinct()[:2])
    cases = [{}, *({"year": y} for y in years if y), *({"document_id": d} for d in documents),
             *({"agency_id": a.pk} for a in agencies)]
    for filters in cases:
        summary = _summary(office_user, today, **filters)
        direct = _direct(office_user, today, **filters)
        assert {**summary, "counted_from": "-"} == {**direct, "counted_from": "-"}, filters
        assert_matches(summary, expected_summary(today, **filters))
    for model in (TaskRollup, AgencyRollup, YearRollup, LeadRollup, SectionRollup):
        assert not model.objects.filter(n__lte=0).exists(), model
    # Each document-free table counts every task (leads: every lead assignment) once.
    assert sum(YearRollup.objects.values_list("n", flat=True)) == Task.objects.count()
    assert sum(SectionRollup.objects.values_list("n", flat=True)) == Task.objects.count()
    assert sum(LeadRollup.objects.values_list("n", flat=True)) == Assignment.objects.filter(
        role=AssignmentRole.LEAD).count()
    kept = _rows()
    assert len(kept[2]) == Task.objects.count() and len(kept[3]) == Assignment.objects.count()
    call_command("rebuild_dashboard_rollups", verbosity=0)
    assert _rows() == kept


@pytest.fixture
def agencies(agency_a, agency_b, collective):
    return [agency_a, agency_b, collective]


def test_the_varied_data_set_counts_the_same(dataset, office_user, agencies):
    check(office_user, agencies=agencies)
    assert TaskRollup.objects.count() < Task.objects.count()  # tasks sharing inputs share a row


PLAN = """湖南省2021年深化改革重点任务分工方案

一、优化服务
1. 建立企业诉求直达机制。（牵头单位：省政务局；责任单位：省司法厅；完成时限：2021年9月底前）
2. 推进政务服务“一网通办”。（牵头单位：省政务局；完成时限：持续推进）
二、强化监管
3. 出台配套文件。（牵头单位：省司法厅；完成时限：2021年8月底前）
4. 开展专项检查。（牵头单位：省司法厅、省政务局；完成时限：2021年12月底前）
"""


def test_importing_a_plan_counts_its_tasks(office_user, agencies):
    preview = document_preview(data=PLAN.encode(), filename="plan.txt")
    document = document_import(parsed=preview.parsed, user=office_user, original_text=preview.original_text,
                               source_filename="plan.txt")
    assert document.tasks.count() == 4
    summary = _summary(office_user, TODAY)
    assert summary["totals"]["total"] == 4 and summary["totals"]["overdue"] == 1
    assert {a["id"]: a["total"] for a in summary["league"]} == {agencies[0].pk: 3, agencies[1].pk: 2}
    check(office_user, agencies=agencies)


def test_status_changes_sign_off_and_reopening(dataset, office_user, agencies):
    open_tasks = Task.objects.filter(status=TaskStatus.SIGNOFF_REQUESTED).exclude(deadline=None).order_by("id")
    first, second = open_tasks[0], open_tasks[1]
    signoff_approve(user=office_user, task=first)
    # Signed off "now" (2026) would stretch the trend past its 24 months, which expected.py does not trim.
    # 00:30 in Beijing on the deadline is the day before in UTC: still on time, counted in the deadline's month.
    signed_at = timezone.make_aware(datetime.datetime.combine(first.deadline, datetime.time(0, 30)))
    Task.objects.filter(pk=first.pk).update(signed_off_at=signed_at)
    check(office_user, agencies=agencies)
    task_reopen(user=office_user, task=first, reason="核查发现尚未完成")
    second.status = TaskStatus.RETURNED  # an edit through save(), as the admin makes it
    second.save()
    check(office_user, agencies=agencies)


def test_reports_move_progress_and_the_month_reported(dataset, office_user, agency_a, agencies):
    liaison = factories.UserFactory(role="liaison", agency=agency_a)
    mine = (Task.objects.filter(assignments__agency=agency_a).exclude(status=TaskStatus.SIGNED_OFF)
            .exclude(reports__period=MONTH).order_by("id"))
    task = mine[0]
    before = _summary(office_user, TODAY)["totals"]
    report_submit(user=liaison, task=task, period=MONTH, content="本月完成方案起草。", percent=55)
    task.refresh_from_db()
    assert task.progress_percent == 55
    check(office_user, agencies=agencies)
    after = _summary(office_user, TODAY)["totals"]
    assert after != before  # the report changed what the dashboard shows (yellow or orange)
    task.reports.all().delete()
    check(office_user, agencies=agencies)


def test_assignments_added_removed_and_reassigned(dataset, office_user, agency_a, agency_b, agencies):
    task = Task.objects.filter(assignments__agency=agency_a).exclude(assignments__agency=agency_b).first()
    added = factories.AssignmentFactory(task=task, agency=agency_b, role=AssignmentRole.LEAD)
    check(office_user, agencies=agencies)
    liaison_b = factories.UserFactory(role="liaison", agency=agency_b)
    assignment_decline(user=liaison_b, assignment=added, reason="不属于本单位职责")
    other = factories.AgencyFactory(name="湖南省改派厅")
    assignment_reassign(user=office_user, assignment=added, agency=other)
    assert Assignment.objects.get(pk=added.pk).agency_id == other.pk
    check(office_user, agencies=[*agencies, other])
    Assignment.objects.filter(task=task, agency=agency_a).delete()
    Assignment.objects.filter(task=task, agency=other).update(role=AssignmentRole.CO)  # bulk, not save()
    check(office_user, agencies=[*agencies, other])


def test_deadline_change_and_sub_tasks(dataset, office_user, agency_a, agencies):
    parent = (Task.objects.filter(assignments__agency=agency_a, assignments__role=AssignmentRole.LEAD,
                                  deadline__gte=TODAY)
              .exclude(status=TaskStatus.SIGNED_OFF).first())
    task_deadline_change(user=office_user, task=parent, deadline=TODAY - datetime.timedelta(days=2), reason="提前")
    check(office_user, agencies=agencies)
    task_deadline_change(user=office_user, task=parent, deadline=TODAY + datetime.timedelta(days=60), reason="恢复")
    head = factories.UserFactory(role="head", agency=agency_a)
    sub = subtask_create(user=head, task=parent, text="起草配套细则", deadline=TODAY + datetime.timedelta(days=3))
    assert sub.parent_id == parent.pk and sub.assignments.filter(agency=agency_a).exists()
    check(office_user, agencies=agencies)


def test_deleting_tasks_and_documents(dataset, office_user, agencies):
    Task.objects.filter(pk=Task.objects.order_by("id").first().pk).delete()
    check(office_user, agencies=agencies)
    document = Task.objects.order_by("id").first().document
    document.delete()
    assert not TaskRollup.objects.filter(document_id=document.pk).exists()
    assert not AgencyRollup.objects.filter(document_id=document.pk).exists()
    check(office_user, agencies=agencies)


def test_bulk_updates_and_bulk_creates(dataset, office_user, agencies):
    # One statement over many tasks: what bench/generate.py's COPY and a queryset update() do.
    Task.objects.filter(status=TaskStatus.IN_PROGRESS).update(deadline=F("deadline") - datetime.timedelta(days=9))
    Task.objects.filter(progress_percent=20).update(progress_percent=85, assigned_on=datetime.date(2021, 1, 4))
    check(office_user, agencies=agencies)
    template = Task.objects.order_by("id").first()
    Task.objects.bulk_create([
        Task(document_id=template.document_id, plan_id=template.plan_id, section_id=None, number=f"新{i}",
             order=10_000 + i, text="批量新增", deadline=TODAY + datetime.timedelta(days=i)) for i in range(5)
    ])
    check(office_user, agencies=agencies)


def test_figures_follow_the_date_without_any_write(office_user, agency_a, time_machine):
    """Overdue, 临期 and 本月未报送 change with the day, not with writes: the rows keep dates, not verdicts."""
    time_machine.move_to(datetime.datetime(2026, 11, 18, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
    today = timezone.localdate()
    november = today.replace(day=1)
    for offset in (-1, 0, 3, 12, 60):
        task = factories.task_with(lead=[agency_a], deadline=today + datetime.timedelta(days=offset),
                                   status=TaskStatus.IN_PROGRESS)
        if offset in (3, 60):
            factories.ReportFactory(task=task, agency=agency_a, period=november)
    first = _summary(office_user, today)["totals"]
    assert (first["overdue"], first["upcoming"]) == (1, 3)
    check(office_user, today, agencies=[agency_a])

    time_machine.move_to(datetime.datetime(2026, 12, 21, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
    later = timezone.localdate()
    summary = dashboard_summary(actor=actor_for(office_user))  # today from the clock
    assert summary["today"] == later and summary["counted_from"] == "rollups"
    assert summary["totals"]["overdue"] == 4  # all but the task due in 60 days
    # December, in the report window: November's reports no longer count as this month's.
    assert summary["totals"]["yellow"] == 1
    check(office_user, later, agencies=[agency_a])


def test_rebuild_repairs_damaged_rows(dataset, office_user, agencies):
    expected = _summary(office_user, TODAY)
    TaskRollup.objects.update(n=F("n") + 1)
    AgencyRollup.objects.filter(is_lead=True).delete()
    YearRollup.objects.update(n=F("n") * 2)
    LeadRollup.objects.all().delete()
    SectionRollup.objects.filter(section__isnull=False).delete()
    assert _summary(office_user, TODAY) != expected
    call_command("rebuild_dashboard_rollups", verbosity=0)
    assert _summary(office_user, TODAY) == expected
    check(office_user, agencies=agencies)


def test_agency_accounts_still_count_their_own_tasks(dataset, liaison_a):
    summary = dashboard_summary(actor=actor_for(liaison_a), today=TODAY)
    assert summary["counted_from"] == "tasks"  # several agencies' tasks at once and their own reports


def test_the_rows_grow_with_distinct_dates_not_with_tasks(office_user, agency_a):
    section = factories.SectionFactory()
    for _ in range(40):
        factories.task_with(lead=[agency_a], section=section, deadline=TODAY, status=TaskStatus.IN_PROGRESS)
    task = Task.objects.first()
    assert TaskRollup.objects.count() == 1 and TaskRollup.objects.get().n == 40
    assert AgencyRollup.objects.count() == 1 and AgencyRollup.objects.get().n == 40
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.SIGNED_OFF, signed_off_at=F("created_at"))
    assert sorted(TaskRollup.objects.values_list("n", flat=True)) == [1, 39]
    assert _summary(office_user, TODAY)["totals"]["signed_off"] == 1


@pytest.mark.parametrize("query", [{}, {"agency": "b"}, {"year": 2021}])
def test_filtered_office_page_stays_within_the_budget(query, dataset, client, office_user, agency_b,
                                                      django_assert_max_num_queries):
    from .test_queries_and_pages import MAX_QUERIES

    params = {"agency": agency_b.pk} if query.get("agency") else query
    client.force_login(office_user)
    client.get("/dashboard/", params)  # the session's first request writes its activity stamp
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/dashboard/", params)
    assert response.status_code == 200 and response.context["summary"]["counted_from"] == "rollups"


def test_a_documents_year_moves_its_tasks_between_the_years(dataset, office_user, agencies):
    """The document-free rows are keyed by the document's year, which the office can correct in the admin."""
    document = Task.objects.order_by("id").first().document
    moved = document.tasks.count()
    old_year, new_year = document.year, 2019
    before = {y: _summary(office_user, TODAY, year=y)["totals"]["total"] for y in (old_year, new_year)}
    document.year = new_year
    document.save()
    after = {y: _summary(office_user, TODAY, year=y)["totals"]["total"] for y in (old_year, new_year)}
    assert after == {old_year: before[old_year] - moved, new_year: before[new_year] + moved}
    assert set(TaskRollupState.objects.filter(document_id=document.pk).values_list("year", flat=True)) == {new_year}
    check(office_user, agencies=agencies)
    document.title = "只改标题"  # no year change: nothing to recount
    document.save()
    check(office_user, agencies=agencies)


def test_unfiltered_dashboard_lists_the_same_first_documents_and_sections(dataset, office_user, agencies,
                                                                         monkeypatch):
    """The document-free path reads TaskRollup for the listed documents only; with lists shorter than the
    documents, it lists the same ones, in the same order, with the same totals, as the direct count."""
    for number in ("湘政办发〔2021〕3号", "湘政办发〔2021〕12号", "", "湘政发〔2021〕1号"):  # one document each
        task = factories.task_with(lead=agencies[:1], deadline=TODAY, status=TaskStatus.IN_PROGRESS)
        type(task.document).objects.filter(pk=task.document_id).update(doc_number=number, year=2021)
    assert Task.objects.values("document_id").distinct().count() > 3
    for module in (dashboards, dashboard_rollups):
        monkeypatch.setattr(module, "DOCUMENT_LIMIT", 2)
        monkeypatch.setattr(module, "SECTION_LIMIT", 3)
    for filters in ({}, {"year": Task.objects.order_by("id").first().document.year}):
        summary, direct = _summary(office_user, TODAY, **filters), _direct(office_user, TODAY, **filters)
        assert len(summary["by_document"]) <= 2 and len(summary["by_section"]) <= 3
        assert {**summary, "counted_from": "-"} == {**direct, "counted_from": "-"}, filters
        assert summary["documents_total"] > len(summary["by_document"])

def test_signed_off_tasks_of_any_deadline_share_the_document_free_rows(office_user, agency_a):
    """Rows grow with dates and statuses, not tasks: a signed-off task's deadline is only "it had one"."""
    signed_at = timezone.make_aware(datetime.datetime(2026, 3, 10, 10))
    for month in range(4, 12):  # eight deadlines, one document each, all signed off on time in March
        factories.task_with(lead=[agency_a], deadline=datetime.date(2026, month, 28),
                            status=TaskStatus.SIGNED_OFF, signed_off_at=signed_at)
    assert TaskRollup.objects.count() == 8  # one per document
    assert list(YearRollup.objects.values_list("deadline", "on_time", "n")) == [(ROLLUP_DEADLINE_PAST, True, 8)]
    assert LeadRollup.objects.get().n == 8
    totals = _summary(office_user, TODAY)["totals"]
    assert (totals["signed_off"], totals["due"], totals["on_time"]) == (8, 8, 8)
    check(office_user, agencies=[agency_a])
