"""Changes since a date: each list against the deadlines and the timeline, scoping, the API, the page and the sheet."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from agencies.roles import actor_for
from leadership.changes import change_totals, changes_since, default_since, start_of
from leadership.models import DispatchMeeting
from tasks import services
from tasks.choices import EventKind, TaskStatus
from tasks.guards import record_event
from tasks.models import TaskEvent
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2021, 9, 15)  # before the report window (day 20): colours follow the deadlines alone
SINCE = datetime.date(2021, 9, 1)


def _at(task_event: TaskEvent, day: datetime.date) -> None:
    TaskEvent.objects.filter(pk=task_event.pk).update(created_at=start_of(day) + datetime.timedelta(hours=10))


def _ids(changes, name):
    return [i["task_id"] for i in changes["lists"][name]]


@pytest.fixture
def story(agency_a, agency_b, office_user):
    """Tasks of A and B whose deadlines and timeline changed around 1 September."""
    made = {
        "overdue_new": factories.task_with(lead=[agency_a], deadline=datetime.date(2021, 9, 10), number="1"),
        "overdue_old": factories.task_with(lead=[agency_a], deadline=datetime.date(2021, 8, 20), number="2"),
        "due_soon": factories.task_with(lead=[agency_b], deadline=datetime.date(2021, 9, 18), number="3"),
        "was_yellow": factories.task_with(lead=[agency_b], deadline=datetime.date(2021, 9, 16), number="4"),
        "signed": factories.task_with(lead=[agency_a], co=[agency_b], deadline=datetime.date(2021, 12, 31),
                                      status=TaskStatus.SIGNOFF_REQUESTED, number="5"),
        "signed_before": factories.task_with(lead=[agency_b], deadline=datetime.date(2021, 12, 31),
                                             status=TaskStatus.SIGNOFF_REQUESTED, number="6"),
        "returned": factories.task_with(lead=[agency_b], deadline=datetime.date(2021, 12, 31),
                                        status=TaskStatus.SIGNOFF_REQUESTED, number="7"),
    }
    from tasks.models import Task
    Task.objects.filter(pk__in=[t.pk for t in made.values()]).update(created_at=start_of(datetime.date(2021, 5, 1)))
    services.signoff_approve(user=office_user, task=made["signed"])
    _at(TaskEvent.objects.get(task=made["signed"], kind=EventKind.SIGNED_OFF), datetime.date(2021, 9, 5))
    services.signoff_approve(user=office_user, task=made["signed_before"])
    _at(TaskEvent.objects.get(task=made["signed_before"], kind=EventKind.SIGNED_OFF), datetime.date(2021, 8, 31))
    services.task_return(user=office_user, task=made["returned"], reason="佐证材料不足")
    _at(TaskEvent.objects.get(task=made["returned"], kind=EventKind.RETURNED), datetime.date(2021, 9, 1))
    _at(record_event(made["due_soon"], EventKind.EXTENSION_APPROVED, office_user, agency_id=agency_b.pk,
                     message="同意延期至2021年9月18日"), datetime.date(2021, 9, 2))
    _at(record_event(made["overdue_old"], EventKind.SUBTASK_CREATED, None, agency_id=agency_a.pk,
                     message="分解子任务：制定清单"), datetime.date(2021, 9, 3))
    _at(record_event(made["overdue_old"], EventKind.REPORT_RETURNED, office_user, agency_id=agency_a.pk,
                     message="进展过于简单"), datetime.date(2021, 9, 4))
    return made


def test_each_list_follows_the_deadlines_and_the_timeline(story, office_user, agency_a, agency_b):
    changes = changes_since(actor=actor_for(office_user), since=SINCE, today=TODAY)
    assert _ids(changes, "newly_overdue") == [story["overdue_new"].pk]
    warned = {i["task_id"]: (i["from"], i["to"]) for i in changes["lists"]["newly_warned"]}
    # Due on 16 September: yellow on 9 September (7 days), green on 1 September.
    assert warned == {story["overdue_new"].pk: ("green", "red"), story["due_soon"].pk: ("green", "yellow"),
                      story["was_yellow"].pk: ("green", "yellow")}
    # The timeline since 1 September (00:00 Beijing), exactly: the sign-off of 31 August is not in it.
    expected_signed = list(TaskEvent.objects.filter(kind=EventKind.SIGNED_OFF, created_at__gte=start_of(SINCE))
                           .values_list("task_id", flat=True))
    assert _ids(changes, "signed_off") == expected_signed == [story["signed"].pk]
    assert {(i["task_id"], i["kind"]) for i in changes["lists"]["returned"]} == {
        (story["returned"].pk, EventKind.RETURNED), (story["overdue_old"].pk, EventKind.REPORT_RETURNED)}
    (extension,) = changes["lists"]["extensions_approved"]
    assert extension["task_id"] == story["due_soon"].pk and extension["agencies"] == "省司法厅"
    assert extension["date"] == datetime.date(2021, 9, 2) and "延期" in extension["message"]
    assert _ids(changes, "subtasks_created") == [story["overdue_old"].pk]
    # Nobody reported this month: every open task owes its lead's report; the signed-off ones owe nothing.
    missing = {(i["task_id"], i["agencies"]) for i in changes["lists"]["reports_missing"]}
    assert (story["overdue_new"].pk, "省政务局") in missing and (story["returned"].pk, "省司法厅") in missing
    assert not {story["signed"].pk, story["signed_before"].pk} & {t for t, _a in missing}
    assert changes["totals"]["reports_missing"] == 5
    by_agency = {g["name"]: g for g in changes["by_agency"]}
    assert by_agency["省政务局"]["newly_overdue"] == 1 and by_agency["省政务局"]["signed_off"] == 1
    assert by_agency["省司法厅"]["extensions_approved"] == 1 and by_agency["省司法厅"]["returned"] == 1
    assert sum(g["signed_off"] for g in changes["by_document"]) == 1


def test_a_report_of_the_month_before_the_date_keeps_the_colour(story, office_user, agency_b):
    """In the report window, 'no report this month' is yellow; a report made before D keeps D's colour green."""
    today = datetime.date(2021, 9, 25)
    task = factories.task_with(lead=[agency_b], deadline=datetime.date(2021, 12, 31), number="9")
    late = factories.task_with(lead=[agency_b], deadline=datetime.date(2021, 12, 31), number="10")
    changes = changes_since(actor=actor_for(office_user), since=datetime.date(2021, 9, 21), today=today)
    warned = {i["task_id"]: i for i in changes["lists"]["newly_warned"]}
    assert warned[task.pk]["from_label"] == "（新任务）"  # created after the date
    from tasks.models import Task
    Task.objects.filter(pk__in=[task.pk, late.pk]).update(created_at=start_of(datetime.date(2021, 5, 1)))
    changes = changes_since(actor=actor_for(office_user), since=datetime.date(2021, 9, 21), today=today)
    warned = {i["task_id"]: (i["from"], i["to"]) for i in changes["lists"]["newly_warned"]}
    assert task.pk not in warned  # yellow on the 21st already (no report in the window): not new
    changes = changes_since(actor=actor_for(office_user), since=datetime.date(2021, 9, 10), today=today)
    warned = {i["task_id"]: (i["from"], i["to"]) for i in changes["lists"]["newly_warned"]}
    assert warned[task.pk] == ("green", "yellow")


def test_an_agency_sees_only_its_own_tasks(story, liaison_a, agency_a):
    changes = changes_since(actor=actor_for(liaison_a), since=SINCE, today=TODAY)
    seen = {i["task_id"] for items in changes["lists"].values() for i in items}
    assert story["due_soon"].pk not in seen and story["returned"].pk not in seen
    assert story["signed"].pk in seen  # A leads it
    assert {i["agencies"] for i in changes["lists"]["reports_missing"]} == {"省政务局"}


def test_the_last_meeting_is_the_default_date(db):
    today = timezone.localdate()
    assert default_since(today) == today - datetime.timedelta(days=30)
    DispatchMeeting.objects.create(date=today - datetime.timedelta(days=12))
    DispatchMeeting.objects.create(date=today - datetime.timedelta(days=40))
    assert default_since(today) == today - datetime.timedelta(days=12)


def test_api_returns_the_lists_and_refuses_a_bad_date_in_chinese(client, story, office_user, liaison_b):
    client.force_login(office_user)
    since = timezone.localdate() - datetime.timedelta(days=1)
    TaskEvent.objects.filter(task=story["signed"], kind=EventKind.SIGNED_OFF).update(created_at=timezone.now())
    data = client.get("/api/changes/", {"since": since.isoformat()}).json()
    assert data["since"] == since.isoformat()
    assert [i["task_id"] for i in data["lists"]["signed_off"]] == [story["signed"].pk]
    assert set(data["lists"]) == set(data["labels"]) == set(data["totals"])
    for bad in ("2021-13-01", "20210901", "yesterday", "1999-12-31"):
        response = client.get("/api/changes/", {"since": bad})
        assert response.status_code == 400
        assert "起始日期" in response.json()["errors"]["since"][0]
    # Nothing has changed since a day still to come: an empty answer, not an error.
    tomorrow = client.get("/api/changes/", {"since": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()})
    assert tomorrow.status_code == 200
    # reports_missing is this period's state, whatever the date asked.
    assert {k: v for k, v in tomorrow.json()["lists"].items() if v and k != "reports_missing"} == {}
    other = factories.UserFactory(role="liaison", agency=factories.AgencyFactory(name="湖南省财政厅"))
    client.force_login(other)  # an agency on none of these tasks sees none of their changes
    data = client.get("/api/changes/", {"since": since.isoformat()}).json()
    assert data["lists"]["signed_off"] == [] and data["lists"]["reports_missing"] == []
    client.force_login(liaison_b)  # B is a co-agency of the signed-off task: it sees it
    data = client.get("/api/changes/", {"since": since.isoformat()}).json()
    assert [i["task_id"] for i in data["lists"]["signed_off"]] == [story["signed"].pk]


def test_page_and_sheet(client, story, office_user, liaison_a, django_assert_max_num_queries):
    client.force_login(office_user)
    since = "2021-01-01"
    with django_assert_max_num_queries(20):
        response = client.get("/dashboard/changes/", {"since": since})
    html = response.content.decode()
    assert response.status_code == 200 and "调度会以来的变化" in html and 'data-list="signed_off"' in html
    assert f'/tasks/{story["signed"].pk}/' in html
    assert client.get("/dashboard/changes/", {"since": "2021-02-30"}).status_code == 400
    response = client.get("/dashboard/changes.xlsx", {"since": since})
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[0] == "汇总" and "已销号" in wb.sheetnames
    rows = list(wb["已销号"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[3]) for r in rows] == [("6", "省司法厅"), ("5", "省政务局")]  # in timeline order
    assert client.get("/dashboard/changes.xlsx", {"since": "x"}).status_code == 400


def test_only_the_office_records_a_meeting(client, office_user, liaison_a, leader_user):
    day = timezone.localdate().isoformat()
    for user in (liaison_a, leader_user):
        client.force_login(user)
        assert client.post("/dashboard/meetings/", {"date": day, "title": "九月调度会"}).status_code == 403
    assert not DispatchMeeting.objects.exists()
    client.force_login(office_user)
    response = client.post("/dashboard/meetings/", {"date": day, "title": "九月调度会"})
    assert response.status_code == 302 and DispatchMeeting.objects.get().title == "九月调度会"
    client.post("/dashboard/meetings/", {"date": day, "title": "重复"})
    assert DispatchMeeting.objects.count() == 1


def test_query_count_does_not_grow_with_the_changes(story, office_user, agency_a, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actor = actor_for(office_user)
    with CaptureQueriesContext(connection) as first:
        changes_since(actor=actor, since=SINCE, today=TODAY)
    for n in range(10):
        task = factories.task_with(lead=[agency_a], deadline=datetime.date(2021, 9, 11), number=f"x{n}")
        _at(record_event(task, EventKind.SUBTASK_CREATED, None, agency_id=agency_a.pk), datetime.date(2021, 9, 3))
    with CaptureQueriesContext(connection) as second:
        changes_since(actor=actor, since=SINCE, today=TODAY)
    assert len(first.captured_queries) == len(second.captured_queries) <= 12


def test_lists_are_capped_and_the_totals_count_everything(story, office_user, liaison_a, monkeypatch, client):
    # Two returns and one of each other event kind since the date: with a cap of one, the returned list
    # holds the earliest, its total still says two; the 通报's counting queries say the same figures.
    monkeypatch.setattr("leadership.changes.LIST_CAP", 1)
    for user in (office_user, liaison_a):
        actor = actor_for(user)
        full = changes_since(actor=actor, since=SINCE, today=TODAY)
        assert all(len(items) <= 1 for items in full["lists"].values())
        counted = change_totals(actor=actor, since=SINCE, today=TODAY)["totals"]
        assert counted == {name: full["totals"][name] for name in counted}
    office = changes_since(actor=actor_for(office_user), since=SINCE, today=TODAY)
    assert office["totals"]["returned"] == 2 and office["totals"]["reports_missing"] == 5
    assert _ids(office, "returned") == [story["returned"].pk]  # 1 September, before the report returned on the 4th
    assert change_totals(actor=actor_for(liaison_a), since=SINCE, today=TODAY)["totals"]["returned"] == 1


def test_the_page_shows_the_first_rows_and_points_to_the_sheet(client, story, office_user, monkeypatch):
    monkeypatch.setattr("leadership.pack_views.PAGE_ROWS", 1)
    client.force_login(office_user)
    html = client.get("/dashboard/changes/", {"since": SINCE.isoformat()}).content.decode()
    assert "被退回（2）" in html and "列出前 1 项，更多见 Excel" in html


@pytest.mark.parametrize(("since", "today"), [
    (datetime.date(2021, 9, 1), datetime.date(2021, 9, 15)),  # neither day in the report window
    (datetime.date(2021, 9, 10), datetime.date(2021, 9, 25)),  # today in it
    (datetime.date(2021, 8, 22), datetime.date(2021, 9, 25)),  # both
])
def test_newly_warned_follows_warning_level_then_and_now(since, today, agency_a, agency_b, office_user, liaison_a):
    """The colours are compared in SQL: the list is what tasks.warnings.warning_level says task by task."""
    from tasks.models import Task
    from tasks.warnings import WarningContext, warning_context, warning_level

    start = start_of(since)
    offsets = (-40, -15, -5, -1, 0, 3, 6, 8, 12, 30, None)
    made = []
    for i, offset in enumerate(offsets * 2):
        agency = (agency_a, agency_b)[i % 2]
        deadline = None if offset is None else today + datetime.timedelta(days=offset)
        task = factories.task_with(lead=[agency], deadline=deadline, number=f"w{i}")
        old = i < len(offsets)  # the first round existed before the date, the second was imported after it
        Task.objects.filter(pk=task.pk).update(
            created_at=start - datetime.timedelta(days=60) if old else start + datetime.timedelta(hours=3))
        if i % 3 == 0:  # this month's report
            factories.ReportFactory(task=task, agency=agency, period=today.replace(day=1))
        elif i % 4 == 1:  # a report of the date's month (this month's too, when the same), sent before the date
            report = factories.ReportFactory(task=task, agency=agency, period=since.replace(day=1))
            from reporting.models import ProgressReport
            ProgressReport.objects.filter(pk=report.pk).update(submitted_at=start - datetime.timedelta(hours=2))
        made.append(task.pk)
    now = warning_context(today)
    then = WarningContext(today=since, yellow_days=now.yellow_days, report_window_day=now.report_window_day,
                          escalation_days=now.escalation_days)
    rank = {None: 0, "green": 0, "yellow": 1, "red": 2}
    for user, agency_ids in ((office_user, None), (liaison_a, {agency_a.pk})):
        expected = {}
        for task in Task.objects.filter(pk__in=made).order_by("deadline", "id"):
            lead = task.assignments.get().agency_id
            if agency_ids is not None and lead not in agency_ids:
                continue
            reports = task.reports.all()
            colour_now = warning_level(now, task.status, task.deadline,
                                       reports.filter(period=now.month_start).exists())
            colour_then = None if task.created_at >= start else warning_level(
                then, task.status, task.deadline, reports.filter(period=then.month_start, submitted_at__lt=start).exists())
            if rank[colour_now] > rank[colour_then]:
                expected[task.pk] = (colour_then or "", colour_now)
        changes = changes_since(actor=actor_for(user), since=since, today=today)
        got = {i["task_id"]: (i["from"], i["to"]) for i in changes["lists"]["newly_warned"]}
        assert got == expected and changes["totals"]["newly_warned"] == len(expected)
        assert len(expected) >= 4  # the case is not empty
