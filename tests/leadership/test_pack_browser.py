"""Browser: the office prepares a 调度会 — records it, reads the changes, downloads the 通报, opens the scores."""

import datetime
import io

import docx
import pytest
from django.utils import timezone

from tasks import services
from tasks.choices import TaskStatus
from tests import factories
from tests.browser import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_prepares_the_meeting(page, live_server):
    zwj = factories.AgencyFactory(name="湖南省政务管理服务局", short_name="省政务局")
    sft = factories.AgencyFactory(name="湖南省司法厅", short_name="省司法厅")
    office = factories.UserFactory(role="office", username="office")
    today = timezone.localdate()
    factories.task_with(lead=[zwj], number="3", deadline=today - datetime.timedelta(days=1),
                        text="推进工程建设项目审批制度改革。")
    done = factories.task_with(lead=[sft], number="8", deadline=today + datetime.timedelta(days=20),
                               status=TaskStatus.SIGNOFF_REQUESTED, text="开展证明事项告知承诺制。")
    services.signoff_approve(user=office, task=done)

    login(page, live_server, office.username, factories.PASSWORD)
    page.goto(f"{live_server.url}/dashboard/changes/")
    page.click("summary:has-text('记录调度会')")
    page.fill("#id_date", (today - datetime.timedelta(days=3)).isoformat())
    page.fill("#id_title", "十二月调度会")
    page.click("#meeting-form button")
    page.wait_for_load_state("networkidle")
    assert "十二月调度会" in page.inner_text("#changes-range")
    assert page.inner_text("[data-total=newly_overdue]") == "1" and page.inner_text("[data-total=signed_off]") == "1"
    screenshot(page, "pack-01-changes")
    with page.expect_download() as download:
        page.click("#briefing-docx")
    content = open(download.value.path(), "rb").read()
    headings = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体情况", "二、完成情况", "三、逾期及滞后任务", "四、下步工作"]
    page.click("text=考核得分")
    page.wait_for_load_state("networkidle")
    page.click("#league >> text=省司法厅")
    page.wait_for_load_state("networkidle")
    assert "牵头任务按时完成销号" in page.inner_text("#fact-lines")
    screenshot(page, "pack-02-scores")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/dashboard/changes/")
    screenshot(page, "pack-03-changes-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not page.console_errors and not page.external_requests
