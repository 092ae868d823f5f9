"""Browser: the preview as a workbench — switch the reading, edit a task, drop one, map a name, save."""

import datetime as dt

import pytest

from agencies.models import Agency, AgencyAlias
from documents.models import Document
from tasks.models import Assignment, Task
from tests import factories
from tests.browser import login, screenshot

from .workbench_plans import WORKBENCH_PLAN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module", autouse=True)
def _orm_beside_playwright(django_db_setup):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def _fits(page, width: int) -> bool:
    return page.locator("html").evaluate("el => el.scrollWidth") <= width


def _open_workbench(page, live_server, tmp_path, username: str) -> None:
    user = factories.UserFactory(role="office", username=username)
    login(page, live_server, user.username, factories.PASSWORD)
    plan = tmp_path / "workbench.txt"
    plan.write_text(WORKBENCH_PLAN, encoding="utf-8")
    page.goto(f"{live_server.url}/documents/import/")
    page.set_input_files("#id_file", str(plan))
    page.click("#upload-submit")
    page.wait_for_selector("#preview-tasks")


def test_switch_reading_edit_drop_map_and_save(page, live_server, agencies, tmp_path):
    _open_workbench(page, live_server, tmp_path, "gongzuotai")
    assert "按正文识别 4 项（系统推荐）" in page.inner_text("#readings")
    assert page.locator(".task-card").count() == 4
    assert "单位不在系统中：工作台新单位" in page.inner_text("#task-1")

    # Switch to the （一） headings: three tasks, none with a unit, and the page says so loudly.
    page.click('#readings a[data-reading="level:paren_cn"]')
    page.wait_for_selector("#no-units-warning")
    assert page.locator(".task-card").count() == 3 and page.inner_text("#task-count") == "3"
    assert "未找到责任单位条款" in page.inner_text("#task-0")
    screenshot(page, "workbench-01-other-reading-desktop")

    # Edit the first task, drop the third, and name a unit the registry knows by another name.
    page.fill("#id_t-0-text", "深化审批改革，推进政务服务“一网通办”。")
    page.fill("#id_t-0-lead", "省司法局")
    page.fill("#id_t-0-co", "省政务局")
    page.fill("#id_t-0-deadline", "2030-10-31")
    page.check("#id_t-2-DELETE")
    assert "task-dropped" in page.get_attribute("#task-2", "class")  # the static JS greys it at once
    page.click("#refresh-preview")
    page.wait_for_selector("#unresolved-names")
    assert page.locator(".task-card").count() == 2
    options = page.locator("#id_map_0 option").all_inner_texts()
    assert options[2].startswith("建议：湖南省司法厅")  # after 请选择… and 新建单位
    screenshot(page, "workbench-02-mapping-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert _fits(page, 390)
    screenshot(page, "workbench-03-mapping-390")
    page.set_viewport_size({"width": 1400, "height": 900})

    target = Agency.objects.get(name="湖南省司法厅")
    page.select_option("#id_map_0", str(target.pk))
    page.click("#confirm-import")
    page.wait_for_selector("#document-corrections")
    screenshot(page, "workbench-04-saved-desktop")

    document = Document.objects.get()
    tasks = list(Task.objects.filter(document=document).order_by("order"))
    assert [t.number for t in tasks] == ["一", "二"]
    assert tasks[0].text == "深化审批改革，推进政务服务“一网通办”。" and tasks[0].deadline == dt.date(2030, 10, 31)
    lead = Assignment.objects.get(task=tasks[0], role="lead")
    assert lead.agency == target and lead.name_as_printed == "省司法局"
    assert AgencyAlias.objects.get(name="省司法局").agency == target
    kinds = [c["kind"] for c in document.import_record.corrections]
    assert kinds[0] == "reading" and "drop" in kinds and "edit" in kinds and "map" in kinds
    assert document.import_record.parser_output["parser_choice"] == "auto"
    shown = page.inner_text("#document-corrections")
    assert "识别方式由“按正文识别”改为“按正文（一）识别”" in shown and "省司法局" in shown
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "workbench-05-saved-390")
    assert page.console_errors == [] and page.external_requests == []


def test_split_at_the_cursor_and_merge(page, live_server, agencies, tmp_path):
    _open_workbench(page, live_server, tmp_path, "gongzuotai2")

    text = page.input_value("#id_t-0-text")
    cut = text.index("，") + 1
    area = page.locator("#id_t-0-text")
    area.click()
    area.evaluate(f"(el) => el.setSelectionRange({cut}, {cut})")
    area.press("ArrowRight")
    area.press("ArrowLeft")  # a real key press, as the office would place the cursor
    page.click('#task-0 .split-button')
    page.wait_for_selector("#task-4")
    assert page.input_value("#id_t-0-text") == text[:cut]
    assert page.input_value("#id_t-1-text") == text[cut:] and page.input_value("#id_t-1-number") == "1-2"

    page.click('#task-3 button[value="merge:3"]')  # 3. with 4.
    page.wait_for_selector("#task-3")
    assert page.locator(".task-card").count() == 4
    assert "建设统一的电子证照库" in page.input_value("#id_t-3-text")
    screenshot(page, "workbench-06-split-merge-desktop")
    assert page.console_errors == [] and page.external_requests == []
