"""The office's list filters (责任单位 as lead or any role, 职责, 状态, deadline range, 本月未报送): one
TaskFilterSet behind the page, the API and the export, so all three return the same tasks."""

import datetime
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, AgencyFactory, ReportFactory, task_with
from tests.helpers import this_month

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def three_tasks(agency_a, agency_b):
    c = AgencyFactory(name="湖南省发展和改革委员会", short_name="省发展改革委")
    led_by_a = task_with(lead=[agency_a], co=[c], text="甲牵头的任务", deadline=datetime.date(2021, 6, 30))
    a_helps = task_with(lead=[agency_b], co=[agency_a], text="甲配合的任务", deadline=datetime.date(2021, 9, 30))
    not_a = task_with(lead=[agency_b, c], text="与甲无关的任务", deadline=datetime.date(2021, 12, 31))
    return led_by_a, a_helps, not_a


def _page_ids(client, query) -> set[int]:
    response = client.get(reverse("tasks:list"), query)
    assert response.status_code == 200
    return {task.pk for task in response.context["page"]}


def _api_ids(client, query) -> set[int]:
    response = client.get("/api/tasks/", query)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def _export_texts(client, query) -> set[str]:
    response = client.get(reverse("dashboard:export_xlsx"), query)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # a sheet per document
    return {cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)}


@pytest.mark.parametrize(("query", "expected"), [
    ({"agency": "A"}, {"led_by_a", "a_helps"}),
    ({"agency": "A", "role": "lead"}, {"led_by_a"}),
    ({"agency": "A", "role": "co"}, {"a_helps"}),
    ({"deadline_after": "2021-07-01", "deadline_before": "2021-12-31"}, {"a_helps", "not_a"}),
    ({"agency": "A", "deadline_before": "2021-08-31"}, {"led_by_a"}),
])
def test_page_api_and_export_agree(query, expected, three_tasks, agency_a, office_user):
    led_by_a, a_helps, not_a = three_tasks
    names = {"led_by_a": led_by_a, "a_helps": a_helps, "not_a": not_a}
    query = {k: (agency_a.pk if v == "A" else v) for k, v in query.items()}
    want = {names[n].pk for n in expected}
    client = _client(office_user)
    assert _page_ids(client, query) == want
    assert _api_ids(client, query) == want
    texts = _export_texts(client, query)
    assert {t.text for t in three_tasks if t.text in texts} == {names[n].text for n in expected}


def test_office_page_offers_every_agency_and_keeps_the_choice(three_tasks, agency_a, office_user):
    html = _client(office_user).get(reverse("tasks:list"), {"agency": agency_a.pk}).content.decode()
    assert f'<option value="{agency_a.pk}" selected>省政务局</option>' in html
    assert "省发展改革委</option>" in html
    assert 'name="deadline_after"' in html and 'name="has_report_this_month"' in html
    assert f"export.xlsx?agency={agency_a.pk}" in html


def test_not_reported_this_month_for_liaison_and_office(three_tasks, agency_a, agency_b, liaison_a, office_user):
    led_by_a, a_helps, not_a = three_tasks
    ReportFactory(task=led_by_a, agency=agency_a, period=this_month())
    ReportFactory(task=not_a, agency=agency_b, period=this_month())
    # The liaison's list counts its own agency's reports.
    assert _page_ids(_client(liaison_a), {"has_report_this_month": "false"}) == {a_helps.pk}
    assert _page_ids(_client(liaison_a), {"has_report_this_month": "true"}) == {led_by_a.pk}
    # The office's, anyone's.
    assert _page_ids(_client(office_user), {"has_report_this_month": "false"}) == {a_helps.pk}


def test_agency_page_has_no_agency_picker_and_stays_in_scope(three_tasks, agency_b, liaison_a):
    client = _client(liaison_a)
    html = client.get(reverse("tasks:list")).content.decode()
    assert 'name="agency"' not in html
    # Asking for another agency's tasks narrows the liaison's own list; it never widens it.
    assert _page_ids(client, {"agency": agency_b.pk}) == {three_tasks[1].pk}


def test_bad_filter_value_is_shown_in_chinese(office_user):
    response = _client(office_user).get(reverse("tasks:list"), {"deadline_after": "2021-13-01"})
    assert response.status_code == 200
    assert "输入一个有效的日期" in response.content.decode()
