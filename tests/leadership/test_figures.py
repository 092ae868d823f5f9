"""Dashboard figures against counts computed in the test, for each kind of user."""

import datetime

import pytest

from agencies.roles import actor_for
from agencies.scoping import agency_scope_ids
from leadership import dashboards
from leadership.dashboards import dashboard_summary
from tests.factories import DocumentFactory

from .expected import FIELDS, expected_summary, pick

pytestmark = pytest.mark.django_db


def assert_matches(summary, expected):
    assert pick(summary["totals"]) == {k: expected["totals"].get(k, 0) for k in FIELDS}
    assert {s["status"]: s["count"] for s in summary["totals"]["by_status"] if s["count"]} == expected["statuses"]
    assert {d["id"]: pick(d) for d in summary["by_document"]} == expected["by_document"]
    assert {s["id"]: pick(s) for s in summary["by_section"]} == expected["by_section"]
    league_fields = [f for f in FIELDS if f != "upcoming"]
    assert {a["id"]: {k: a[k] for k in league_fields} for a in summary["league"]} == {
        k: {f: v[f] for f in league_fields} for k, v in expected["league"].items()
    }
    assert {t["month"]: t["count"] for t in summary["signed_off_trend"] if t["count"]} == expected["trend"]
    assert summary["overdue"]["count"] == len(expected["overdue"])
    assert [t["id"] for t in summary["overdue"]["items"]] == [t.pk for t in expected["overdue"]][:50]
    assert summary["upcoming"]["count"] == len(expected["upcoming"])
    assert [t["id"] for t in summary["upcoming"]["items"]] == [t.pk for t in expected["upcoming"]][:50]


def test_office_sees_every_task(dataset, office_user, today):
    summary = dashboard_summary(actor=actor_for(office_user), today=today)
    expected = expected_summary(today)
    assert summary["totals"]["total"] == len(dataset)
    # The data set exercises every figure, so none of the comparisons below is vacuous.
    assert all(expected["totals"][k] > 0 for k in FIELDS)
    assert summary["scope"] == "all"
    assert_matches(summary, expected)


def test_rates(dataset, leader_user, today):
    totals = dashboard_summary(actor=actor_for(leader_user), today=today)["totals"]
    expected = expected_summary(today)["totals"]
    assert totals["completion_rate"] == round(100 * expected["signed_off"] / expected["total"], 1)
    assert totals["on_time_rate"] == round(100 * expected["on_time"] / expected["due"], 1)
    assert totals["open"] == expected["total"] - expected["signed_off"]


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "liaison_b"])
def test_agency_sees_only_its_own_numbers(dataset, who, request, today):
    user = request.getfixturevalue(who)
    actor = actor_for(user)
    own = agency_scope_ids(actor.agency_id)
    summary = dashboard_summary(actor=actor, today=today)
    expected = expected_summary(today, agency_ids=own)
    everything = expected_summary(today)
    assert 0 < summary["totals"]["total"] < everything["totals"]["total"]
    assert summary["scope"] == "agency"
    assert {a["id"] for a in summary["league"]} <= set(own)
    assert_matches(summary, expected)


def test_agency_a_sees_collective_tasks(dataset, liaison_a, collective, today):
    summary = dashboard_summary(actor=actor_for(liaison_a), today=today)
    assert collective.pk in {a["id"] for a in summary["league"]}


@pytest.mark.parametrize("filters", [{"year": 2020}, {"agency": "b"}, {"document": "first"}])
def test_filters(dataset, office_user, agency_b, today, filters):
    kwargs = dict(filters)
    if kwargs.get("agency") == "b":
        kwargs = {"agency_id": agency_b.pk}
    if kwargs.get("document") == "first":
        kwargs = {"document_id": dataset[0].document_id}
    summary = dashboard_summary(actor=actor_for(office_user), today=today, **kwargs)
    expected = expected_summary(today, **kwargs)
    assert 0 < summary["totals"]["total"] < len(dataset)
    assert_matches(summary, expected)


def test_no_role_sees_nothing(dataset, today, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x")
    summary = dashboard_summary(actor=actor_for(user), today=today)
    assert summary["totals"]["total"] == 0 and summary["league"] == [] and summary["overdue"]["items"] == []


def test_many_documents_are_read_whole_and_trimmed(dataset, office_user, today, monkeypatch):
    """Past ID_LIST_LIMIT documents the summary reads the whole table and keeps only those with figures."""
    monkeypatch.setattr(dashboards, "ID_LIST_LIMIT", 0)
    DocumentFactory(title="没有任务的文件")
    summary = dashboard_summary(actor=actor_for(office_user), today=today)
    assert_matches(summary, expected_summary(today))
    assert summary["documents_total"] == len({t.document_id for t in dataset})


@pytest.mark.parametrize("status, yellow", [("pending_head", 1), ("returned_by_head", 1), ("submitted", 0),
                                            ("accepted", 0)])
def test_a_report_still_with_its_head_is_not_reported(agency_a, office_user, today, status, yellow):
    """In the report window a task without this month's report is yellow; a draft that has not left the
    agency (须经单位负责人审核) does not count as the report, on the dashboard as on the task's warning."""
    from tasks.warnings import warning_context, with_report_flag
    from tests.factories import ReportFactory, task_with

    task = task_with(lead=[agency_a], deadline=today + datetime.timedelta(days=120), status="in_progress")
    ReportFactory(task=task, agency=agency_a, period=today.replace(day=1), status=status)
    totals = dashboard_summary(actor=actor_for(office_user), today=today)["totals"]
    assert (totals["total"], totals["yellow"]) == (1, yellow)
    flagged = with_report_flag(type(task).objects.filter(pk=task.pk), warning_context(today)).get()
    assert flagged.has_report_this_month is (not yellow)
    # The head approves: the report leaves the agency and the task is reported (the rollups follow the update).
    task.reports.update(status="submitted")
    assert dashboard_summary(actor=actor_for(office_user), today=today)["totals"]["yellow"] == 0
