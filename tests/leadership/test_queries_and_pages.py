"""Query counts (≤ 15, the same at N and 2N tasks) and the page: who may open it, what it links to."""

import datetime
import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.roles import actor_for
from leadership.dashboards import dashboard_summary
from leadership.views import _figure_links, league_link
from tests import factories

from .conftest import build_tasks

pytestmark = pytest.mark.django_db
# Issue 19: ≤ 15. The page reads the office calendar rows (working-day thresholds) and, since the rollups,
# takes the figures' document titles from its own document filter instead of a second documents query.
MAX_QUERIES = 15


def _grow(agencies, n, documents=None):
    return build_tasks(n, agencies, random.Random(n), documents)[1]


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["office_user", "leader_user", "liaison_a"])
def test_summary_and_page_queries_constant(who, request, client, agency_a, agency_b, collective, today):
    user = request.getfixturevalue(who)
    agencies = [agency_a, agency_b, collective]
    documents = _grow(agencies, 15)
    client.force_login(user)
    actor = actor_for(user)
    summary_n = _count(lambda: dashboard_summary(actor=actor, today=today))
    page_n = _count(lambda: client.get("/dashboard/"))
    _grow(agencies, 15, documents)
    summary_2n = _count(lambda: dashboard_summary(actor=actor, today=today))
    page_2n = _count(lambda: client.get("/dashboard/"))
    assert summary_n == summary_2n <= MAX_QUERIES - 4
    assert page_n == page_2n <= MAX_QUERIES


def test_anonymous_goes_to_login(client):
    for url in ("/dashboard/", "/dashboard/export.xlsx", "/dashboard/export.csv"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_user_without_role_is_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("norole", password="x"))
    for url in ("/dashboard/", "/dashboard/export.xlsx", "/dashboard/export.csv"):
        assert client.get(url).status_code == 403


def test_leadership_page_links_every_figure(dataset, client, leader_user, agency_b):
    client.force_login(leader_user)
    response = client.get("/dashboard/", {"year": 2021})
    assert response.status_code == 200
    html = response.content.decode()
    assert "领导驾驶舱" in html
    summary = response.context["summary"]
    assert 'href="/tasks/?year=2021&amp;overdue=true"' in html
    assert 'href="/tasks/?year=2021&amp;warning=yellow"' in html
    assert 'href="/tasks/?year=2021&amp;status=signed_off"' in html
    doc = summary["by_document"][0]
    assert f'href="/tasks/?year=2021&amp;document={doc["id"]}&amp;overdue=true"' in html
    charts = response.context["charts"]
    # The league table's rows carry no links: the browser builds them from league_link (static/js/dashboard.js),
    # and they must be the ones every other figure of the page uses.
    columns = charts["league_columns"]
    row = next(dict(zip(columns, r, strict=True)) for r in charts["league_rows"] if r[0] == agency_b.pk)
    assert row["id"] == agency_b.pk and row["name"] == agency_b.name
    assert row["total"] == next(a["total"] for a in summary["league"] if a["id"] == agency_b.pk)
    built = charts["league_link"]["prefix"] + str(agency_b.pk) + charts["league_link"]["suffix"]
    assert built + "&overdue=true" == f"/tasks/?year=2021&agency={agency_b.pk}&role=lead&overdue=true"
    assert built + "&overdue=true" == _figure_links({"year": 2021, "document": None, "agency": None},
                                                    agency=agency_b.pk, role="lead")["overdue"]
    assert {s["url"] for s in charts["status"]} >= {"/tasks/?year=2021&status=in_progress"}
    assert 'id="dashboard-data"' in html and "vendor/echarts/echarts.min.js" in html
    assert "cdn" not in html.lower()
    # Leadership can pick any agency, and any document (options built in Python, escaped like the template's).
    assert f'<option value="{agency_b.pk}">{agency_b.short_name}</option>' in html
    assert f'<option value="{doc["id"]}">' in html and 'id="f-agency"' in html


def test_agency_page_is_scoped_and_ignores_agency_parameter(dataset, client, liaison_b, agency_a):
    client.force_login(liaison_b)
    response = client.get("/dashboard/", {"agency": agency_a.pk})
    assert response.status_code == 200
    assert "本单位概况" in response.content.decode()
    summary = response.context["summary"]
    assert summary["scope"] == "agency" and summary["filters"]["agency"] is None
    assert 'id="f-agency"' not in response.content.decode()
    assert {a["id"] for a in summary["league"]} <= {liaison_b.profile.agency_id}


def test_bad_filter_values_are_ignored(client, office_user):
    client.force_login(office_user)
    response = client.get("/dashboard/", {"year": "abc", "document": "-1", "agency": "x"})
    assert response.status_code == 200
    assert response.context["filters"] == {"year": None, "document": None, "agency": None}


def test_leadership_home_redirects_to_dashboard(client, leader_user):
    client.force_login(leader_user)
    assert client.get("/")["Location"] == "/dashboard/"


def test_empty_dashboard_renders(client, office_user):
    client.force_login(office_user)
    factories.AgencyFactory()
    response = client.get("/dashboard/")
    assert response.status_code == 200 and "没有逾期未销号的任务" in response.content.decode()


def test_upcoming_figure_and_its_task_list_agree(dataset, client, office_user, today):
    """The "next 30 days" figure counts open tasks only; its link must show exactly those."""
    client.force_login(office_user)
    summary = dashboard_summary(actor=actor_for(office_user), today=today)
    response = client.get("/dashboard/")
    link = response.context["summary"]["totals"]["links"]["upcoming"]
    assert "open=true" in link
    # The page computes the window from the real date; rebuild it for the fixed test date.
    until = today + datetime.timedelta(days=summary["upcoming"]["days"])
    listed = client.get("/tasks/", {"deadline_after": today, "deadline_before": until, "open": "true"})
    assert listed.context["page"].paginator.count == summary["upcoming"]["count"] > 0


def test_document_filter_offers_the_newest_documents_and_the_chosen_one(client, office_user, agency_a,
                                                                       monkeypatch):
    """A province holds thousands of plans: the filter lists the newest (of the chosen year) and the chosen one,
    and says that it lists only those."""
    from leadership import views

    monkeypatch.setattr(views, "DOCUMENT_OPTIONS", 2)
    tasks = [factories.task_with(lead=[agency_a]) for _ in range(4)]
    for year, task in zip((2019, 2020, 2021, 2022), tasks, strict=True):
        type(task.document).objects.filter(pk=task.document_id).update(year=year, doc_number=f"湘政办发〔{year}〕1号")
    client.force_login(office_user)

    def offered(params):
        page = client.get("/dashboard/", params)
        assert page.status_code == 200
        html = page.content.decode()
        block = html[html.index('id="f-document"'):]
        block = block[:block.index("</select>")]
        return [int(v) for v in re.findall(r'<option value="(\d+)"', block)], html, page

    ids, html, page = offered({})
    assert ids == [tasks[3].document_id, tasks[2].document_id]  # newest year first
    assert "仅列出最新的 2 个文件" in html and page.context["years"] == [2022, 2021, 2020, 2019]
    ids, html, _page = offered({"year": 2019})
    assert ids == [tasks[0].document_id] and "仅列出最新的" not in html
    ids, html, page = offered({"document": tasks[0].document_id})  # chosen, though not among the newest
    assert ids[0] == tasks[0].document_id and f'value="{tasks[0].document_id}" selected' in html
    assert page.context["years"] == [2022, 2021, 2020, 2019]


@pytest.mark.parametrize("base", [
    {"year": None, "document": None, "agency": None},
    {"year": 2021, "document": None, "agency": None},
    {"year": 2021, "document": 7, "agency": None},
    {"year": None, "document": 7, "agency": 12},  # a dashboard narrowed to one agency lists that agency only
])
def test_league_links_built_in_the_browser_are_the_figure_links(base):
    link = league_link(base)
    for agency_id in (3, 12, 40123):
        built = link["prefix"] + str(agency_id) + link["suffix"]
        expected = _figure_links(base, agency=agency_id, role="lead")
        assert {"total": built, "signed_off": built + "&status=signed_off", "overdue": built + "&overdue=true",
                "yellow": built + "&warning=yellow"} == {k: expected[k] for k in ("total", "signed_off", "overdue",
                                                                                    "yellow")}
