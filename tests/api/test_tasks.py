"""GET /api/tasks/ and /api/tasks/{id}/: shape, every filter, ordering, paging, scoping and 400s."""

import datetime

import pytest
from django.utils import timezone

from tasks.choices import TaskStatus
from tasks.models import Assignment
from tests.api.conftest import token_client
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    DocumentFactory,
    ReportFactory,
    SectionFactory,
    TaskFactory,
    task_with,
)

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def today():
    return timezone.localdate()


def test_task_shape_has_the_stable_fields(as_office, agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b], deadline_text="2021年9月底前")
    body = as_office.get("/api/tasks/").json()
    # next_cursor: the keyset continuation after this page (tests/api/test_keyset_pages.py).
    assert set(body) == {"count", "next", "previous", "next_cursor", "results"}
    row = body["results"][0]
    for field in ("id", "number", "document", "section", "text", "deadline", "deadline_text", "status", "warning",
                  "assignments"):
        assert field in row
    assert row["id"] == task.pk
    assert row["document"]["id"] == task.document_id
    assert row["section"]["id"] == task.section_id
    assert row["deadline"] == "2021-09-30"
    assert row["warning"] in {"red", "yellow", "green"}
    stable = ("id", "agency", "role", "role_display", "name_as_printed", "is_global", "state", "state_display")
    assert [{k: a[k] for k in stable} for a in row["assignments"]] == [
        {"id": task.assignments.get(agency=agency_a).pk,
         "agency": {"id": agency_a.pk, "name": agency_a.name, "short_name": "省政务局"}, "role": "lead",
         "role_display": "牵头", "name_as_printed": "", "is_global": False, "state": "pending", "state_display": "待签收"},
        {"id": task.assignments.get(agency=agency_b).pk,
         "agency": {"id": agency_b.pk, "name": agency_b.name, "short_name": "省司法厅"}, "role": "co",
         "role_display": "配合", "name_as_printed": "", "is_global": False, "state": "pending", "state_display": "待签收"},
    ]
    assert row["original_deadline"] == "2021-09-30" and row["parent"] is None and row["subtasks"] == []
    assert row["my_role"] is None  # office acts for no agency


@pytest.mark.parametrize("who", ["office", "liaison"])
def test_list_rows_are_exactly_what_the_task_serializer_writes(who, office_user, liaison_a, agency_a, agency_b):
    """The list formats plain rows itself (tasks/api/task_rows.py); the detail uses TaskSerializer: same JSON."""
    signed = task_with(lead=[agency_a], co=[agency_b], status=TaskStatus.SIGNED_OFF,
                       signed_off_at=datetime.datetime(2021, 9, 30, 16, 30, 5, 123456, tzinfo=datetime.UTC))
    ReportFactory(task=signed, agency=agency_a, period=today().replace(day=1))
    task_with(lead=[agency_b], co=[agency_a], deadline=None, deadline_text="长期坚持", section=None,
              document=signed.document, plan=signed.plan, subsection="（三）", recurrence="monthly")
    task_with(lead=[agency_a, agency_b], co=[AgencyFactory(short_name="")], deadline=today(),
              deadline_inferred=True)
    AssignmentFactory(task=task_with(lead=[agency_b]), agency=agency_a, role="co", name_as_printed="各市州政府",
                      is_global=True)
    # Every time field of an assignment filled (with and without microseconds) and one reminded, pending one.
    moment = datetime.datetime(2021, 10, 8, 1, 2, 3, 450000, tzinfo=datetime.UTC)
    signed.assignments.filter(agency=agency_a).update(state="done", acknowledged_at=moment,
                                                      done_at=moment.replace(microsecond=0), office_note="已核实")
    signed.assignments.filter(agency=agency_b).update(state="declined", declined_at=moment, decline_reason="非本单位职责")
    Assignment.objects.filter(task__deadline_inferred=True, role="co").update(ack_reminded_at=moment)
    client = token_client(office_user if who == "office" else liaison_a)
    rows = client.get("/api/tasks/").json()["results"]
    assert len(rows) == 4
    shown = {a["id"]: a for row in rows for a in row["assignments"]}
    done = shown[signed.assignments.get(agency=agency_a).pk]
    assert (done["acknowledged_at"], done["done_at"]) == ("2021-10-08T09:02:03.450000+08:00", "2021-10-08T09:02:03+08:00")
    assert any(a["ack_overdue"] for a in shown.values())
    for row in rows:
        assert row == client.get(f"/api/tasks/{row['id']}/").json()
    assert {r["section"] is None for r in rows} == {True, False}
    assert {r["my_role"] for r in rows} == ({None} if who == "office" else {"lead", "co"})


def test_liaison_sees_only_their_agency_tasks_and_their_role(as_liaison_a, agency_a, agency_b):
    lead = task_with(lead=[agency_a])
    co = task_with(lead=[agency_b], co=[agency_a])
    other = task_with(lead=[agency_b])
    body = as_liaison_a.get("/api/tasks/").json()
    assert {r["id"]: r["my_role"] for r in body["results"]} == {lead.pk: "lead", co.pk: "co"}
    assert as_liaison_a.get(f"/api/tasks/{other.pk}/").status_code == 404
    assert as_liaison_a.get(f"/api/tasks/{lead.pk}/").json()["my_role"] == "lead"


def test_collective_assignment_is_visible_to_member_agency(liaison_a, agency_a, agency_b):
    collective = AgencyFactory(name="各市州人民政府", kind="collective")
    collective.members.add(agency_a)
    task = task_with(lead=[collective])
    task_with(lead=[agency_b])
    assert ids(token_client(liaison_a).get("/api/tasks/")) == {task.pk}


def test_filters_document_year_section(as_office, agency_a):
    doc_2020 = DocumentFactory(year=2020)
    old = task_with(lead=[agency_a], section=SectionFactory(plan__document=doc_2020))
    new = task_with(lead=[agency_a])
    assert ids(as_office.get("/api/tasks/", {"document": doc_2020.pk})) == {old.pk}
    assert ids(as_office.get("/api/tasks/", {"year": 2021})) == {new.pk}
    assert ids(as_office.get("/api/tasks/", {"section": new.section_id})) == {new.pk}


def test_filters_agency_and_role(as_office, agency_a, agency_b):
    a_leads = task_with(lead=[agency_a], co=[agency_b])
    b_leads = task_with(lead=[agency_b], co=[agency_a])
    assert ids(as_office.get("/api/tasks/", {"agency": agency_a.pk})) == {a_leads.pk, b_leads.pk}
    assert ids(as_office.get("/api/tasks/", {"agency": agency_a.pk, "role": "lead"})) == {a_leads.pk}
    assert ids(as_office.get("/api/tasks/", {"agency": agency_a.pk, "role": "co"})) == {b_leads.pk}


def test_role_filter_for_a_liaison_means_my_role(as_liaison_a, agency_a, agency_b):
    a_leads = task_with(lead=[agency_a])
    a_helps = task_with(lead=[agency_b], co=[agency_a])
    assert ids(as_liaison_a.get("/api/tasks/", {"role": "lead"})) == {a_leads.pk}
    assert ids(as_liaison_a.get("/api/tasks/", {"role": "co"})) == {a_helps.pk}


def test_filter_status_and_open(as_office, agency_a):
    running = task_with(lead=[agency_a], status=TaskStatus.IN_PROGRESS)
    waiting = task_with(lead=[agency_a])
    done = task_with(lead=[agency_a], status=TaskStatus.SIGNED_OFF, signed_off_at=timezone.now())
    assert ids(as_office.get("/api/tasks/", {"status": "in_progress"})) == {running.pk}
    assert ids(as_office.get("/api/tasks/", {"open": "true"})) == {running.pk, waiting.pk}
    assert ids(as_office.get("/api/tasks/", {"open": "false"})) == {done.pk}


def test_filters_warning_overdue_and_deadline_range(as_office, agency_a):
    now = today()
    red = task_with(lead=[agency_a], deadline=now - datetime.timedelta(days=3))
    yellow = task_with(lead=[agency_a], deadline=now + datetime.timedelta(days=2))
    later = now + datetime.timedelta(days=200)
    green = task_with(lead=[agency_a], deadline=later)
    # Green needs no "not reported this month" yellow either: give it this month's report.
    ReportFactory(task=green, agency=agency_a, period=now.replace(day=1))
    ReportFactory(task=yellow, agency=agency_a, period=now.replace(day=1))
    assert ids(as_office.get("/api/tasks/", {"warning": "red"})) == {red.pk}
    assert ids(as_office.get("/api/tasks/", {"warning": "yellow"})) == {yellow.pk}
    assert ids(as_office.get("/api/tasks/", {"warning": "green"})) == {green.pk}
    assert ids(as_office.get("/api/tasks/", {"overdue": "true"})) == {red.pk}
    assert ids(as_office.get("/api/tasks/", {"overdue": "false"})) == {yellow.pk, green.pk}
    assert ids(as_office.get("/api/tasks/", {"deadline_before": now.isoformat()})) == {red.pk}
    assert ids(as_office.get("/api/tasks/", {"deadline_after": later.isoformat()})) == {green.pk}
    colours = {r["id"]: r["warning"] for r in as_office.get("/api/tasks/").json()["results"]}
    assert colours == {red.pk: "red", yellow.pk: "yellow", green.pk: "green"}


def test_filter_has_report_this_month(as_office, agency_a):
    reported = task_with(lead=[agency_a])
    silent = task_with(lead=[agency_a])
    ReportFactory(task=reported, agency=agency_a, period=today().replace(day=1))
    assert ids(as_office.get("/api/tasks/", {"has_report_this_month": "true"})) == {reported.pk}
    assert ids(as_office.get("/api/tasks/", {"has_report_this_month": "false"})) == {silent.pk}


def test_filter_q_searches_text_number_and_deadline_text(as_office, agency_a):
    hit = task_with(lead=[agency_a], text="推行企业开办“一网通办”", number="88")
    by_deadline = task_with(lead=[agency_a], deadline_text="长期坚持")
    task_with(lead=[agency_a])
    assert ids(as_office.get("/api/tasks/", {"q": "一网通办"})) == {hit.pk}
    assert ids(as_office.get("/api/tasks/", {"q": "88"})) == {hit.pk}
    assert ids(as_office.get("/api/tasks/", {"q": "长期"})) == {by_deadline.pk}


def test_ordering_by_deadline_number_and_updated(as_office, agency_a):
    late = task_with(lead=[agency_a], deadline=datetime.date(2022, 1, 1))
    early = task_with(lead=[agency_a], deadline=datetime.date(2021, 1, 1))

    def order(param):
        return [r["id"] for r in as_office.get("/api/tasks/", {"ordering": param}).json()["results"]]

    assert order("deadline") == [early.pk, late.pk]
    assert order("-deadline") == [late.pk, early.pk]
    assert order("number") == [late.pk, early.pk]  # created first, so the lower order
    TaskFactory._meta.model.objects.filter(pk=late.pk).update(updated_at=timezone.now() + datetime.timedelta(hours=1))
    assert order("-updated") == [late.pk, early.pk]


def test_page_size_is_bounded_and_pages_link(as_office, agency_a):
    for _ in range(3):
        task_with(lead=[agency_a])
    body = as_office.get("/api/tasks/", {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"] and body["previous"] is None
    second = as_office.get("/api/tasks/", {"page_size": 2, "page": 2}).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert as_office.get("/api/tasks/", {"page_size": 5000}).status_code == 200  # capped at 200, not refused
    assert as_office.get("/api/tasks/", {"page": 9}).status_code == 404


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("document", "abc"), ("document", "0"), ("year", "abc"), ("section", "x"), ("agency", "abc"),
        ("agency", "-4"), ("agency", "99999999999999999999999"), ("role", "boss"), ("status", "done"),
        ("warning", "purple"), ("deadline_before", "2021-13-45"), ("deadline_after", "yesterday"),
        ("overdue", "maybe"), ("has_report_this_month", "perhaps"), ("ordering", "password"), ("page", "abc"),
        ("page", "0"), ("page", "-1"), ("page_size", "x"), ("q", "bad\x00byte"),
    ],
)
def test_malformed_or_unknown_filter_values_are_400_with_field_errors(as_office, param, value):
    response = as_office.get("/api/tasks/", {param: value})
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and param in body["errors"]
    assert body["detail"] == "提交的数据有误，请检查后重试。"


@pytest.mark.parametrize("bad_id", ["abc", "0", "-3", "1.5", "99999999999999999999999"])
def test_malformed_task_ids_are_400(as_office, bad_id):
    response = as_office.get(f"/api/tasks/{bad_id}/")
    assert response.status_code == 400
    assert response.json()["errors"] == {"id": ["编号必须是正整数。"]}


def test_unknown_task_is_404_in_chinese(as_office):
    response = as_office.get("/api/tasks/987654/")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。", "code": "not_found"}


@pytest.mark.parametrize("param", ["agency", "document", "section"])
def test_an_id_naming_nothing_or_another_agencys_row_filters_to_nothing_alike(as_liaison_a, agency_a, agency_b, param):
    """An id filter is a condition like any other: an id that exists nowhere and one the liaison may not see
    give the same empty list, so the answer does not tell which ids exist."""
    theirs = task_with(lead=[agency_b])
    mine = task_with(lead=[agency_a])
    existing = {"agency": agency_b.pk, "document": theirs.document_id, "section": theirs.section_id}[param]
    forged = as_liaison_a.get("/api/tasks/", {param: 424242})
    other = as_liaison_a.get("/api/tasks/", {param: existing})
    assert (forged.status_code, other.status_code) == (200, 200)
    assert forged.json()["results"] == other.json()["results"] == []
    assert ids(as_liaison_a.get("/api/tasks/", {param: {"agency": agency_a.pk, "document": mine.document_id,
                                                         "section": mine.section_id}[param]})) == {mine.pk}


def test_session_authentication_works_too(client, office_user, agency_a):
    task = task_with(lead=[agency_a])
    client.force_login(office_user)
    assert {r["id"] for r in client.get("/api/tasks/").json()["results"]} == {task.pk}
