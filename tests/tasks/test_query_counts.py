"""The list, task and queue pages cost the same number of queries for N and 2N rows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting import services as report_services
from tasks import services
from tests.factories import PASSWORD, AgencyFactory, UserFactory, task_with
from tests.helpers import pdf, this_month


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _client(user):
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def _add_tasks(n, agency_a, agency_b):
    for i in range(n):
        co = [agency_b, AgencyFactory()] if i % 2 else []
        task_with(lead=[agency_a], co=co)


@pytest.mark.parametrize("who", ["liaison", "office"])
def test_task_list_is_constant(who, agency_a, agency_b, liaison_a, office_user):
    client = _client(liaison_a if who == "liaison" else office_user)
    url = reverse("tasks:list")
    _add_tasks(5, agency_a, agency_b)
    small = _queries(client, url)
    _add_tasks(5, agency_a, agency_b)
    assert _queries(client, url) == small
    assert _queries(client, url + "?warning=red&q=任务&status=not_started") == small
    assert small <= 12


def test_task_page_is_constant(agency_a, agency_b, liaison_a, liaison_b, office_user):
    task = task_with(lead=[agency_a], co=[agency_b])
    client = _client(liaison_a)
    url = reverse("tasks:detail", args=[task.pk])

    def activity():
        # A month of work: reports with attachments from both agencies, a request and a return.
        report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="进展",
                               attachments=[pdf(), pdf()], expected_version=_version(task, agency_a))
        report_services.report_submit(user=liaison_b, task=task, period=this_month(), content="配合",
                               attachments=[pdf()], expected_version=_version(task, agency_b))
        services.signoff_request(user=liaison_a, task=task, summary="完成")
        services.task_return(user=office_user, task=task, reason="补充")

    activity()
    small = _queries(client, url)
    activity()
    activity()
    assert _queries(client, url) == small
    # 20 before issue 15 and 16; the page now also reads the extension requests, the sub-tasks and the
    # calendar rows (序时进度), one query each, less the session write it no longer makes.
    assert small <= 21


def _version(task, agency):
    report = task.reports.filter(agency=agency, period=this_month()).first()
    return report.version if report else None


def test_review_queue_is_constant(agency_a, agency_b, office_user):
    client = _client(office_user)
    url = reverse("tasks:review_queue")

    def requests(n):
        for _ in range(n):
            agency = AgencyFactory()
            task = task_with(lead=[agency, agency_b])
            services.signoff_request(user=UserFactory(role="liaison", agency=agency), task=task, summary="完成")

    requests(3)
    small = _queries(client, url)
    requests(3)
    assert _queries(client, url) == small
