"""Browser: the dashboard over the imported seed documents, in headless Chromium, offline."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from agencies.models import Agency
from reporting.models import ProgressReport
from tasks.choices import AssignmentRole, TaskStatus
from tasks.models import Assignment, Task
from tests import factories
from tests.browser import ARTIFACTS, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHARTS = ("#chart-status", "#chart-documents", "#chart-league", "#chart-trend")


@pytest.fixture(scope="module", autouse=True)
def _orm_beside_playwright(django_db_setup):
    """Playwright's sync API keeps an event loop in this thread; the ORM must still work beside it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture
def seeded():
    """The seed plans as `make run` imports them, with some progress so every chart has something to draw."""
    call_command("load_agencies", verbosity=0)
    call_command("import_seeds", verbosity=0)
    tasks = list(Task.objects.order_by("id"))
    assert len(tasks) > 50
    now = timezone.now()
    for index, task in enumerate(tasks):
        if index % 3 == 0:
            task.status = TaskStatus.SIGNED_OFF
            task.signed_off_at = now - datetime.timedelta(days=20 * (index % 12))
            if index % 2 == 0 and task.deadline:  # half of them on time, before the plan's deadline
                task.signed_off_at = timezone.make_aware(
                    datetime.datetime.combine(task.deadline - datetime.timedelta(days=3), datetime.time(10)))
        elif index % 3 == 1:
            task.status = TaskStatus.IN_PROGRESS
        if index % 7 == 0 and task.status != TaskStatus.SIGNED_OFF:
            task.deadline = timezone.localdate() + datetime.timedelta(days=index % 30)
    Task.objects.bulk_update(tasks, ["status", "signed_off_at", "deadline"])
    reports = [
        ProgressReport(task_id=a.task_id, agency_id=a.agency_id, period=timezone.localdate().replace(day=1),
                       content="本月推进情况")
        for a in Assignment.objects.filter(role=AssignmentRole.LEAD).order_by("id")[::2]
    ]
    ProgressReport.objects.bulk_create(reports, ignore_conflicts=True)
    return tasks


def _assert_charts_drawn(page):
    for selector in CHARTS:
        page.wait_for_selector(f"{selector} canvas, {selector} svg", timeout=10_000)
        assert page.locator(f"{selector} canvas, {selector} svg").count() >= 1, selector


def test_leadership_dashboard_draws_charts_offline(page, live_server, seeded):
    leader = factories.UserFactory(role="leader", username="lingdao")
    login(page, live_server, leader.username, factories.PASSWORD)
    assert page.url == f"{live_server.url}/dashboard/"  # leadership lands on the dashboard
    page.wait_for_load_state("networkidle")
    _assert_charts_drawn(page)
    assert int(page.inner_text("#kpi-total")) == len(seeded)
    assert page.locator("#league-table tbody tr[data-agency]").count() > 5
    screenshot(page, "dashboard-01-leadership")
    page.screenshot(path=str(ARTIFACTS / "dashboard-01b-leadership-top.png"))  # the first screen, legible

    # Sorting the league by 牵头任务 puts the agency with the most lead tasks first.
    page.click("#league-table th:nth-child(2)")
    totals = [int(v) for v in page.locator("#league-table tbody tr td:nth-child(2)").all_inner_texts()]
    assert totals == sorted(totals, reverse=True)
    # Each league figure opens that agency's lead tasks (links built in the browser from league_link).
    first = page.locator("#league-table tbody tr[data-agency]").first
    agency_id = first.get_attribute("data-agency")
    assert first.locator("td:nth-child(4) a").get_attribute("href") == f"/tasks/?agency={agency_id}&role=lead&overdue=true"

    # Narrow to one document: the figures follow the filter.
    document_id = seeded[0].document_id
    page.select_option("#f-document", str(document_id))
    page.click("#dashboard-filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    _assert_charts_drawn(page)
    assert int(page.inner_text("#kpi-total")) == Task.objects.filter(document_id=document_id).count()
    screenshot(page, "dashboard-02-one-document")

    # A figure opens the list of tasks behind it.
    page.click("#kpis a[href*='overdue=true']")
    page.wait_for_load_state("networkidle")
    assert f"document={document_id}" in page.url and "overdue=true" in page.url
    assert page.console_errors == []
    assert page.external_requests == []


def test_agency_dashboard_shows_its_own_figures(page, live_server, seeded):
    agency = Agency.objects.get(short_name="省政务局")
    liaison = factories.UserFactory(role="liaison", agency=agency, username="zwj")
    login(page, live_server, liaison.username, factories.PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_load_state("networkidle")
    _assert_charts_drawn(page)
    own = Task.objects.filter(assignments__agency__in=[agency, *agency.collectives.all()]).distinct().count()
    assert 0 < int(page.inner_text("#kpi-total")) == own < len(seeded)
    assert "本单位概况" in page.inner_text("h1")
    assert page.locator("#f-agency").count() == 0
    screenshot(page, "dashboard-03-agency")
    assert page.console_errors == []
    assert page.external_requests == []
