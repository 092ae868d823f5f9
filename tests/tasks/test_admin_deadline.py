"""A deadline edited in the admin keeps the printed one (original_deadline) and lands on the timeline."""

import datetime

import pytest
from django.test import Client

from tasks.choices import EventKind
from tasks.models import TaskEvent
from tests.factories import PASSWORD, task_with

pytestmark = pytest.mark.django_db


def test_admin_edit_keeps_the_original_deadline(office_user, agency_a):
    task = task_with(lead=[agency_a], deadline=datetime.date(2021, 9, 30))
    client = Client()
    client.login(username=office_user.username, password=PASSWORD)
    url = f"/admin/tasks/task/{task.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    data["deadline"] = "2021-12-31"
    for inline in client.get(url).context["inline_admin_formsets"]:  # assignments, and reports (reporting's)
        data.update({f"{inline.formset.prefix}-TOTAL_FORMS": "0", f"{inline.formset.prefix}-INITIAL_FORMS": "0"})
    for name in ("deadline_inferred", "is_truncated"):
        data.pop(name, None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    task.refresh_from_db()
    assert (task.deadline, task.original_deadline) == (datetime.date(2021, 12, 31), datetime.date(2021, 9, 30))
    assert TaskEvent.objects.filter(task=task, kind=EventKind.DEADLINE_CHANGED).count() == 1
