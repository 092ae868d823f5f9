"""The task page's second-tier forms: each works for the acting agency, is refused to every other side
(forged POSTs included), and the office's queue lists declined parts; constant queries."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tasks import assignments as parts
from tasks.choices import AssignmentState, ExtensionStatus
from tasks.extensions import extension_request
from tasks.models import Assignment, ExtensionRequest, Task, Urge
from tasks.subtasks import subtask_create
from tests.factories import PASSWORD, AgencyFactory, UserFactory, task_with

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def later(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_liaison_sees_and_uses_acknowledge_and_decline(liaison_b, agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b])
    theirs = Assignment.objects.get(task=task, agency=agency_b)
    client = client_for(liaison_b)
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert reverse("tasks:acknowledge", args=[theirs.pk]) in page
    lead_part = Assignment.objects.get(task=task, agency=agency_a)
    assert reverse("tasks:acknowledge", args=[lead_part.pk]) not in page  # not b's part: no button
    response = client.post(reverse("tasks:decline", args=[theirs.pk]), {"reason": ""}, follow=True)
    assert "拒收时请填写理由" in response.content.decode()
    assert Assignment.objects.get(pk=theirs.pk).state == AssignmentState.PENDING
    client.post(reverse("tasks:decline", args=[theirs.pk]), {"reason": "属于市场监管职责"})
    assert Assignment.objects.get(pk=theirs.pk).state == AssignmentState.DECLINED


def test_forged_posts_from_another_agency_change_nothing(liaison_b, agency_a, agency_b):
    task = task_with(lead=[agency_a], deadline=later(30))  # b is not on this task at all
    part = Assignment.objects.get(task=task)
    client = client_for(liaison_b)
    for url, data in [
        (reverse("tasks:acknowledge", args=[part.pk]), {}),
        (reverse("tasks:decline", args=[part.pk]), {"reason": "伪造"}),
        (reverse("tasks:assignment_done", args=[part.pk]), {}),
        (reverse("tasks:extension_request", args=[task.pk]), {"requested_deadline": later(60), "reason": "伪造"}),
        (reverse("tasks:subtask_create", args=[task.pk]), {"text": "伪造", "deadline": later(10)}),
        (reverse("tasks:urge", args=[task.pk]), {"message": "伪造"}),
    ]:
        assert client.post(url, data).status_code == 404, url
    assert Assignment.objects.get(pk=part.pk).state == AssignmentState.PENDING
    assert not ExtensionRequest.objects.exists() and not Urge.objects.exists()
    assert Task.objects.count() == 1


def test_co_agency_on_the_task_is_refused_the_leads_and_offices_actions(liaison_b, agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b], deadline=later(30))
    lead_part = Assignment.objects.get(task=task, agency=agency_a)
    client = client_for(liaison_b)
    assert client.post(reverse("tasks:acknowledge", args=[lead_part.pk])).status_code == 404
    assert client.post(reverse("tasks:urge", args=[task.pk]), {"message": "催"}).status_code == 403
    assert client.post(reverse("tasks:subtask_create", args=[task.pk]),
                       {"text": "分项", "deadline": later(10)}).status_code == 403
    assert client.get(reverse("tasks:declined_queue")).status_code == 403
    assert Assignment.objects.get(pk=lead_part.pk).state == AssignmentState.PENDING
    assert not Urge.objects.exists() and Task.objects.count() == 1


def test_office_queue_lists_declined_parts_and_reassigns(office_user, liaison_b, agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b])
    theirs = Assignment.objects.get(task=task, agency=agency_b)
    parts.assignment_decline(user=liaison_b, assignment=theirs, reason="非本单位职责")
    other = AgencyFactory(name="湖南省市场监督管理局")
    client = client_for(office_user)
    page = client.get(reverse("tasks:declined_queue")).content.decode()
    assert "非本单位职责" in page and agency_b.name in page
    queue = reverse("tasks:declined_queue")
    response = client.post(reverse("tasks:reassign", args=[theirs.pk]), {"agency": other.pk, "next": queue})
    assert response.status_code == 302 and response["Location"] == queue
    theirs.refresh_from_db()
    assert theirs.agency == other and theirs.state == AssignmentState.PENDING
    assert "暂无拒收的分工" in client.get(queue).content.decode()


def test_extension_from_the_page_and_the_offices_decision(office_user, liaison_a, agency_a):
    task = task_with(lead=[agency_a], deadline=later(10))
    client_for(liaison_a).post(reverse("tasks:extension_request", args=[task.pk]),
                               {"requested_deadline": later(40).isoformat(), "reason": "等待系统上线"})
    ext = ExtensionRequest.objects.get(task=task)
    office = client_for(office_user)
    assert "同意延期" in office.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    bad = office.post(reverse("tasks:extension_decide", args=[ext.pk]), {"decision": "reject", "reason": ""}, follow=True)
    assert "不同意延期时请填写理由" in bad.content.decode()
    office.post(reverse("tasks:extension_decide", args=[ext.pk]), {"decision": "approve", "reason": ""})
    ext.refresh_from_db()
    task.refresh_from_db()
    assert ext.status == ExtensionStatus.APPROVED
    assert (task.deadline, task.original_deadline) == (later(40), later(10))
    page = client_for(liaison_a).get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "已延期，原定" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_declined_queue_and_task_page_are_constant(office_user, head_a, agency_a):
    client = client_for(office_user)
    parent = task_with(lead=[agency_a], deadline=later(90))

    def activity(n):
        for _ in range(n):
            agency = AgencyFactory()
            task = task_with(lead=[agency_a], co=[agency])
            parts.assignment_decline(user=UserFactory(role="liaison", agency=agency),
                                     assignment=Assignment.objects.get(task=task, agency=agency), reason="非本单位")
            extension_request(user=head_a, task=task, requested_deadline=later(400), reason="延期")
            subtask_create(user=head_a, task=parent, text="分项", deadline=later(30), agency=agency)

    activity(2)
    queue, page = _queries(client, reverse("tasks:declined_queue")), _queries(client, reverse("tasks:detail",
                                                                                              args=[parent.pk]))
    activity(3)
    assert _queries(client, reverse("tasks:declined_queue")) == queue
    assert _queries(client, reverse("tasks:detail", args=[parent.pk])) == page
