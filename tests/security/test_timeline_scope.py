"""The task page's timeline shows a co-responsible agency no more of another agency's reports than the page does.

A co-responsible agency sees only its own reports (tasks/task_page.py). The
timeline must not show the others' report content either: neither the field
changes of a report edited in the admin nor the percentages in report events.
"""

import pytest
from django.test import Client
from django.urls import reverse

from reporting import services as report_services
from reporting.models import ProgressReport
from tests.factories import PASSWORD, task_with
from tests.helpers import this_month

pytestmark = pytest.mark.django_db


def _page(user, task) -> str:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("tasks:detail", args=[task.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def shared_task(agency_a, agency_b, liaison_a, liaison_b, office_user):
    task = task_with(lead=[agency_a], co=[agency_b])
    report = report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="牵头单位原稿内容",
                                    percent=30)
    report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="牵头单位原稿内容",
                           percent=45, expected_version=report.version)
    report_services.report_submit(user=liaison_b, task=task, period=this_month(), content="配合单位自己的内容", percent=10)
    # The office corrects the lead's text in the admin: a history row without a service's change reason.
    report = ProgressReport.objects.get(task=task, agency=agency_a)
    report.content = "督查室在后台改过的牵头单位内容"
    report._history_user = office_user
    report.save()
    return task


def test_co_agency_timeline_hides_the_lead_agency_reports(shared_task, liaison_b):
    page = _page(liaison_b, shared_task)
    assert "牵头单位原稿内容" not in page and "督查室在后台改过" not in page
    assert "30%→45%" not in page
    assert "完成进度 10%" in page  # its own report event stays


def test_lead_agency_and_office_still_see_every_report_change(shared_task, liaison_a, office_user):
    for user in (liaison_a, office_user):
        page = _page(user, shared_task)
        assert "督查室在后台改过" in page
        assert "30%→45%" in page
        assert "完成进度 10%" in page
