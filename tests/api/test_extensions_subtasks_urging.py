"""延期申请, 任务分解 and 催办 over the API: acting side, other agency's side, refusals change nothing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reminders.choices import Channel, ReminderKind
from reminders.delivery import reminders_deliver
from reminders.dues import reminder_context
from reminders.models import Notification, Reminder
from tasks.choices import EventKind, ExtensionStatus
from tasks.models import Assignment, ExtensionRequest, OfficeSettings, Task, TaskEvent, Urge
from tasks.selectors import urge_counts_by_agency
from tasks.subtasks import subtask_create
from tests.factories import AgencyFactory, UserFactory, task_with

from .conftest import token_client

pytestmark = pytest.mark.django_db


def later(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def state():
    return (list(Task.objects.order_by("pk").values_list("pk", "deadline", "original_deadline", "parent_id")),
            list(ExtensionRequest.objects.order_by("pk").values_list("pk", "status")),
            list(Urge.objects.values_list("pk")), list(TaskEvent.objects.values_list("pk")))


# --- 延期申请 -----------------------------------------------------------------------------------------------------

def test_approved_extension_moves_the_deadline_and_keeps_the_original(as_liaison_b, as_office, agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b], deadline=later(10))
    response = as_liaison_b.post(f"/api/tasks/{task.pk}/extension-requests/",
                                 {"requested_deadline": later(40).isoformat(), "reason": "需等待省级系统上线"})
    assert response.status_code == 201, response.content
    request_id = response.json()["id"]
    assert response.json()["status"] == "open" and response.json()["previous_deadline"] == later(10).isoformat()
    second = as_liaison_b.post(f"/api/tasks/{task.pk}/extension-requests/",
                               {"requested_deadline": later(50).isoformat(), "reason": "再延"})
    assert second.status_code == 409  # one open request per task
    decided = as_office.post(f"/api/extension-requests/{request_id}/approve/", {"reason": "同意"})
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    body = as_office.get(f"/api/tasks/{task.pk}/").json()
    assert body["deadline"] == later(40).isoformat()
    assert body["original_deadline"] == later(10).isoformat()
    kinds = list(TaskEvent.objects.filter(task=task).values_list("kind", flat=True))
    assert kinds == [EventKind.EXTENSION_REQUESTED, EventKind.EXTENSION_APPROVED]
    assert as_office.post(f"/api/extension-requests/{request_id}/reject/", {"reason": "x"}).status_code == 409


def test_rejected_extension_keeps_the_deadline_and_needs_a_reason(as_liaison_a, as_office, agency_a):
    task = task_with(lead=[agency_a], deadline=later(10))
    request_id = as_liaison_a.post(f"/api/tasks/{task.pk}/extension-requests/",
                                   {"requested_deadline": later(30).isoformat(), "reason": "工作量大"}).json()["id"]
    assert as_office.post(f"/api/extension-requests/{request_id}/reject/", {"reason": ""}).status_code == 400
    response = as_office.post(f"/api/extension-requests/{request_id}/reject/", {"reason": "时限不能调整"})
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    task.refresh_from_db()
    assert task.deadline == later(10)


@pytest.mark.parametrize("payload, message", [
    ({"requested_deadline": "2021-13-01", "reason": "x"}, "日期格式"),
    ({"requested_deadline": "REQUESTED_EARLIER", "reason": "x"}, "晚于当前时限"),
    ({"requested_deadline": "REQUESTED_LATER", "reason": " "}, ""),
])
def test_bad_extension_requests_are_400_and_change_nothing(as_liaison_a, agency_a, payload, message):
    task = task_with(lead=[agency_a], deadline=later(10))
    payload = {**payload, "requested_deadline": payload["requested_deadline"]
               .replace("REQUESTED_EARLIER", later(5).isoformat()).replace("REQUESTED_LATER", later(20).isoformat())}
    before = state()
    response = as_liaison_a.post(f"/api/tasks/{task.pk}/extension-requests/", payload, format="json")
    assert response.status_code == 400 and message in str(response.json())
    assert state() == before


def test_only_the_decider_decides_and_other_agencies_cannot_ask(as_liaison_a, as_liaison_b, as_leader, as_office,
                                                               agency_a):
    task = task_with(lead=[agency_a], deadline=later(10))
    payload = {"requested_deadline": later(30).isoformat(), "reason": "理由"}
    before = state()
    assert as_liaison_b.post(f"/api/tasks/{task.pk}/extension-requests/", payload).status_code == 404
    assert as_office.post(f"/api/tasks/{task.pk}/extension-requests/", payload).status_code == 403
    assert state() == before
    request_id = as_liaison_a.post(f"/api/tasks/{task.pk}/extension-requests/", payload).json()["id"]
    assert as_liaison_a.post(f"/api/extension-requests/{request_id}/approve/").status_code == 403
    assert as_liaison_b.post(f"/api/extension-requests/{request_id}/approve/").status_code == 404  # not its task
    assert as_leader.post(f"/api/extension-requests/{request_id}/approve/").status_code == 403
    assert as_liaison_b.get(f"/api/extension-requests/{request_id}/").status_code == 404
    # Where the office hands the decision to leadership, leaders decide and the office no longer does.
    OfficeSettings.objects.update_or_create(pk=1, defaults={"leader_decides_extensions": True})
    assert as_office.post(f"/api/extension-requests/{request_id}/approve/").status_code == 403
    assert as_leader.post(f"/api/extension-requests/{request_id}/approve/").status_code == 200
    assert ExtensionRequest.objects.get(pk=request_id).status == ExtensionStatus.APPROVED


# --- 任务分解 -----------------------------------------------------------------------------------------------------

def test_lead_head_splits_a_task_and_the_parent_lists_its_subtasks(as_head_a, as_liaison_a, as_liaison_b, as_office,
                                                                  agency_a, agency_b):
    division = AgencyFactory(name="省政务局政务服务处", parent=agency_a)
    task = task_with(lead=[agency_a], co=[agency_b], deadline=later(60))
    too_late = {"text": "完成系统对接", "deadline": later(90).isoformat(), "agency": division.pk}
    assert as_head_a.post(f"/api/tasks/{task.pk}/subtasks/", too_late).status_code == 400
    assert as_liaison_a.post(f"/api/tasks/{task.pk}/subtasks/", {**too_late, "deadline": later(30).isoformat()}) \
        .status_code == 403  # a liaison does not split tasks
    response = as_head_a.post(f"/api/tasks/{task.pk}/subtasks/",
                              {"text": "完成系统对接", "deadline": later(30).isoformat(), "agency": division.pk})
    assert response.status_code == 201, response.content
    sub = response.json()
    assert sub["parent"] == task.pk and sub["number"] == f"{task.number}.1"
    assert [(a["agency"]["id"], a["state"]) for a in sub["assignments"]] == [(division.pk, "pending")]
    milestone = as_head_a.post(f"/api/tasks/{task.pk}/subtasks/", {"text": "出台方案", "deadline": later(20).isoformat()})
    assert milestone.json()["assignments"][0]["state"] == "acknowledged"  # the head's own agency: a milestone
    parent = as_office.get(f"/api/tasks/{task.pk}/").json()
    assert [s["number"] for s in parent["subtasks"]] == [f"{task.number}.1", f"{task.number}.2"]
    assert parent["subtask_progress"] == 0
    listed = {row["id"]: row for row in as_office.get("/api/tasks/?page_size=100").json()["results"]}
    assert listed[task.pk] == parent
    # The lead follows its sub-tasks up: it opens them although its division is the one assigned.
    assert as_liaison_a.get(f"/api/tasks/{sub['id']}/").status_code == 200
    division_liaison = token_client(UserFactory(role="liaison", agency=division))
    assert division_liaison.get(f"/api/tasks/{sub['id']}/").status_code == 200
    # The co-agency of the parent has no part in the division's sub-task: it does not see it.
    assert as_liaison_b.get(f"/api/tasks/{sub['id']}/").status_code == 404
    assert sub["id"] not in {row["id"] for row in as_liaison_b.get("/api/tasks/").json()["results"]}
    assert sub["id"] in {row["id"] for row in division_liaison.get("/api/tasks/").json()["results"]}
    assert TaskEvent.objects.filter(task=task, kind=EventKind.SUBTASK_CREATED).count() == 2


def test_co_agency_and_others_cannot_split(agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b], deadline=later(60))
    co_head = token_client(UserFactory(role="head", agency=agency_b))
    stranger = token_client(UserFactory(role="head", agency=AgencyFactory()))
    payload = {"text": "分项", "deadline": later(30).isoformat()}
    before = state()
    assert co_head.post(f"/api/tasks/{task.pk}/subtasks/", payload).status_code == 403
    assert stranger.post(f"/api/tasks/{task.pk}/subtasks/", payload).status_code == 404
    assert state() == before


# --- 催办 ---------------------------------------------------------------------------------------------------------

def test_office_urges_one_agency_delivered_once_on_every_channel(as_office, liaison_b, agency_a, agency_b, mailoutbox):
    agency_b.contact_emails = "sft@example.gov.cn"
    agency_b.save()
    task = task_with(lead=[agency_a], co=[agency_b])
    response = as_office.post(f"/api/tasks/{task.pk}/urge/", {"message": "请本周内报送进展", "agency": agency_b.pk})
    assert response.status_code == 201, response.content
    assert [u["agency"]["id"] for u in response.json()] == [agency_b.pk]
    rows = Reminder.objects.filter(kind=ReminderKind.URGE)
    assert sorted(rows.values_list("channel", flat=True)) == [Channel.EMAIL, Channel.INBOX]
    for _ in range(2):  # a redelivered job or the next sweep sends nothing twice
        reminders_deliver(rctx=reminder_context())
    assert len(mailoutbox) == 1 and "请本周内报送进展" in mailoutbox[0].body
    note = Notification.objects.get(recipient=liaison_b)
    assert note.url == f"/tasks/{task.pk}/" and "催办" in note.title
    assert TaskEvent.objects.filter(task=task, kind=EventKind.URGED, agency=agency_b).count() == 1
    assert Urge.objects.filter(agency=agency_b).count() == 1


def test_urging_the_whole_task_reaches_every_agency_still_on_it(as_office, as_liaison_b, agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b])
    as_liaison_b.post(f"/api/assignments/{Assignment.objects.get(task=task, agency=agency_b).pk}/decline/",
                      {"reason": "非本单位职责"})
    response = as_office.post(f"/api/tasks/{task.pk}/urge/", {"message": "请加快推进"})
    assert [u["agency"]["id"] for u in response.json()] == [agency_a.pk]  # not the agency that declined


def test_agencies_cannot_urge_except_the_lead_on_its_subtasks(as_head_a, as_liaison_a, as_liaison_b, as_leader, as_office,
                                                             agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b], deadline=later(60))
    before = state()
    assert as_liaison_a.post(f"/api/tasks/{task.pk}/urge/", {"message": "快"}).status_code == 403
    assert as_liaison_b.post(f"/api/tasks/{task.pk}/urge/", {"message": "快"}).status_code == 403
    assert as_leader.post(f"/api/tasks/{task.pk}/urge/", {"message": "快"}).status_code == 403
    assert state() == before
    sub = as_head_a.post(f"/api/tasks/{task.pk}/subtasks/",
                         {"text": "分项", "deadline": later(30).isoformat(), "agency": agency_b.pk}).json()
    assert as_liaison_a.post(f"/api/tasks/{sub['id']}/urge/", {"message": "请按期完成"}).status_code == 201
    assert as_liaison_b.post(f"/api/tasks/{sub['id']}/urge/", {"message": "自己催自己"}).status_code == 403
    assert as_office.post(f"/api/tasks/{task.pk}/urge/", {"message": ""}).status_code == 400


def test_list_with_subtasks_and_parts_costs_the_same_for_more_rows(as_office, head_a, agency_a, agency_b):
    def make(n):
        for _ in range(n):
            parent = task_with(lead=[agency_a], co=[agency_b], deadline=later(60))
            subtask_create(user=head_a, task=parent, text="分项", deadline=later(30), agency=agency_b)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            body = as_office.get("/api/tasks/?page_size=100").json()
        return len(ctx.captured_queries), body

    make(1)
    small, _ = count()
    make(5)
    large, body = count()
    assert large == small
    assert sum(len(row["subtasks"]) for row in body["results"]) == 6


def test_urges_are_counted_per_agency(as_office, agency_a, agency_b):
    first = task_with(lead=[agency_a], co=[agency_b])
    second = task_with(lead=[agency_a])
    as_office.post(f"/api/tasks/{first.pk}/urge/", {"message": "请加快"})
    as_office.post(f"/api/tasks/{second.pk}/urge/", {"message": "请加快"})
    assert urge_counts_by_agency() == {agency_a.pk: 2, agency_b.pk: 1}
    assert urge_counts_by_agency(since=timezone.now()) == {}
