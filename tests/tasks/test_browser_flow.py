"""Browser: a liaison reports and requests sign-off; the office signs off; the task shows 已销号 and its timeline."""

import datetime

import pytest
from django.utils import timezone

from reporting.models import ReportAttachment
from tasks.choices import TaskStatus
from tasks.models import Task
from tests import factories
from tests.browser import login, screenshot
from tests.helpers import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logout(page):
    page.click("nav button:has-text('退出')")
    page.wait_for_load_state("networkidle")


def test_report_request_signoff(page, live_server, tmp_path):
    zwj = factories.AgencyFactory(name="湖南省政务管理服务局", short_name="省政务局")
    sft = factories.AgencyFactory(name="湖南省司法厅", short_name="省司法厅")
    liaison = factories.UserFactory(role="liaison", agency=zwj, username="zwj_liaison", first_name="王联络")
    office = factories.UserFactory(role="office", username="office", first_name="李督查")
    today = timezone.localdate()
    task = factories.task_with(
        lead=[zwj], co=[sft], number="13", deadline=today + datetime.timedelta(days=5), deadline_text="近期完成",
        text="推进政务服务“一件事一次办”，年内实现高频事项“最多跑一次”全覆盖。",
    )
    factories.task_with(lead=[sft], co=[zwj], number="14", deadline=today - datetime.timedelta(days=3),
                        text="开展证明事项告知承诺制试点。")
    factories.task_with(lead=[zwj], number="15", deadline=today + datetime.timedelta(days=90),
                        text="深化“放管服”改革，优化营商环境。")

    login(page, live_server, liaison.username, factories.PASSWORD)
    assert page.url == f"{live_server.url}/tasks/"
    rows = page.locator("table.task-table tbody tr")
    assert rows.count() == 3
    assert "逾期 3 天" in page.inner_text("table.task-table")
    screenshot(page, "workflow-01-liaison-task-list")

    page.click(f'a[href="/tasks/{task.pk}/"]:visible')  # the list's row; the phone card is hidden
    page.click("text=报送本月进展")
    page.fill("#id_content", "已制定实施方案，梳理高频事项 126 项，其中 98 项实现“最多跑一次”。")
    page.fill("#id_problems", "部分市州系统尚未对接。")
    page.fill("#id_next_steps", "9 月底前完成剩余事项对接。")
    page.fill("#id_percent", "80")
    evidence = tmp_path / "实施方案.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.set_input_files("#id_attachments", str(evidence))
    screenshot(page, "workflow-02-report-form")
    page.click("button:has-text('保存')")
    page.wait_for_load_state("networkidle")
    assert "进展已保存" in page.inner_text("main")
    assert "实施方案.pdf" in page.inner_text("main")
    screenshot(page, "workflow-03-report-saved")

    page.click("text=申请销号")
    page.fill("#id_summary", "高频事项已全部实现“最多跑一次”，佐证材料见进展报送附件。")
    screenshot(page, "workflow-04-signoff-form")
    page.click("button:has-text('提交销号申请')")
    page.wait_for_load_state("networkidle")
    assert "已提交销号申请" in page.inner_text("main")
    _logout(page)

    login(page, live_server, office.username, factories.PASSWORD)
    page.goto(f"{live_server.url}/tasks/review/")
    assert "1 项待审核" in page.inner_text("h1")
    screenshot(page, "workflow-05-review-queue")
    page.fill(".review-item input[name=reason]", "材料齐全，同意销号。")
    page.click(".review-item button:has-text('同意销号')")
    page.wait_for_load_state("networkidle")
    assert "已同意销号" in page.inner_text("main")

    page.goto(f"{live_server.url}/tasks/{task.pk}/")
    header = page.inner_text(".card-header")
    assert "已销号" in header
    timeline = page.inner_text("#timeline")
    for expected in ("同意销号（申请销号 → 已销号）", "申请销号（推进中 → 申请销号）", "报送进展（未启动 → 推进中）",
                     "李督查", "王联络", "材料齐全，同意销号。"):
        assert expected in timeline
    screenshot(page, "workflow-06-signed-off")

    # The office downloads the evidence from the task page.
    with page.expect_download() as download:
        page.click("text=实施方案.pdf")
    assert download.value.suggested_filename == "实施方案.pdf"
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SIGNED_OFF
    assert ReportAttachment.objects.count() == 1
    assert page.console_errors == [] and page.external_requests == []
