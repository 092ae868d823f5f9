"""Browser: the office runs the system without a terminal: creates a liaison and resets a password,
changes a reminder time, and opens 督办设置 straight from the admin index."""

import pytest
from django.contrib.auth import get_user_model
from django_celery_beat.models import PeriodicTask

from agencies.services import agencies_load
from tests import factories
from tests.browser import login, screenshot
from tests.office_setup import office_self_service_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "Lake-7-morning-bell"
RESET_PASSWORD = "River-9-evening-star"


@pytest.fixture
def office(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    agencies_load()
    office_self_service_rows()  # a transactional test before this one flushed what migrations made
    return factories.UserFactory(role="office", username="duchashi", first_name="李督查")


def _save_after_screenshot(page, name: str, button: str = "input[name=_save]") -> None:
    screenshot(page, name)
    page.click(button)
    page.wait_for_load_state("networkidle")


def _logout(page):
    page.click("nav button:has-text('退出')")
    page.wait_for_load_state("networkidle")


def test_office_creates_a_liaison_and_resets_the_password(page, live_server, office):
    login(page, live_server, office.username, factories.PASSWORD)
    page.goto(f"{live_server.url}/admin/auth/user/")
    assert page.locator("text=批量导入账号").is_visible()
    page.click("text=增加 用户")
    page.fill("#id_username", "wang_xm")
    page.fill("#id_first_name", "王小明")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    page.select_option("#id_profile-0-role", "liaison")
    page.click("#profile-0 .select2-selection")  # the agency is an autocomplete over 144 units
    page.fill(".select2-search__field", "省政务局")
    page.click(".select2-results__option:text-is('省政务局')")
    page.fill("#id_profile-0-phone", "0731-88880000")
    _save_after_screenshot(page, "office-01-create-liaison")
    assert "成功" in page.inner_text("#content-start, body")
    user = get_user_model().objects.get(username="wang_xm")
    assert (user.first_name, user.profile.role, user.profile.agency.short_name) == ("王小明", "liaison", "省政务局")
    screenshot(page, "office-02-liaison-created")

    page.goto(f"{live_server.url}/admin/auth/user/{user.pk}/password/")
    page.fill("#id_password1", RESET_PASSWORD)
    page.fill("#id_password2", RESET_PASSWORD)
    _save_after_screenshot(page, "office-03-reset-password", "input[type=submit]")
    assert "密码修改成功" in page.inner_text("body")
    page.goto(f"{live_server.url}/tasks/")
    _logout(page)

    login(page, live_server, "wang_xm", RESET_PASSWORD)  # the liaison signs in with the new password
    assert page.url == f"{live_server.url}/tasks/"
    assert "王小明 · 省政务局" in page.inner_text("nav")
    assert page.console_errors == [] and page.external_requests == []


def test_office_changes_a_reminder_time_and_opens_the_settings(page, live_server, office):
    login(page, live_server, office.username, factories.PASSWORD)
    page.goto(f"{live_server.url}/admin/")
    page.click("#nav-sidebar a:text-is('周期性任务'), #content-main a:text-is('周期性任务')")
    page.wait_for_load_state("networkidle")
    listing = page.inner_text("#result_list")
    assert "08:30" in listing and "每日临期、逾期提醒" in listing
    page.click("#result_list a:has-text('daily-reminder-sweep')")
    page.fill("#id_run_at", "07:15")
    _save_after_screenshot(page, "office-04-schedule-form")
    assert "07:15" in page.inner_text("#result_list")
    screenshot(page, "office-05-schedule-list")
    sweep = PeriodicTask.objects.select_related("crontab").get(name="daily-reminder-sweep")
    assert (sweep.crontab.hour, sweep.crontab.minute, sweep.enabled) == ("7", "15", True)

    page.goto(f"{live_server.url}/admin/")
    page.click("a:has-text('督办设置')")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/admin/tasks/officesettings/1/change/"
    assert page.locator("#id_yellow_days").input_value() == "7"
    screenshot(page, "office-06-settings-form")
    assert page.locator("a[href$='/officesettings/add/'], a[href$='/officesettings/1/delete/']").count() == 0
    assert page.console_errors == [] and page.external_requests == []
