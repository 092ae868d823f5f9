"""Browser: on the first visit to the `make run` demo a liaison sees red, yellow and green tasks, the task
page names the people who reported, and the office finds a request waiting in its queue."""

import io

import pytest
from django.core.management import call_command

from documents.models import Document
from tasks.models import Task
from tests.browser import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_PASSWORD = "demo12345"


@pytest.fixture
def demo(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("create_demo_accounts", stdout=io.StringIO())
    call_command("load_demo_plan", stdout=io.StringIO())
    return Document.objects.get(doc_number__startswith="湘放管服演示")


def test_the_demo_shows_every_colour_and_names(page, live_server, demo):
    login(page, live_server, "zwj_liaison", DEMO_PASSWORD)
    assert "王小明 · 省政务局" in page.inner_text("nav")
    page.goto(f"{live_server.url}/tasks/?document={demo.pk}")
    table = page.locator("table.task-table")
    for badge in ("badge-red", "badge-yellow", "badge-green"):
        assert table.locator(f".badge.{badge}").count() >= 1, badge
    assert table.locator(".badge.badge-red").count() == 2
    screenshot(page, "demo-01-liaison-colours")

    requested = Task.objects.get(document=demo, number="4")
    page.goto(f"{live_server.url}/tasks/{requested.pk}/")
    main = page.inner_text("main")
    assert "赵敏" in main and "王小明" in main  # the two agencies' reporters, by name
    assert "sft_liaison" not in main and "zwj_liaison" not in main
    screenshot(page, "demo-02-task-page-names")
    page.click("nav button:has-text('退出')")
    page.wait_for_load_state("networkidle")

    login(page, live_server, "office", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/tasks/review/")
    assert "1 项待审核" in page.inner_text("h1")
    assert "赵敏" in page.inner_text("main")
    screenshot(page, "demo-03-office-queue")
    assert page.console_errors == [] and page.external_requests == []
