"""Browser: a liaison finds a document by typing part of its 文号 and the list narrows to its tasks."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pick_a_document_by_typing(page, live_server):
    zwj = factories.AgencyFactory(name="湖南省政务管理服务局", short_name="省政务局")
    liaison = factories.UserFactory(role="liaison", agency=zwj, username="zwj_liaison")
    wanted = factories.SectionFactory(plan__document=factories.DocumentFactory(
        doc_number="湘政办函〔2021〕29号", title="湖南省优化营商环境分工方案"))
    other = factories.SectionFactory(plan__document=factories.DocumentFactory(
        doc_number="湘政办发〔2022〕3号", title="数字政府建设分工方案"))
    factories.task_with(lead=[zwj], section=wanted, number="7", text="推进“一网通办”。")
    factories.task_with(lead=[zwj], section=other, number="8", text="建设数字政府。")

    login(page, live_server, liaison.username, factories.PASSWORD)
    page.select_option("#f-status", "not_started")
    page.click("#f-document")
    matches = page.locator("#f-document-matches a")
    matches.first.wait_for()
    assert matches.count() == 2  # on focus: the documents holding the liaison's tasks
    page.fill("#f-document", "29号")
    # expect() polls from Playwright's side: the page's CSP (no 'unsafe-eval') refuses wait_for_function strings.
    expect(matches).to_have_count(1)
    screenshot(page, "workflow-document-picker")
    page.click("#f-document-matches a")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.task-table tbody tr").count() == 1
    assert "推进“一网通办”" in page.inner_text("table.task-table")
    assert "湘政办函〔2021〕29号" in page.inner_text(".doc-picker")
    assert "status=not_started" in page.url  # the other filters were kept
    page.click(".doc-picker a[aria-label='不限文件']")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.task-table tbody tr").count() == 2
    assert page.console_errors == [] and page.external_requests == []
