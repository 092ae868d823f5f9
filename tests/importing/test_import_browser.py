"""Browser: an office user uploads a plan, maps an unknown name, confirms, and lands on the document page."""

import pytest

from agencies.models import Agency
from documents.models import Document
from tasks.models import Assignment, Task
from tests import factories
from tests.browser import login, screenshot

from .conftest import SEED_DIR, SMALL_PLAN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module", autouse=True)
def _orm_beside_playwright(django_db_setup):
    """Playwright's sync API keeps an event loop running in this thread; the ORM must still be
    usable by the fixtures that run before `page` and by the flush after it. Requesting
    django_db_setup here creates the test database before Chromium starts, when this file runs alone."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def test_upload_preview_map_confirm(page, live_server, agencies, tmp_path):
    user = factories.UserFactory(role="office", username="duchashi")
    login(page, live_server, user.username, factories.PASSWORD)

    page.goto(f"{live_server.url}/documents/import/")
    screenshot(page, "documents-import-01-upload")
    # A bad file first: the error is shown on the form, in Chinese.
    empty = tmp_path / "notice.txt"
    empty.write_text("湖南省人民政府办公厅\n关于做好某项工作的通知\n请认真落实。\n", encoding="utf-8")
    page.set_input_files("#id_file", str(empty))
    page.click("#upload-submit")
    assert "未识别到任何编号任务" in page.inner_text("#upload-errors")
    screenshot(page, "documents-import-02-error")

    plan = tmp_path / "plan.txt"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    page.set_input_files("#id_file", str(plan))
    page.click("#upload-submit")
    page.wait_for_selector("#preview-tasks")
    assert page.inner_text("#task-count") == "3"
    assert "测试新单位" in page.inner_text("#preview-warnings")
    screenshot(page, "documents-import-03-preview")

    # Confirming without a choice is refused; then map the name to 省财政厅.
    page.click("#confirm-import")
    assert "请为“测试新单位”选择对应的单位" in page.inner_text("#confirm-form")
    target = Agency.objects.get(name="湖南省财政厅")
    page.select_option("#id_map_0", str(target.pk))
    page.click("#confirm-import")
    page.wait_for_selector("#document-tasks")
    screenshot(page, "documents-import-04-saved")

    document = Document.objects.get()
    assert page.url == f"{live_server.url}/documents/{document.pk}/"
    assert "已导入《湖南省2030年测试重点任务分工方案》，共 3 项任务" in page.inner_text("main")
    assert Assignment.objects.get(name_as_printed="测试新单位").agency == target
    first = Task.objects.filter(document=document).order_by("order").first()
    page.click(f'a[href="/tasks/{first.pk}/"]:visible')
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/tasks/{first.pk}/")
    assert page.console_errors == [] and page.external_requests == []


def test_preview_of_a_seed_with_global_co(page, live_server, agencies):
    user = factories.UserFactory(role="office", username="duchashi2")
    login(page, live_server, user.username, factories.PASSWORD)
    page.goto(f"{live_server.url}/documents/import/")
    page.set_input_files("#id_file", str(SEED_DIR / "004_1cdb50bc881d4218.txt"))
    page.click("#upload-submit")
    page.wait_for_selector("#preview-tasks")
    assert page.inner_text("#task-count") == "38"
    assert "各市州人民政府（全文）" in page.inner_text("#preview-tasks")
    screenshot(page, "documents-import-05-preview-seed-004")
    assert page.console_errors == [] and page.external_requests == []
