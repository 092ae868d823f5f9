"""Browser, per role: the co-agency's liaison declines, the office reassigns from its queue and urges, the lead's
liaison acknowledges and asks for an extension which the office approves, the lead's head splits the task.
At 390 px (phone) and desktop; no inline script is needed (CSP), nothing is fetched from outside."""

import datetime

import pytest
from django.utils import timezone

from reminders.models import Notification
from reminders.tasks import deliver_pending_task
from tasks.choices import AssignmentState
from tasks.models import Assignment, Task
from tests import factories
from tests.browser import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logout(page):
    page.context.clear_cookies()


def test_parts_extension_split_and_urge_in_the_browser(page, live_server):
    zwj = factories.AgencyFactory(name="湖南省政务管理服务局", short_name="省政务局")
    sft = factories.AgencyFactory(name="湖南省司法厅", short_name="省司法厅")
    scjg = factories.AgencyFactory(name="湖南省市场监督管理局", short_name="省市场监管局")
    division = factories.AgencyFactory(name="省政务局政务服务处", parent=zwj)
    liaison = factories.UserFactory(role="liaison", agency=zwj, first_name="王联络")
    head = factories.UserFactory(role="head", agency=zwj, first_name="赵处长")
    sft_liaison = factories.UserFactory(role="liaison", agency=sft, first_name="陈联络")
    scjg_liaison = factories.UserFactory(role="liaison", agency=scjg)
    office = factories.UserFactory(role="office", first_name="李督查")
    today = timezone.localdate()
    task = factories.task_with(lead=[zwj], co=[sft], number="13", deadline=today + datetime.timedelta(days=20),
                               text="推进政务服务“一件事一次办”，年内实现高频事项“最多跑一次”全覆盖。")
    url = f"{live_server.url}/tasks/{task.pk}/"

    # The co-agency declines its part (on a phone).
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, sft_liaison.username, factories.PASSWORD)
    page.goto(url)
    part = page.locator(f"#parts .part-item[data-part='{Assignment.objects.get(task=task, agency=sft).pk}']")
    part.locator("summary:has-text('拒收')").click()
    part.locator("textarea[name=reason]").fill("证明事项清理属于市场监管职责。")
    screenshot(page, "parts-01-co-liaison-declines-390")
    part.locator("button:has-text('确认拒收')").click()
    page.wait_for_load_state("networkidle")
    assert "已拒收" in page.inner_text("#parts")
    _logout(page)

    # The office reassigns it from its queue, then urges the lead.
    page.set_viewport_size({"width": 1400, "height": 900})
    login(page, live_server, office.username, factories.PASSWORD)
    page.goto(f"{live_server.url}/tasks/declined/")
    assert "证明事项清理属于市场监管职责" in page.inner_text("main")
    page.locator(".declined-item select[name=agency]").select_option(label=scjg.name)
    screenshot(page, "parts-02-office-declined-queue")
    page.locator(".declined-item button:has-text('改派')").click()
    page.wait_for_load_state("networkidle")
    assert "暂无拒收的分工" in page.inner_text("main")
    page.goto(url)
    page.fill("#id_urge_message", "请于本周五前报送进展。")
    page.select_option("#id_urge_agency", label=zwj.name)
    page.click("#urge button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已催办" in page.inner_text("main") and "催办" in page.inner_text("#timeline")
    _logout(page)

    # The lead's liaison acknowledges and asks for more time (on a phone).
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, liaison.username, factories.PASSWORD)
    page.goto(url)
    page.locator("#parts button:has-text('签收')").first.click()
    page.wait_for_load_state("networkidle")
    assert Assignment.objects.get(task=task, agency=zwj).state == AssignmentState.ACKNOWLEDGED
    page.click("#extension-box summary")
    page.fill("#id_requested_deadline", (today + datetime.timedelta(days=60)).isoformat())
    page.fill("#id_extension_reason", "需等待省级平台升级完成。")
    screenshot(page, "parts-03-lead-liaison-extension-390")
    page.click("#extension-box button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "待审批" in page.inner_text("#extensions")
    _logout(page)

    # The office approves: the task shows its new deadline and keeps the original.
    page.set_viewport_size({"width": 1400, "height": 900})
    login(page, live_server, office.username, factories.PASSWORD)
    page.goto(url)
    page.click("#extension-decide button:has-text('同意延期')")
    page.wait_for_load_state("networkidle")
    assert "已延期，原定" in page.inner_text("main")
    _logout(page)

    # The lead's head splits the task for its division.
    login(page, live_server, head.username, factories.PASSWORD)
    page.goto(url)
    page.click("#split-box summary")
    page.fill("#id_sub_text", "完成高频事项系统对接。")
    page.fill("#id_sub_deadline", (today + datetime.timedelta(days=30)).isoformat())
    page.select_option("#id_sub_agency", label=division.name)
    page.click("#split-box button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "13.1" in page.inner_text("#subtasks")
    screenshot(page, "parts-04-head-split-desktop")

    sub = Task.objects.get(parent=task)
    assert sub.assignments.get().agency == division
    task.refresh_from_db()
    assert task.original_deadline == today + datetime.timedelta(days=20)
    deliver_pending_task()  # the job the urge queued (no worker runs in tests), twice: sent once
    deliver_pending_task()
    assert Notification.objects.filter(recipient=liaison, title__contains="催办").count() == 1
    assert Assignment.objects.filter(task=task, agency=scjg, state=AssignmentState.PENDING).exists()
    # Urged were the others; scjg hears only of the deadline change (a notice to every agency on the task).
    assert not scjg_liaison.notifications.filter(title__contains="催办").exists()
    assert not page.console_errors and not page.external_requests
