"""The 调度 pack's pages and endpoints make the same number of queries for 5 tasks as for 50, over several agencies.

Each URL is asked once over a small data set, then again after ten times as many tasks (each with
what the pack reads: deadlines past and near, sign-offs, returns, 催办, 签收, reports this month and
last, a sub-task event) spread over more agencies; the second answer may not need more queries.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tasks.choices import EventKind, TaskStatus
from tasks.guards import record_event
from tests import factories

pytestmark = pytest.mark.django_db

URLS = {
    "office": ["/dashboard/changes/", "/api/changes/", "/dashboard/changes.xlsx", "/api/briefing.docx",
               "/api/scores/", "/dashboard/scores/", "/dashboard/scores.xlsx", "/tasks/load/",
               "/tasks/reports/quality/"],
    "liaison": ["/dashboard/changes/", "/api/changes/", "/api/scores/", "/dashboard/scores/", "/tasks/load/"],
}
CAP = {"office": 30, "liaison": 30}


def _grow(n: int, agencies: list, office_user) -> None:
    """n tasks, each touching two of the agencies, with every kind of fact the pack lists or scores."""
    today = timezone.localdate()
    month = today.replace(day=1)
    last_month = (month - datetime.timedelta(days=1)).replace(day=1)
    for i in range(n):
        lead, co = agencies[i % len(agencies)], agencies[(i + 1) % len(agencies)]
        status = [TaskStatus.IN_PROGRESS, TaskStatus.SIGNED_OFF, TaskStatus.NOT_STARTED][i % 3]
        task = factories.task_with(
            lead=[lead], co=[co], number=f"g{n}-{i}", status=status,
            deadline=today + datetime.timedelta(days=(-20, -3, 2, 40)[i % 4]),
            signed_off_at=timezone.now() if status == TaskStatus.SIGNED_OFF else None)
        for kind in (EventKind.ACKNOWLEDGED, EventKind.URGED, EventKind.REPORT_RETURNED, EventKind.SUBTASK_CREATED):
            record_event(task, kind, office_user, agency_id=lead.pk)
        record_event(task, EventKind.SIGNED_OFF if status == TaskStatus.SIGNED_OFF else EventKind.RETURNED,
                     office_user)
        text = {"content": "已完成清单梳理", "problems": "", "next_steps": "下月公示"}
        factories.ReportFactory(task=task, agency=lead, period=last_month, **text)
        factories.ReportFactory(task=task, agency=lead, period=month, percent=100 if i % 2 else None, **text)


@pytest.fixture
def users(office_user, liaison_a):
    return {"office": office_user, "liaison": liaison_a}


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["office", "liaison"])
def test_queries_do_not_grow_with_tasks_and_agencies(who, client, users, agency_a, agency_b, office_user,
                                                     django_assert_max_num_queries):
    agencies = [agency_a, agency_b, factories.AgencyFactory(name="湖南省测试厅一")]
    _grow(5, agencies, office_user)
    client.force_login(users[who])
    small = {url: _queries(client, url) for url in URLS[who]}
    for url, count in small.items():
        assert count <= CAP[who], (url, count)

    agencies += [factories.AgencyFactory(name=f"湖南省测试局{i}") for i in range(4)]
    _grow(45, agencies, office_user)
    for url, count in small.items():
        with django_assert_max_num_queries(count):
            response = client.get(url)
        assert response.status_code == 200, url


def test_the_web_connections_run_without_jit(db):
    # PostgreSQL's JIT compiled the pack's big-estimate counts for longer than they ran (settings.DATABASES).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
