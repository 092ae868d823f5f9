"""The admin goes through the workflow: status, signed_off_at and the deadline are read-only there, and
the state actions ask for a reason, call the services and write the timeline. Nothing here is a 500."""

import datetime

import pytest
from django.test import Client

from tasks import services
from tasks.choices import EventKind, ReportStatus, TaskStatus
from tasks.models import Review, Task, TaskEvent
from tests import factories

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/tasks/task/"


@pytest.fixture
def office(office_user, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = Client()
    client.force_login(office_user)
    return client


def _form_data(response) -> dict:
    """What the browser would post back: the change form's and every inline's current values."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += list(formset.forms)
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
    for form in forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    return data


def test_status_signed_off_at_and_deadline_are_read_only(office, agency_a):
    task = factories.task_with(lead=[agency_a], status=TaskStatus.IN_PROGRESS)
    page = office.get(f"{CHANGELIST}{task.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert not {"status", "signed_off_at", "deadline"} & set(form.fields)
    data = _form_data(page) | {"text": "改过的任务内容", "status": TaskStatus.SIGNED_OFF, "deadline": "2030-01-01"}
    response = office.post(f"{CHANGELIST}{task.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    # 已销号 through the form used to be an IntegrityError (no signed_off_at): now the field is simply not taken.
    assert (task.text, task.status, task.signed_off_at) == ("改过的任务内容", TaskStatus.IN_PROGRESS, None)
    assert task.deadline == datetime.date(2021, 9, 30)


def test_a_new_task_starts_not_started(office, agency_a):
    page = office.get(f"{CHANGELIST}add/")
    assert page.status_code == 200
    assert "status" not in page.context["adminform"].form.fields
    assert "deadline" in page.context["adminform"].form.fields


def _act(client, action, tasks, reason=None):
    data = {"action": action, "_selected_action": [t.pk for t in tasks]}
    if reason is not None:
        data |= {"apply": "1", "reason": reason}
    return client.post(CHANGELIST, data)


def test_signing_off_in_the_admin_asks_for_a_reason_and_goes_through_the_service(office, office_user, agency_a,
                                                                                 liaison_a):
    task = factories.task_with(lead=[agency_a], status=TaskStatus.IN_PROGRESS)
    factories.ReportFactory(task=task, agency=agency_a)
    services.signoff_request(user=liaison_a, task=task, summary="已完成")

    page = _act(office, "approve_signoff", [task])
    assert page.status_code == 200 and "填写理由" in page.content.decode()
    empty = _act(office, "approve_signoff", [task], reason="  ")
    assert empty.status_code == 400 and "请填写理由" in empty.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.SIGNOFF_REQUESTED

    done = _act(office, "approve_signoff", [task], reason="材料齐全，同意销号")
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.SIGNED_OFF and task.signed_off_at is not None
    event = TaskEvent.objects.get(task=task, kind=EventKind.SIGNED_OFF)
    assert (event.actor, event.message) == (office_user, "材料齐全，同意销号")
    assert task.reports.get().status == ReportStatus.ACCEPTED  # the service's side effects, too


def test_reopening_requires_a_reason_and_clears_signed_off_at(office, agency_a):
    signed = factories.task_with(lead=[agency_a], status=TaskStatus.SIGNED_OFF,
                                 signed_off_at=datetime.datetime(2021, 9, 1, tzinfo=datetime.UTC))
    assert _act(office, "reopen_task", [signed], reason="").status_code == 400
    signed.refresh_from_db()
    assert signed.status == TaskStatus.SIGNED_OFF

    assert _act(office, "reopen_task", [signed], reason="发现问题未整改到位").status_code == 302
    signed.refresh_from_db()
    assert (signed.status, signed.signed_off_at) == (TaskStatus.IN_PROGRESS, None)
    assert TaskEvent.objects.get(task=signed, kind=EventKind.REOPENED).message == "发现问题未整改到位"
    assert Review.objects.get(task=signed).reason == "发现问题未整改到位"


def test_an_action_the_workflow_refuses_is_a_message_not_a_500(office, agency_a):
    open_task = factories.task_with(lead=[agency_a], status=TaskStatus.NOT_STARTED)
    signed = factories.task_with(lead=[agency_a], status=TaskStatus.SIGNED_OFF,
                                 signed_off_at=datetime.datetime(2021, 9, 1, tzinfo=datetime.UTC))
    for action in ("approve_signoff", "return_signoff", "reopen_task"):
        response = _act(office, action, [open_task], reason="试一试")
        assert response.status_code == 302
        messages = [str(m) for m in response.wsgi_request._messages]
        assert any(f"#{open_task.pk}" in m for m in messages), messages
    response = _act(office, "approve_signoff", [signed, open_task], reason="试一试")
    assert response.status_code == 302
    assert list(Task.objects.order_by("pk").values_list("status", flat=True)) == [TaskStatus.NOT_STARTED,
                                                                                  TaskStatus.SIGNED_OFF]
    assert not TaskEvent.objects.exists() and not Review.objects.exists()


def test_report_status_is_read_only_in_the_admin(office, agency_a):
    report = factories.ReportFactory(task=factories.task_with(lead=[agency_a]), agency=agency_a,
                                     status=ReportStatus.PENDING_HEAD)
    page = office.get(f"/admin/reporting/progressreport/{report.pk}/change/")
    assert page.status_code == 200 and "status" not in page.context["adminform"].form.fields
