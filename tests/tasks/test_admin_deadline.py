"""The office moves a deadline in the admin through an action with a reason, never by editing the field:
the printed deadline stays as original_deadline and the change lands on the timeline."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tasks.choices import EventKind, TaskStatus
from tasks.extensions import task_deadline_change
from tasks.models import TaskEvent
from tests.factories import task_with

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/tasks/task/"


@pytest.fixture
def office(office_user):
    client = Client()
    client.force_login(office_user)
    return client


def _act(client, tasks, **data):
    return client.post(CHANGELIST, {"action": "change_deadline", "_selected_action": [t.pk for t in tasks],
                                    **({"apply": "1"} | data if data else {})})


def test_the_action_asks_for_the_date_and_reason_then_keeps_the_original(office, agency_a):
    task = task_with(lead=[agency_a], deadline=datetime.date(2021, 9, 30))
    page = _act(office, [task])
    assert page.status_code == 200 and "新的完成时限" in page.content.decode()
    response = _act(office, [task], deadline="2021-12-31", reason="省领导同意调整")
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.deadline, task.original_deadline) == (datetime.date(2021, 12, 31), datetime.date(2021, 9, 30))
    event = TaskEvent.objects.get(task=task, kind=EventKind.DEADLINE_CHANGED)
    assert "省领导同意调整" in event.message and "2021年9月30日" in event.message
    # A second change keeps the printed deadline, not the first correction.
    _act(office, [task], deadline="2022-01-31", reason="再次调整")
    task.refresh_from_db()
    assert (task.deadline, task.original_deadline) == (datetime.date(2022, 1, 31), datetime.date(2021, 9, 30))


@pytest.mark.parametrize("data, message", [
    ({"deadline": "2021-12-31", "reason": ""}, "请填写理由"),
    ({"deadline": "2021年12月", "reason": "调整"}, "日期格式应为"),
])
def test_bad_input_is_a_form_error_and_changes_nothing(office, agency_a, data, message):
    task = task_with(lead=[agency_a], deadline=datetime.date(2021, 9, 30))
    response = _act(office, [task], **data)
    assert response.status_code == 400 and message in response.content.decode()
    task.refresh_from_db()
    assert (task.deadline, task.original_deadline) == (datetime.date(2021, 9, 30), None)


def test_a_signed_off_task_and_another_role_are_refused(office, office_user, agency_a, liaison_a):
    from fangguanfu.domain_errors import InvalidTransition, NotAllowed

    done = task_with(lead=[agency_a], deadline=datetime.date(2021, 9, 30), status=TaskStatus.SIGNED_OFF,
                     signed_off_at=timezone.now())
    response = _act(office, [done], deadline="2021-12-31", reason="调整")
    assert response.status_code == 302  # back to the list, with the refusal as a message
    done.refresh_from_db()
    assert done.deadline == datetime.date(2021, 9, 30)
    with pytest.raises(InvalidTransition):
        task_deadline_change(user=office_user, task=done, deadline=datetime.date(2022, 1, 1), reason="调整")
    open_task = task_with(lead=[agency_a], deadline=datetime.date(2021, 9, 30))
    with pytest.raises(NotAllowed):
        task_deadline_change(user=liaison_a, task=open_task, deadline=datetime.date(2022, 1, 1), reason="我们想晚点")
    open_task.refresh_from_db()
    assert open_task.deadline == datetime.date(2021, 9, 30)
    assert not TaskEvent.objects.filter(kind=EventKind.DEADLINE_CHANGED).exists()
