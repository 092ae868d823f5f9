"""Browser at 390×844: from the task list, the signed-in name opens 修改密码; a wrong old password is refused
in Chinese, the right one changes it and the person stays signed in."""

import pytest

from tests import factories
from tests.browser import login, screenshot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW = "Fgf-Xin-Mima-2026"


def test_change_password_on_a_phone(page, live_server):
    agency = factories.AgencyFactory(name="湖南省政务管理服务局", short_name="省政务局")
    liaison = factories.UserFactory(role="liaison", agency=agency)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, liaison.username, PASSWORD)
    page.goto(f"{live_server.url}/tasks/")
    page.locator(".navbar-toggler").click()
    page.get_by_title("修改密码").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/accounts/password/")
    assert page.locator("form input[type=password]").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling

    page.fill("#id_old_password", "not-my-password")
    page.fill("#id_new_password1", NEW)
    page.fill("#id_new_password2", NEW)
    page.click("main button[type=submit]")
    assert "旧密码不正确" in page.locator(".invalid-feedback").first.inner_text()
    screenshot(page, "phone_password_refused")

    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", NEW)
    page.fill("#id_new_password2", NEW)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.rstrip("/").endswith("/tasks")
    assert "密码已修改" in page.locator(".alert-success").inner_text()
    screenshot(page, "phone_password_changed")
    liaison.refresh_from_db()
    assert liaison.check_password(NEW)
    assert page.console_errors == [] and page.external_requests == []
