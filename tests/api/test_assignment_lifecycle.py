"""签收 / 拒收 / 改派 / 坚持交办 / 本单位完成 / 分解到成员单位 over the API, from the acting agency's side
and from every other side; a refusal changes nothing."""

import pytest

from agencies.choices import AgencyKind
from tasks.choices import AssignmentState, CompletionRule, EventKind
from tasks.models import Assignment, DocumentRule, TaskEvent
from tests.factories import AgencyFactory, UserFactory, task_with

from .conftest import token_client

pytestmark = pytest.mark.django_db


def part(task, agency) -> Assignment:
    return Assignment.objects.get(task=task, agency=agency)


def snapshot():
    return (list(Assignment.objects.order_by("pk").values_list("pk", "agency_id", "state", "decline_reason")),
            list(TaskEvent.objects.order_by("pk").values_list("pk", "kind")))


def test_list_and_detail_carry_each_assignment_id_and_state(as_liaison_a, agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b])
    row = as_liaison_a.get("/api/tasks/").json()["results"][0]
    assert [(a["id"], a["state"]) for a in row["assignments"]] == [
        (part(task, agency_a).pk, "pending"), (part(task, agency_b).pk, "pending")]
    assert row == as_liaison_a.get(f"/api/tasks/{task.pk}/").json()


def test_acknowledge_records_who_and_when_and_the_timeline(as_liaison_a, liaison_a, agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b])
    mine = part(task, agency_a)
    response = as_liaison_a.post(f"/api/assignments/{mine.pk}/acknowledge/")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "acknowledged"
    mine.refresh_from_db()
    assert mine.acknowledged_by == liaison_a and mine.acknowledged_at is not None
    assert TaskEvent.objects.filter(task=task, kind=EventKind.ACKNOWLEDGED, agency=agency_a).count() == 1
    again = as_liaison_a.post(f"/api/assignments/{mine.pk}/acknowledge/")
    assert again.status_code == 409 and "已签收" in again.json()["detail"]


def test_another_agency_cannot_acknowledge_or_decline_a_part_not_its_own(as_liaison_b, agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b])  # b sees the task, but a's part is not b's
    foreign = task_with(lead=[agency_a])  # b does not even see this task
    before = snapshot()
    for target in (part(task, agency_a), part(foreign, agency_a)):
        assert as_liaison_b.post(f"/api/assignments/{target.pk}/acknowledge/").status_code == 404
        assert as_liaison_b.post(f"/api/assignments/{target.pk}/decline/", {"reason": "不是我们"}).status_code == 404
    assert snapshot() == before


def test_office_and_leader_cannot_acknowledge_for_an_agency(as_office, as_leader, agency_a):
    mine = part(task_with(lead=[agency_a]), agency_a)
    before = snapshot()
    assert as_office.post(f"/api/assignments/{mine.pk}/acknowledge/").status_code == 403
    assert as_leader.post(f"/api/assignments/{mine.pk}/acknowledge/").status_code == 403
    assert snapshot() == before


def test_decline_needs_a_reason_and_reaches_the_office_queue(as_liaison_b, as_office, agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b])
    theirs = part(task, agency_b)
    before = snapshot()
    empty = as_liaison_b.post(f"/api/assignments/{theirs.pk}/decline/", {"reason": "  "}, format="json")
    assert empty.status_code == 400
    assert snapshot() == before
    response = as_liaison_b.post(f"/api/assignments/{theirs.pk}/decline/", {"reason": "属于市场监管职责"})
    assert response.status_code == 200 and response.json()["state"] == "declined"
    queue = as_office.get("/api/assignments/?state=declined").json()["results"]
    assert [(a["id"], a["decline_reason"]) for a in queue] == [(theirs.pk, "属于市场监管职责")]
    assert as_office.get("/api/assignments/?state=bogus").status_code == 400


def test_office_reassigns_a_declined_part_and_the_new_agency_acknowledges(as_liaison_b, as_office, agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b])
    theirs = part(task, agency_b)
    as_liaison_b.post(f"/api/assignments/{theirs.pk}/decline/", {"reason": "非本单位职责"})
    other = AgencyFactory(name="湖南省市场监督管理局")
    taken = as_office.post(f"/api/assignments/{theirs.pk}/reassign/", {"agency": agency_a.pk})
    assert taken.status_code == 400 and "已是该任务的责任单位" in str(taken.json())
    response = as_office.post(f"/api/assignments/{theirs.pk}/reassign/", {"agency": other.pk, "note": "请市场监管局承办"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["agency"]["id"] == other.pk and body["state"] == "pending"
    assert body["name_as_printed"] == agency_b.name  # what the document printed stays visible
    assert TaskEvent.objects.filter(task=task, kind=EventKind.REASSIGNED).count() == 1
    new_liaison = token_client(UserFactory(role="liaison", agency=other))
    assert new_liaison.post(f"/api/assignments/{theirs.pk}/acknowledge/").status_code == 200
    # The agency that declined no longer sees the task.
    assert as_liaison_b.get(f"/api/tasks/{task.pk}/").status_code == 404


def test_office_insists_with_a_note_and_the_agency_cannot_decline_again(as_liaison_b, as_office, agency_a, agency_b):
    theirs = part(task_with(lead=[agency_a], co=[agency_b]), agency_b)
    assert as_office.post(f"/api/assignments/{theirs.pk}/insist/", {"note": "x"}).status_code == 409  # not declined
    as_liaison_b.post(f"/api/assignments/{theirs.pk}/decline/", {"reason": "非本单位职责"})
    assert as_office.post(f"/api/assignments/{theirs.pk}/insist/", {}).status_code == 400
    response = as_office.post(f"/api/assignments/{theirs.pk}/insist/", {"note": "方案明确由司法厅配合"})
    assert response.status_code == 200 and response.json()["state"] == "acknowledged"
    assert response.json()["office_note"] == "方案明确由司法厅配合"
    assert as_liaison_b.post(f"/api/assignments/{theirs.pk}/decline/", {"reason": "仍然不是"}).status_code == 409


def test_agencies_cannot_answer_declines(as_liaison_a, as_liaison_b, agency_a, agency_b):
    theirs = part(task_with(lead=[agency_a], co=[agency_b]), agency_b)
    as_liaison_b.post(f"/api/assignments/{theirs.pk}/decline/", {"reason": "非本单位职责"})
    before = snapshot()
    for client in (as_liaison_a, as_liaison_b):
        assert client.post(f"/api/assignments/{theirs.pk}/insist/", {"note": "必须办"}).status_code == 403
        assert client.post(f"/api/assignments/{theirs.pk}/reassign/", {"agency": agency_a.pk}).status_code == 403
    assert snapshot() == before


def test_expanding_a_collective_keeps_the_printed_name(as_office, as_liaison_a, agency_a, agency_b):
    collective = AgencyFactory(name="各市州人民政府", kind=AgencyKind.COLLECTIVE)
    cities = [AgencyFactory(name="长沙市人民政府", kind=AgencyKind.PREFECTURE), AgencyFactory(name="株洲市人民政府", kind=AgencyKind.PREFECTURE)]
    collective.members.set(cities)
    task = task_with(lead=[agency_a])
    group = Assignment.objects.create(task=task, agency=collective, role="co", name_as_printed="各市州政府")
    assert as_liaison_a.post(f"/api/assignments/{group.pk}/expand/").status_code in (403, 404)
    assert as_office.post(f"/api/assignments/{part(task, agency_a).pk}/expand/").status_code == 400
    response = as_office.post(f"/api/assignments/{group.pk}/expand/")
    assert response.status_code == 200, response.content
    rows = Assignment.objects.filter(task=task, role="co").order_by("agency__name")
    assert {(a.agency.name, a.name_as_printed, a.state) for a in rows} == {
        ("长沙市人民政府", "各市州政府", "pending"), ("株洲市人民政府", "各市州政府", "pending")}
    assert not Assignment.objects.filter(pk=group.pk).exists()
    assert TaskEvent.objects.filter(task=task, kind=EventKind.EXPANDED).count() == 1


def test_done_needs_acknowledging_first_and_all_parts_rule_gates_signoff(as_liaison_a, as_liaison_b, agency_a,
                                                                         agency_b):
    task = task_with(lead=[agency_a], co=[agency_b])
    DocumentRule.objects.create(document=task.document, completion_rule=CompletionRule.ALL_PARTS)
    theirs = part(task, agency_b)
    assert as_liaison_b.post(f"/api/assignments/{theirs.pk}/done/").status_code == 409
    refused = as_liaison_a.post(f"/api/tasks/{task.pk}/signoff-request/", {"summary": "已完成"})
    assert refused.status_code == 409 and agency_b.name in refused.json()["detail"]
    as_liaison_b.post(f"/api/assignments/{theirs.pk}/acknowledge/")
    assert as_liaison_b.post(f"/api/assignments/{theirs.pk}/done/").json()["state"] == AssignmentState.DONE
    assert as_liaison_a.post(f"/api/tasks/{task.pk}/signoff-request/", {"summary": "已完成"}).status_code == 200


def test_lead_signoff_rule_is_the_default(as_liaison_a, agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b])
    assert as_liaison_a.post(f"/api/tasks/{task.pk}/signoff-request/", {"summary": "已完成"}).status_code == 200
