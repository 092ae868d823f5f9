"""Browser at 390×844: the navigation folds behind a toggle (static JS under CSP), the liaison's 36 tasks
are cards a reasonable height, and a card's report button is one tap to the report form."""

import datetime

import pytest
from django.utils import timezone

from tests import factories
from tests.browser import login, screenshot
from tests.factories import PASSWORD, task_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TEXT = ("深化“放管服”改革，优化营商环境，推进政务服务“一网通办”，实现企业和群众办事“最多跑一次”，"
             "并建立健全工作机制，确保各项措施落地见效。")


def test_liaison_list_on_a_phone(page, live_server):
    zwj = factories.AgencyFactory(name="湖南省政务管理服务局", short_name="省政务局")
    sft = factories.AgencyFactory(name="湖南省司法厅", short_name="省司法厅")
    liaison = factories.UserFactory(role="liaison", agency=zwj)
    today = timezone.localdate()
    for n in range(36):
        task_with(lead=[zwj] if n % 2 else [sft], co=[] if n % 2 else [zwj], number=str(n + 1),
                  deadline=today + datetime.timedelta(days=n * 10 - 60), text=f"{LONG_TEXT}（{n + 1}）")
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, liaison.username, PASSWORD)
    page.goto(f"{live_server.url}/tasks/")

    toggler = page.locator(".navbar-toggler")
    assert toggler.is_visible()
    assert not page.locator("#app-nav-links").is_visible()
    assert page.locator("nav.app-nav").bounding_box()["height"] < 80
    assert not page.locator("table.task-table").is_visible()
    cards = page.locator(".task-card")
    assert cards.count() == 36
    first = cards.first
    assert first.locator(".badge").first.is_visible()  # the warning light
    assert "牵头" in first.inner_text() or "配合" in first.inner_text()
    assert first.bounding_box()["width"] <= 390
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 36 * 150, height  # the table made 38,874 px for 36 tasks
    # Filters fold away too, behind their own button.
    assert not page.locator("#task-filters").is_visible()
    screenshot(page, "phone_liaison_list")

    toggler.click()
    assert page.locator("#app-nav-links").is_visible()
    assert toggler.get_attribute("aria-expanded") == "true"
    screenshot(page, "phone_nav_open")
    toggler.click()
    assert not page.locator("#app-nav-links").is_visible()

    page.locator(".task-card").first.get_by_role("link", name="报送进展").click()
    page.wait_for_load_state("networkidle")
    assert "/report/" in page.url and page.locator("#id_content").is_visible()
    assert page.console_errors == [] and page.external_requests == []
