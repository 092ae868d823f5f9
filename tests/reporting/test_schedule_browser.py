"""Browser: the task page shows the 序时进度 warning with its reason, and the agency × period report states."""

import datetime

import pytest
from django.utils import timezone

from tasks.choices import DeadlineKind, Recurrence
from tests import factories
from tests.browser import login, screenshot
from workdays.calendar import working_days_between
from workdays.ordinals import ordinals_rebuild

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_task_page_shows_schedule_warning_and_period_states(page, live_server):
    # The working-day ordinals are refilled after each flush by post_migrate; a test earlier in the same
    # worker that migrates back and forth can leave them empty, and 序时进度 then has nothing to count.
    ordinals_rebuild()
    zwj = factories.AgencyFactory(name="湖南省政务管理服务局", short_name="省政务局")
    liaison = factories.UserFactory(role="liaison", agency=zwj, username="zwj_liaison")
    today = timezone.localdate()  # the app's day (Asia/Shanghai), not the machine's
    assigned, deadline = today - datetime.timedelta(days=300), today + datetime.timedelta(days=40)
    behind = factories.task_with(lead=[zwj], number="7", assigned_on=assigned, deadline=deadline, progress_percent=10,
                                 text="建设全省一体化政务服务平台，实现政务服务事项“一网通办”。")
    monthly = factories.task_with(lead=[zwj], number="8", assigned_on=today - datetime.timedelta(days=100),
                                  deadline=today + datetime.timedelta(days=200), recurrence=Recurrence.MONTHLY,
                                  deadline_text="每月5日前", deadline_kind=DeadlineKind.RECURRING, deadline_value=5,
                                  text="每月报送营商环境评价整改进展。")
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    before = (last_month - datetime.timedelta(days=1)).replace(day=1)
    factories.ReportFactory(task=monthly, agency=zwj, period=before)
    share = round(working_days_between(assigned, today) * 100 / working_days_between(assigned, deadline))

    login(page, live_server, liaison.username, factories.PASSWORD)
    page.goto(f"{live_server.url}/tasks/{behind.pk}/")
    badge = page.locator(".card-header [data-warning]")
    assert badge.get_attribute("data-warning") == "yellow"
    reason = page.locator(".card-header [data-warning-reason]").inner_text()
    assert reason == f"已用时 {share}%，进度 10%"
    assert page.locator("#schedule-progress").inner_text().startswith(f"已用时 {share}%，进度 10%")
    screenshot(page, "schedule-01-task-warning")

    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/tasks/{monthly.pk}/")
    states = page.locator("#report-periods tbody tr")
    assert states.count() >= 2
    first = states.nth(0)  # last month: not due before the 5th (moved onto a working day), so 未报 or 逾期未报
    assert first.get_attribute("data-period-state") in ("not_reported", "overdue")
    assert page.locator(f"#report-periods tr:has-text('{before.year}年{before.month}月') .badge").inner_text() == "已报"
    assert page.locator("#deadline-rule").inner_text() == "每月5日前"
    screenshot(page, "schedule-02-period-states-390")
    page.goto(f"{live_server.url}/tasks/")
    row = page.locator(f"table.task-table tbody tr:has(a[href='/tasks/{behind.pk}/'])")
    assert row.locator("[data-warning-reason]").inner_text() == f"已用时 {share}%，进度 10%"
    screenshot(page, "schedule-03-task-list-390")
    assert page.console_errors == [] and page.external_requests == []
