"""Every list endpoint runs as many SQL queries for 100 rows as for 1 (no per-row queries)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reminders.models import Notification
from tasks.models import Review
from tests.factories import AgencyFactory, AliasFactory, ReportFactory, task_with

pytestmark = pytest.mark.django_db

LAST_MONTH = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def count_queries(client, url) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


def assert_flat(client, url, make, django_assert_max_num_queries):
    make(1)
    one, body = count_queries(client, url)
    assert body["count"] == 1
    make(99)
    with django_assert_max_num_queries(one):
        response = client.get(url)
    assert response.status_code == 200
    hundred, body = count_queries(client, url)
    assert body["count"] == 100 and len(body["results"]) == 100
    assert hundred == one, f"{url}: {one} queries for 1 row, {hundred} for 100"
    print(f"\n{url}: {one} queries for 1 row and for 100 rows")


def tasks_for(*agencies):
    co = AgencyFactory()

    def make(n):
        for _ in range(n):
            task = task_with(lead=list(agencies), co=[co])
            ReportFactory(task=task, agency=agencies[0], period=LAST_MONTH)

    return make


@pytest.mark.parametrize(
    "url",
    [
        "/api/tasks/?page_size=100",
        "/api/tasks/?page_size=100&warning=red&overdue=true&role=lead&ordering=-deadline&q=任务",
        "/api/tasks/?page_size=100&has_report_this_month=false&deadline_after=2020-01-01&year=2021",
    ],
)
def test_task_list_office(as_office, agency_a, url, django_assert_max_num_queries):
    assert_flat(as_office, url, tasks_for(agency_a), django_assert_max_num_queries)


def test_task_list_liaison(as_liaison_a, agency_a, django_assert_max_num_queries):
    url = f"/api/tasks/?page_size=100&agency={agency_a.pk}&role=lead&ordering=number"
    assert_flat(as_liaison_a, url, tasks_for(agency_a), django_assert_max_num_queries)


def test_task_reports(as_liaison_a, agency_a, django_assert_max_num_queries):
    task = task_with(lead=[agency_a])
    month = [LAST_MONTH]

    def make(n):
        for _ in range(n):
            ReportFactory(task=task, agency=AgencyFactory(), period=month[0])

    assert_flat(as_liaison_a, f"/api/tasks/{task.pk}/reports/?page_size=100", make, django_assert_max_num_queries)


def test_reports(as_liaison_a, agency_a, django_assert_max_num_queries):
    assert_flat(as_liaison_a, "/api/reports/?page_size=100", tasks_for(agency_a), django_assert_max_num_queries)


def test_reviews(as_office, office_user, agency_a, django_assert_max_num_queries):
    def make(n):
        for _ in range(n):
            Review.objects.create(task=task_with(lead=[agency_a]), decision="sign_off", reviewer=office_user)

    assert_flat(as_office, "/api/reviews/?page_size=100", make, django_assert_max_num_queries)


def test_documents(as_liaison_a, agency_a, django_assert_max_num_queries):
    def make(n):
        for _ in range(n):
            task_with(lead=[agency_a])

    assert_flat(as_liaison_a, "/api/documents/?page_size=100", make, django_assert_max_num_queries)


def test_agencies(as_office, django_assert_max_num_queries):
    def make(n):
        for _ in range(n):
            agency = AgencyFactory(kind="collective")
            AliasFactory(agency=agency)
            agency.members.add(AgencyFactory(kind="collective"))

    # Each made agency brings a member agency too: 2 rows per call, compare at equal page sizes.
    make(1)
    one, _ = count_queries(as_office, "/api/agencies/?page_size=200")
    make(99)
    hundred, body = count_queries(as_office, "/api/agencies/?page_size=200")
    assert body["count"] == 200 and hundred == one


def test_notifications(as_liaison_a, liaison_a, django_assert_max_num_queries):
    def make(n):
        Notification.objects.bulk_create([Notification(recipient=liaison_a, title="提醒") for _ in range(n)])

    assert_flat(as_liaison_a, "/api/notifications/?page_size=100", make, django_assert_max_num_queries)


def test_dashboard(as_office, agency_a, django_assert_max_num_queries):
    make = tasks_for(agency_a)
    make(1)
    one, _ = count_queries(as_office, "/api/dashboard/")
    make(99)
    hundred, body = count_queries(as_office, "/api/dashboard/")
    assert body["totals"]["total"] == 100 and hundred == one


def test_task_detail_is_a_few_queries(as_office, agency_a, django_assert_max_num_queries):
    task = task_with(lead=[agency_a], co=[AgencyFactory() for _ in range(20)])
    # token, profile, 督办设置, the office's calendar rows (序时进度 counts working days), the task,
    # its assignments, its sub-tasks: one each, however many agencies.
    with django_assert_max_num_queries(7):
        assert as_office.get(f"/api/tasks/{task.pk}/").status_code == 200
