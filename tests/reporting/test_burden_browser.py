"""Browser: 减负 as a liaison meets it (at 390 px), and the office's load and quality views."""

import datetime

import pytest
from django.utils import timezone

from reporting.models import ProgressReport
from tasks.choices import TaskStatus
from tests import factories
from tests.browser import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_prefill_no_progress_load_and_quality(page, live_server):
    zwj = factories.AgencyFactory(name="湖南省政务管理服务局", short_name="省政务局")
    liaison = factories.UserFactory(role="liaison", agency=zwj, username="zwj_liaison")
    office = factories.UserFactory(role="office", username="office")
    this = timezone.localdate().replace(day=1)
    last = (this - datetime.timedelta(days=1)).replace(day=1)
    first = factories.task_with(lead=[zwj], number="3", status=TaskStatus.IN_PROGRESS,
                                deadline=timezone.localdate() + datetime.timedelta(days=60),
                                text="推进工程建设项目审批制度改革。")
    second = factories.task_with(lead=[zwj], number="4", status=TaskStatus.IN_PROGRESS,
                                 deadline=timezone.localdate() + datetime.timedelta(days=60),
                                 text="深化“证照分离”改革。")
    for task in (first, second):
        factories.ReportFactory(task=task, agency=zwj, period=last, content=f"上月进展：任务{task.number}推进中",
                                problems="系统对接未完成", next_steps="继续对接", percent=50)

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, liaison.username, factories.PASSWORD)
    page.click("nav >> text=本月报送") if page.locator("nav >> text=本月报送").is_visible() else page.goto(
        f"{live_server.url}/tasks/load/")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("[data-load=owed]") == "2" and page.inner_text("[data-load=missing]") == "2"
    screenshot(page, "burden-01-liaison-load")

    page.goto(f"{live_server.url}/tasks/{first.pk}/report/")
    assert page.input_value("#id_content") == "上月进展：任务3推进中"
    assert page.input_value("#id_percent") == "50"
    assert "已按本单位" in page.inner_text("#prefilled")
    screenshot(page, "burden-02-prefilled-form")
    page.fill("#id_content", "本月完成联合审图系统上线。")
    page.click("button:has-text('保存')")
    page.wait_for_load_state("networkidle")
    assert "进展已保存" in page.inner_text("main")

    page.goto(f"{live_server.url}/tasks/{second.pk}/report/")
    page.click("#no-progress")
    page.wait_for_load_state("networkidle")
    assert "本月无新进展" in page.inner_text("main")
    screenshot(page, "burden-03-no-progress-saved")
    report = ProgressReport.objects.get(task=second, period=this)
    assert report.no_progress and report.content == "本月无新进展" and report.percent == 50

    page.goto(f"{live_server.url}/tasks/load/")
    assert page.inner_text("[data-load=reported]") == "2" and page.inner_text("[data-load=missing]") == "0"
    screenshot(page, "burden-04-liaison-load-done")
    page.context.clear_cookies()

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, office.username, factories.PASSWORD)
    page.goto(f"{live_server.url}/tasks/load/")
    assert "省政务局" in page.inner_text("#load-by-agency")
    page.goto(f"{live_server.url}/tasks/review/")
    page.click("#quality-link")
    page.wait_for_load_state("networkidle")
    assert "本月无新进展" not in page.inner_text("#quality-reports")  # it said so itself: no flag
    page.select_option("#q-flag", "missing_fields")
    page.click("#quality-filter button")
    page.wait_for_load_state("networkidle")
    assert "没有存在问题的报送" in page.inner_text("#quality-reports")
    screenshot(page, "burden-05-office-quality")
    assert not page.console_errors and not page.external_requests
