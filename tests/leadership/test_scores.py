"""考核 scores: every point from a recorded fact, explained line by line, scoped, exported, constant queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from agencies.roles import actor_for
from leadership.changes import start_of
from leadership.models import ScoringScheme
from leadership.scores import agency_scores
from tasks.choices import EventKind, TaskStatus
from tasks.guards import record_event
from tasks.models import Task, TaskEvent
from tests import factories

pytestmark = pytest.mark.django_db
PERIOD = datetime.date(2021, 9, 1)


def _event(task, kind, day, hour=10, agency=None):
    event = record_event(task, kind, None, agency_id=agency.pk if agency else None)
    at = start_of(day) + datetime.timedelta(hours=hour)
    TaskEvent.objects.filter(pk=event.pk).update(created_at=at)
    return event


def _report(task, agency, day, **kw):
    report = factories.ReportFactory(task=task, agency=agency, period=PERIOD, **kw)
    type(report).objects.filter(pk=report.pk).update(submitted_at=start_of(day) + datetime.timedelta(hours=9))
    return report


@pytest.fixture
def facts(agency_a, agency_b):
    on_time = factories.task_with(lead=[agency_a], deadline=datetime.date(2021, 9, 10), number="1",
                                  status=TaskStatus.SIGNED_OFF, signed_off_at=timezone.now())
    late = factories.task_with(lead=[agency_a], co=[agency_b], deadline=datetime.date(2021, 9, 5), number="2",
                               status=TaskStatus.SIGNED_OFF, signed_off_at=timezone.now())
    shared = factories.task_with(lead=[agency_a, agency_b], deadline=datetime.date(2021, 12, 31), number="3")
    Task.objects.filter(pk__in=[on_time.pk, late.pk, shared.pk]).update(created_at=start_of(datetime.date(2021, 9, 1)))
    # Signed off on 10 September 23:30 Beijing time (15:30 UTC): still on time on the Beijing day.
    _event(on_time, EventKind.SIGNED_OFF, datetime.date(2021, 9, 10), hour=23)
    _event(late, EventKind.SIGNED_OFF, datetime.date(2021, 9, 6))
    _event(on_time, EventKind.SIGNED_OFF, datetime.date(2021, 8, 31))  # last month: not this period's fact
    _report(shared, agency_a, datetime.date(2021, 9, 20))  # on the due day: on time
    _report(late, agency_b, datetime.date(2021, 9, 21))  # a day late: 0 points
    _event(shared, EventKind.ACKNOWLEDGED, datetime.date(2021, 9, 2), agency=agency_a)
    _event(shared, EventKind.ACKNOWLEDGED, datetime.date(2021, 9, 9), agency=agency_b)  # 8 days: not timely
    _event(shared, EventKind.URGED, datetime.date(2021, 9, 12), agency=agency_b)  # B urged
    _event(shared, EventKind.URGED, datetime.date(2021, 9, 13))  # the task urged: both leads
    _event(shared, EventKind.REPORT_RETURNED, datetime.date(2021, 9, 14), agency=agency_a)
    _event(late, EventKind.RETURNED, datetime.date(2021, 9, 3))  # sign-off returned: the lead A
    return {"on_time": on_time, "late": late, "shared": shared}


def _by_name(scores):
    return {a["name"]: a for a in scores["agencies"]}


def test_each_point_is_a_recorded_fact(facts, office_user):
    scores = _by_name(agency_scores(actor=actor_for(office_user), period=PERIOD))
    a, b = scores["省政务局"], scores["省司法厅"]
    # A: +10 on time, 0 late, +2 report, +1 ack, -1 urged (task), -2 report returned, -2 sign-off returned.
    assert a["points"] == {"completion": 10, "report": 2, "ack": 1, "urged": -1, "report_returned": -2,
                           "signoff_returned": -2}
    assert a["facts"]["completion"] == 2 and a["score"] == 8
    # B: 0 late report, 0 late ack, -1 urged itself, -1 urged with the task.
    assert b["points"] == {"completion": 0, "report": 0, "ack": 0, "urged": -2, "report_returned": 0,
                           "signoff_returned": 0}
    assert b["score"] == -2 and a["rank"] < b["rank"]
    lines = a["lines"]
    assert sum(line["points"] for line in lines) == a["score"]
    assert [(line["task_id"], line["fact"], line["points"]) for line in lines][:3] == [
        (facts["shared"].pk, "及时签收", 1), (facts["late"].pk, "销号申请被退回", -2),
        (facts["late"].pk, "牵头任务逾期后销号", 0)]
    assert {line["fact"] for line in b["lines"]} == {"当月进展晚于20日报送", "签收超过3天", "被催办"}


def test_the_office_changes_the_scheme_and_the_scores_follow(facts, office_user):
    ScoringScheme.objects.create(on_time_completion=5, urge_deduction=3, report_due_day=21)
    b = _by_name(agency_scores(actor=actor_for(office_user), period=PERIOD))["省司法厅"]
    assert b["points"]["urged"] == -6 and b["points"]["report"] == 2


def test_an_agency_sees_its_own_line_only(facts, liaison_b, agency_a):
    scores = agency_scores(actor=actor_for(liaison_b), period=PERIOD)
    assert [a["name"] for a in scores["agencies"]] == ["省司法厅"]
    assert all(line["agency_id"] != agency_a.pk for a in scores["agencies"] for line in a["lines"])


def test_api_page_and_sheet(client, facts, office_user, liaison_b, agency_a, django_assert_max_num_queries):
    client.force_login(office_user)
    data = client.get("/api/scores/", {"period": "2021-09"}).json()
    assert _by_name(data)["省政务局"]["score"] == 8
    assert client.get("/api/scores/", {"period": "2021-9"}).json()["errors"]["period"][0].startswith("考核月份")
    future = (timezone.localdate() + datetime.timedelta(days=40)).strftime("%Y-%m")
    not_yet = client.get("/api/scores/", {"period": future})  # a month that has not begun has no scores
    assert (not_yet.status_code, not_yet.json()["detail"]) == (404, "该月份尚未开始，还没有得分。")
    data = client.get("/api/scores/", {"period": "2021-09", "agency": agency_a.pk}).json()
    assert [a["lines"] is None for a in data["agencies"]] == [False, True]
    with django_assert_max_num_queries(30):
        response = client.get("/dashboard/scores/", {"period": "2021-09", "agency": agency_a.pk})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="fact-lines"' in html and "牵头任务逾期后销号" in html
    assert client.get("/dashboard/scores/", {"period": "bad"}).status_code == 400
    wb = load_workbook(io.BytesIO(client.get("/dashboard/scores.xlsx", {"period": "2021-09"}).content))
    assert wb.sheetnames == ["得分", "明细"]
    assert [r[:3] for r in wb["得分"].iter_rows(min_row=2, values_only=True)] == [(1, "省政务局", 8), (2, "省司法厅", -2)]
    assert sum(r[6] for r in wb["明细"].iter_rows(min_row=2, values_only=True)) == 6
    client.force_login(liaison_b)  # the other agency's side: A's lines are not B's to read
    data = client.get("/api/scores/", {"period": "2021-09", "agency": agency_a.pk}).json()
    assert [a["name"] for a in data["agencies"]] == ["省司法厅"]


def test_queries_do_not_grow_with_facts(facts, office_user, agency_a, agency_b):
    actor = actor_for(office_user)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            agency_scores(actor=actor, period=PERIOD)
        return len(ctx.captured_queries)

    before = count()
    for n in range(5):
        task = factories.task_with(lead=[factories.AgencyFactory(name=f"湖南省测试局{n}")], number=f"y{n}")
        _event(task, EventKind.URGED, datetime.date(2021, 9, 20))
        _report(task, agency_b, datetime.date(2021, 9, 2))
    assert count() == before <= 20
