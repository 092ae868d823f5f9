"""People appear by 姓名 (login as fallback) on the task page, its timeline, the review queue and the
admin lists, with the same number of queries for N and 2N rows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reminders.models import Notification
from reporting import services as report_services
from tasks import services
from tests import factories
from tests.helpers import this_month

pytestmark = pytest.mark.django_db

# Each admin list and the person it must show by name (the report's author has no 姓名: login only).
ADMIN_LISTS = {"/admin/reporting/progressreport/": "no_name_yet", "/admin/tasks/signoffrequest/": "王小明（zwj_wang）",
               "/admin/tasks/review/": "李督查（office_li）", "/admin/tasks/taskevent/": "李督查（office_li）",
               "/admin/reminders/notification/": "王小明（zwj_wang）"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(agency_a):
    liaison = factories.UserFactory(role="liaison", agency=agency_a, username="zwj_wang", first_name="王小明")
    office = factories.UserFactory(role="office", username="office_li", first_name="李督查")
    nameless = factories.UserFactory(role="liaison", agency=agency_a, username="no_name_yet")
    return liaison, office, nameless


def _activity(liaison, office, agency_a, nameless):
    task = factories.task_with(lead=[agency_a])
    report_services.report_submit(user=nameless, task=task, period=this_month(), content="本月进展")
    services.signoff_request(user=liaison, task=task, summary="已完成")
    services.task_return(user=office, task=task, reason="请补充材料")
    Notification.objects.create(recipient=liaison, title="临期提醒", url="/tasks/")
    return task


def test_the_task_page_and_timeline_show_names(people, agency_a):
    liaison, office, nameless = people
    task = _activity(liaison, office, agency_a, nameless)
    client = Client()
    client.force_login(liaison)
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "王小明" in page and "李督查" in page
    assert "zwj_wang" not in page and "office_li" not in page
    assert "no_name_yet" in page  # no 姓名 yet: the login stands in


def test_admin_lists_show_names_at_constant_cost(people, agency_a):
    liaison, office, nameless = people
    client = Client()
    client.force_login(office)
    _activity(liaison, office, agency_a, nameless)
    counts = {}
    for url, shown in ADMIN_LISTS.items():
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url).content.decode()
        counts[url] = len(ctx.captured_queries)
        assert shown in page, url
    for _ in range(3):
        _activity(liaison, office, agency_a, nameless)
    for url in ADMIN_LISTS:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        assert len(ctx.captured_queries) == counts[url], url
