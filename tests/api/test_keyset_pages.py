"""GET /api/tasks/?cursor=…: keyset pages in the default order, the same rows as page numbers, flat cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tasks.api.keyset import encode_cursor
from tests.factories import AgencyFactory, PlanFactory, SectionFactory, TaskFactory, task_with

pytestmark = pytest.mark.django_db


def _plan_tasks(plan, n, lead):
    section = SectionFactory(plan=plan)
    return [task_with(lead=[lead], section=section, plan=plan, document=plan.document, order=i) for i in range(n)]


@pytest.fixture
def ledger(agency_a):
    """Three notices, one with two plans, tasks out of creation order: the keys must do the ordering."""
    other = AgencyFactory()
    first = PlanFactory()
    second = PlanFactory()
    second_b = PlanFactory(document=second.document, order=1)
    third = PlanFactory()
    _plan_tasks(third, 4, agency_a)
    _plan_tasks(second_b, 5, other)
    _plan_tasks(first, 6, agency_a)
    _plan_tasks(second, 5, agency_a)
    return agency_a


def _get(client, params):
    response = client.get("/api/tasks/", params)
    assert response.status_code == 200, response.content
    return response.json()


def _all_by_pages(client, extra=None) -> list[int]:
    out, page = [], 1
    while True:
        body = _get(client, {"page_size": 4, "page": page, **(extra or {})})
        out += [r["id"] for r in body["results"]]
        if not body["next"]:
            return out
        page += 1


def _all_by_cursor(client, extra=None) -> tuple[list[int], list[dict]]:
    out, bodies, cursor = [], [], ""
    while True:
        body = _get(client, {"page_size": 4, "cursor": cursor, **(extra or {})})
        bodies.append(body)
        out += [r["id"] for r in body["results"]]
        if body["next_cursor"] is None:
            assert body["next"] is None
            return out, bodies
        assert f"cursor={body['next_cursor']}" in body["next"]
        cursor = body["next_cursor"]


def test_cursor_pages_give_the_rows_of_the_page_numbers_in_the_same_order(as_office, ledger):
    by_pages = _all_by_pages(as_office)
    by_cursor, bodies = _all_by_cursor(as_office)
    assert len(by_pages) == 20 and by_cursor == by_pages
    assert len(bodies) == 5 and all(b["count"] is None and b["previous"] is None for b in bodies)


def test_cursor_pages_keep_filters_and_the_liaisons_scope(as_office, as_liaison_a, ledger):
    agency_only = {"agency": ledger.pk}
    assert _all_by_cursor(as_office, agency_only)[0] == _all_by_pages(as_office, agency_only)
    liaison_rows = _all_by_cursor(as_liaison_a)[0]
    assert len(liaison_rows) == 15  # the other agency's plan of five is not the liaison's
    assert liaison_rows == _all_by_pages(as_liaison_a)


def test_a_page_number_page_hands_over_to_cursors(as_office, ledger):
    page_two = _get(as_office, {"page_size": 4, "page": 2})
    after = _get(as_office, {"page_size": 4, "cursor": page_two["next_cursor"]})
    page_three = _get(as_office, {"page_size": 4, "page": 3})
    assert [r["id"] for r in after["results"]] == [r["id"] for r in page_three["results"]]
    last = _get(as_office, {"page_size": 4, "page": 5})
    assert last["next"] is None and last["next_cursor"] is None
    # Another order: page numbers only, so no cursor is offered.
    assert _get(as_office, {"page_size": 4, "ordering": "deadline"})["next_cursor"] is None


def _queries(client, params) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/tasks/", params)
    assert response.status_code == 200, response.content
    return [q["sql"] for q in ctx.captured_queries]


def test_a_deep_cursor_page_costs_the_queries_of_the_first_and_counts_nothing(as_office, agency_a):
    plan = PlanFactory()
    tasks = _plan_tasks(plan, 60, agency_a)
    first = _queries(as_office, {"page_size": 5, "cursor": ""})
    deep_key = {"document_id": plan.document_id, "plan_id": plan.pk, "order": tasks[49].order, "id": tasks[49].pk}
    deep_sql = _queries(as_office, {"page_size": 5, "cursor": encode_cursor(deep_key)})
    assert len(deep_sql) == len(first)
    assert not any("COUNT(" in sql.upper() and "tasks_task" in sql for sql in deep_sql)
    deep = _get(as_office, {"page_size": 5, "cursor": encode_cursor(deep_key)})
    assert [r["id"] for r in deep["results"]] == [t.pk for t in tasks[50:55]]
    assert all("OFFSET" not in sql.upper() for sql in deep_sql)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"cursor": "不是游标"}, "游标无效"),
        ({"cursor": "MS4yLjM"}, "游标无效"),  # "1.2.3": a key short of a field
        ({"cursor": "LTEuMi4zLjQ"}, "游标无效"),  # "-1.2.3.4"
        ({"cursor": "MS4yLjMuNA", "ordering": "deadline"}, "默认顺序"),  # "1.2.3.4" in another order
        ({"cursor": "MS4yLjMuNA", "page": "2"}, "只能用其一"),
    ],
)
def test_a_cursor_that_names_no_page_is_404_in_chinese(as_office, agency_a, params, words):
    """As DRF's CursorPagination: a cursor that cannot be used names no page."""
    TaskFactory()
    response = as_office.get("/api/tasks/", params)
    assert response.status_code == 404, response.content
    assert words in response.json()["detail"]


def test_an_empty_cursor_beside_ordering_or_page_is_not_given(as_office, agency_a):
    """Empty query parameters mean "not given" throughout the API: page numbers answer."""
    TaskFactory()
    for params in ({"cursor": "", "ordering": "deadline"}, {"cursor": "", "page": "1"}):
        body = as_office.get("/api/tasks/", params).json()
        assert body["count"] == 1, (params, body)
    body = as_office.get("/api/tasks/", {"cursor": ""}).json()
    assert body["count"] is None and len(body["results"]) == 1  # alone, it asks for the first keyset page
    bad_size = as_office.get("/api/tasks/", {"cursor": "", "page_size": "x"})
    assert bad_size.status_code == 400 and "正整数" in bad_size.json()["errors"]["page_size"][0]
