"""The inbox as a liaison sees it in Chromium: a reminder from the sweep, the badge, mark read."""

import datetime

import pytest
import time_machine

from reminders.delivery import reminders_sweep
from tests import factories
from tests.browser import login, screenshot
from tests.factories import PASSWORD, task_with

from .conftest import agency, at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_liaison_reads_the_sweep_reminder_in_the_inbox(page, live_server):
    a = agency("省政务局")
    liaison = factories.UserFactory(role="liaison", agency=a)
    task_with(lead=[a], deadline=datetime.date(2021, 9, 5), text="推进企业开办“一网通办”。")
    with time_machine.travel(at("2021-09-10")):
        reminders_sweep()
    login(page, live_server, liaison.username, PASSWORD)
    page.goto(f"{live_server.url}/inbox/")
    assert page.locator("nav .badge").inner_text() == "1"
    item = page.locator(".list-group-item").first
    assert "【督办提醒】省政务局：1 项任务已逾期" in item.inner_text()
    item.locator("summary").click()
    assert "推进企业开办“一网通办”" in item.locator("pre").inner_text()
    screenshot(page, "inbox_unread")
    page.get_by_role("button", name="标为已读", exact=True).click()
    page.wait_for_url(f"{live_server.url}/inbox/")
    assert page.locator("nav .badge").count() == 0
    assert page.locator(".list-group-item .badge.bg-danger").count() == 0
    screenshot(page, "inbox_read")
    assert page.console_errors == [] and page.external_requests == []
