"""Browser, for the role each wall concerns: the head's 待审核 count and a return with a comment; the liaison's
inbox message about it; the office's queue with its counts and a 退回 error on its own card; a sign-off refused
without evidence when the office asks for it; the office filtering its list by agency."""

import pytest

from reporting import services as report_services
from reporting.models import ProgressReport
from tasks import services
from tasks.choices import ReportStatus
from tasks.models import OfficeSettings
from tests import factories
from tests.browser import login, screenshot
from tests.factories import PASSWORD, task_with
from tests.helpers import pdf, this_month

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _settings(**fields):
    cfg = OfficeSettings.load()
    for name, value in fields.items():
        setattr(cfg, name, value)
    cfg.save()


def _errors(page) -> list[str]:
    # A refused form answers 400 on purpose (and shows why); Chromium logs that status as a console error.
    return [e for e in page.console_errors if "status of 400" not in e]


def _logout(page):
    if page.locator(".navbar-toggler").is_visible():
        page.click(".navbar-toggler")
    page.click("nav button:has-text('退出')")
    page.wait_for_load_state("networkidle")


@pytest.fixture
def agencies():
    return (factories.AgencyFactory(name="湖南省政务管理服务局", short_name="省政务局"),
            factories.AgencyFactory(name="湖南省司法厅", short_name="省司法厅"))


def test_head_returns_a_report_and_the_liaison_reads_why(page, live_server, agencies):
    zwj, sft = agencies
    _settings(require_head_approval=True)
    liaison = factories.UserFactory(role="liaison", agency=zwj, first_name="王联络")
    head = factories.UserFactory(role="head", agency=zwj, first_name="赵主任")
    for n in range(3):
        task = task_with(lead=[zwj], co=[sft], number=str(13 + n), text=f"第{13 + n}项：推进政务服务一网通办。")
        report_services.report_submit(user=liaison, task=task, period=this_month(), content=f"本月进展{n}")

    login(page, live_server, head.username, PASSWORD)
    assert page.locator("[data-nav=head-queue] .badge").inner_text() == "3"
    page.click("[data-nav=head-queue]")
    cards = page.locator(".head-item")
    assert cards.count() == 3
    first = cards.first
    first.get_by_role("button", name="退回修改").click()
    page.wait_for_load_state("networkidle")
    # Without a comment: the error sits on that card, nothing changed.
    assert "退回时请填写意见" in page.locator(".head-item").first.locator(".invalid-feedback").inner_text()
    assert page.locator(".invalid-feedback").count() == 1
    page.locator(".head-item").first.locator("input[name=reason]").fill("请补充本月办件量")
    page.locator(".head-item").first.get_by_role("button", name="退回修改").click()
    page.wait_for_load_state("networkidle")
    assert "已退回联络员修改" in page.locator(".alert-success").inner_text()
    assert page.locator("[data-nav=head-queue] .badge").inner_text() == "2"
    assert "请补充本月办件量" in page.locator(".list-group").inner_text()
    screenshot(page, "head_queue_after_return")
    _logout(page)

    login(page, live_server, liaison.username, PASSWORD)
    assert page.locator("nav .badge").inner_text() == "1"
    page.goto(f"{live_server.url}/inbox/")
    item = page.locator(".list-group-item").first
    assert "【进展退回】任务 13" in item.inner_text()
    item.locator("summary").click()
    assert "请补充本月办件量" in item.locator("pre").inner_text()
    screenshot(page, "liaison_inbox_report_returned")
    returned = ProgressReport.objects.get(status=ReportStatus.RETURNED_BY_HEAD)
    page.goto(f"{live_server.url}/tasks/{returned.task_id}/report/")
    assert "请补充本月办件量" in page.locator("[data-banner=returned-by-head]").inner_text()
    assert _errors(page) == [] and page.external_requests == []


def test_office_queue_counts_and_return_error_on_its_card(page, live_server, agencies):
    zwj, sft = agencies
    liaison = factories.UserFactory(role="liaison", agency=zwj)
    co_liaison = factories.UserFactory(role="liaison", agency=sft)
    office = factories.UserFactory(role="office")
    with_evidence = task_with(lead=[zwj], co=[sft], number="21", text="推进工程建设项目审批制度改革。")
    report_services.report_submit(user=liaison, task=with_evidence, period=this_month(), content="进展",
                                  attachments=[pdf(), pdf()])
    report_services.report_submit(user=co_liaison, task=with_evidence, period=this_month(), content="配合")
    services.signoff_request(user=liaison, task=with_evidence, summary="全部完成")
    bare = task_with(lead=[zwj], co=[sft], number="22", text="开展证明事项告知承诺制。")
    services.signoff_request(user=liaison, task=bare, summary="已完成")

    login(page, live_server, office.username, PASSWORD)
    page.goto(f"{live_server.url}/tasks/review/")
    first, second = page.locator(".review-item").nth(0), page.locator(".review-item").nth(1)
    assert first.locator("[data-count=reports]").inner_text() == "进展 2 份"
    assert first.locator("[data-count=attachments]").inner_text() == "佐证材料 2 个"
    assert first.locator("[data-count=co-reports]").inner_text() == "配合单位已报送 1/1"
    assert second.locator("[data-count=reports]").inner_text() == "进展 0 份"
    assert second.locator("[data-count=co-reports]").inner_text() == "配合单位已报送 0/1"
    second.get_by_role("button", name="退回").click()
    page.wait_for_load_state("networkidle")
    assert "退回时请填写理由" in page.locator(".review-item").nth(1).locator(".invalid-feedback").inner_text()
    assert page.locator(".review-item").nth(0).locator(".invalid-feedback").count() == 0
    screenshot(page, "office_queue_counts")
    page.locator(".review-item").nth(1).locator("input[name=reason]").fill("请补充配合单位进展")
    page.locator(".review-item").nth(1).get_by_role("button", name="退回").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".review-item").count() == 1
    _logout(page)

    login(page, live_server, liaison.username, PASSWORD)
    page.goto(f"{live_server.url}/inbox/")
    item = page.locator(".list-group-item").first
    assert "【销号退回】任务 22" in item.inner_text()
    item.locator("summary").click()
    assert "理由：请补充配合单位进展" in item.locator("pre").inner_text()
    assert _errors(page) == [] and page.external_requests == []


def test_signoff_refused_without_evidence_then_accepted_with_a_file(page, live_server, agencies, tmp_path):
    zwj, sft = agencies
    _settings(signoff_needs_evidence=True)
    liaison = factories.UserFactory(role="liaison", agency=zwj)
    task = task_with(lead=[zwj], number="31", text="优化营商环境。")
    login(page, live_server, liaison.username, PASSWORD)
    page.goto(f"{live_server.url}/tasks/{task.pk}/signoff/")
    assert "附佐证材料" in page.locator("[data-banner=signoff-rules]").inner_text()
    page.fill("#id_summary", "任务已全部完成")
    page.click("button:has-text('提交销号申请')")
    page.wait_for_load_state("networkidle")
    assert "请上传佐证材料" in page.locator("[data-error=signoff]").inner_text()
    screenshot(page, "signoff_refused_without_evidence")
    evidence = tmp_path / "验收报告.pdf"
    evidence.write_bytes(pdf().read())
    page.set_input_files("#id_attachments", str(evidence))
    page.click("button:has-text('提交销号申请')")
    page.wait_for_load_state("networkidle")
    assert "已提交销号申请" in page.locator(".alert-success").inner_text()
    assert _errors(page) == [] and page.external_requests == []


def test_office_filters_its_list_by_agency(page, live_server, agencies):
    zwj, sft = agencies
    office = factories.UserFactory(role="office")
    task_with(lead=[zwj], number="41", text="政务局牵头的任务。")
    task_with(lead=[sft], co=[zwj], number="42", text="政务局配合的任务。")
    task_with(lead=[sft], number="43", text="司法厅独办的任务。")
    login(page, live_server, office.username, PASSWORD)
    page.goto(f"{live_server.url}/tasks/")
    assert page.locator("table.task-table tbody tr").count() == 3
    page.select_option("#f-agency", label="省政务局")
    page.click("#task-filters button:has-text('筛选')")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.task-table tbody tr").count() == 2
    page.select_option("#f-role", "lead")
    page.click("#task-filters button:has-text('筛选')")
    page.wait_for_load_state("networkidle")
    rows = page.locator("table.task-table tbody tr")
    assert rows.count() == 1 and "政务局牵头的任务" in rows.first.inner_text()
    assert page.locator("#f-agency option:checked").inner_text() == "省政务局"
    screenshot(page, "office_filter_by_agency")
    assert _errors(page) == [] and page.external_requests == []
