"""序时进度: time used (working days from assignment to deadline) against reported progress, on PostgreSQL.

Colours and reasons are computed twice — in SQL for filters and counts, per row for display — and must agree.
"""

import csv
import datetime
import io

import pytest
from django.test import Client

from agencies.roles import actor_for
from reporting import services as report_services
from tasks.choices import WarningLevel
from tasks.models import OfficeSettings, Task
from tasks.selectors import task_list
from tasks.warnings import warning_context, warning_q
from tests import factories
from tests.factories import PASSWORD
from workdays.calendar import working_days_between
from workdays.models import CalendarDay, WorkdayOrdinal

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 2)  # a Monday, before the report window (day 20)
ASSIGNED, YEAR_END = D(2026, 1, 5), D(2026, 12, 31)


def used_percent(start, deadline, today=TODAY) -> int:
    return round(working_days_between(start, today) * 100 / working_days_between(start, deadline))


def _task(agency, *, progress, deadline=YEAR_END, assigned_on=ASSIGNED, **kwargs) -> Task:
    return factories.task_with(lead=[agency], deadline=deadline, assigned_on=assigned_on, progress_percent=progress,
                               **kwargs)


def _shown(user, ctx, task) -> tuple[str, str]:
    row = task_list(actor=actor_for(user), ctx=ctx).get(pk=task.pk)
    return row.warning, row.warning_reason


def test_time_running_ahead_of_progress_is_yellow_with_the_reason_in_words(office_user, agency_a):
    ctx = warning_context(TODAY)
    behind = _task(agency_a, progress=10)
    on_track = _task(agency_a, progress=70)
    unknown = _task(agency_a, progress=None)
    share = used_percent(ASSIGNED, YEAR_END)
    assert 80 <= share <= 90  # November: most of the year's working days are used
    assert _shown(office_user, ctx, behind) == ("yellow", f"已用时 {share}%，进度 10%")
    assert _shown(office_user, ctx, on_track) == ("green", "")  # behind by less than 30 points
    assert _shown(office_user, ctx, unknown) == ("green", "")  # no percentage reported: not judged


def test_near_the_deadline_with_progress_short_is_orange_and_overdue_is_red(office_user, agency_a):
    ctx = warning_context(TODAY)
    near = _task(agency_a, progress=50, deadline=D(2026, 11, 9))
    near_done = _task(agency_a, progress=90, deadline=D(2026, 11, 9))
    late = _task(agency_a, progress=50, deadline=D(2026, 10, 30))
    left = working_days_between(TODAY, D(2026, 11, 9))
    assert _shown(office_user, ctx, near) == ("orange", f"还剩 {left} 个工作日，进度 50%（低于 80%）")
    assert _shown(office_user, ctx, near_done) == ("yellow", "7 天后到期")
    assert _shown(office_user, ctx, late) == ("red", "已逾期 3 天，进度 50%")


def test_levels_and_thresholds_are_office_settings(office_user, agency_a):
    near = _task(agency_a, progress=50, deadline=D(2026, 11, 9))
    behind = _task(agency_a, progress=40)
    cfg = OfficeSettings.load()
    cfg.orange_enabled, cfg.schedule_lag_points, cfg.colour_yellow = False, 50, "#123456"
    cfg.save()
    ctx = warning_context(TODAY)
    assert _shown(office_user, ctx, near)[0] == "yellow"  # three colours: orange folds into yellow
    assert _shown(office_user, ctx, behind)[0] == "green"  # 8x% used, 40% done: within 50 points
    assert task_list(actor=actor_for(office_user), ctx=ctx).get(pk=near.pk).warning_colour == "#123456"


def test_sql_filter_and_displayed_colour_agree_for_every_kind_of_task(office_user, agency_a):
    ctx = warning_context(TODAY)
    for progress in (None, 0, 10, 50, 90, 100):
        for deadline in (None, D(2026, 10, 30), TODAY, D(2026, 11, 9), D(2026, 11, 20), YEAR_END, D(2027, 6, 30)):
            _task(agency_a, progress=progress, deadline=deadline)
    _task(agency_a, progress=10, assigned_on=D(2014, 1, 1))  # before the ordinals: not judged, never NULL
    rows = task_list(actor=actor_for(office_user), ctx=ctx)
    shown = {task.pk: task.warning for task in rows}
    for level in WarningLevel.values:
        filtered = set(rows.filter(warning_q(level, ctx)).values_list("pk", flat=True))
        assert filtered == {pk for pk, colour in shown.items() if colour == level}, level
    assert set(shown.values()) == set(WarningLevel.values)


def test_a_report_with_a_percentage_updates_the_tasks_progress(liaison_a, agency_a, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
    task = _task(agency_a, progress=None)
    report_services.report_submit(user=liaison_a, task=task, period=TODAY, content="推进中", percent=15)
    task.refresh_from_db()
    assert task.progress_percent == 15
    assert _shown(liaison_a, warning_context(), task)[0] == "yellow"


def test_an_office_holiday_moves_the_ordinals_once_committed(django_capture_on_commit_callbacks):
    before = WorkdayOrdinal.objects.get(date=D(2027, 1, 8)).ordinal
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=D(2027, 1, 4), is_working_day=False, name="元旦调休")
        CalendarDay.objects.create(date=D(2027, 1, 5), is_working_day=False, name="元旦调休")
    assert WorkdayOrdinal.objects.get(date=D(2027, 1, 8)).ordinal == before - 2


def test_api_and_ledger_show_the_warning_and_its_reason(office_user, agency_a, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
    behind = _task(agency_a, progress=10)
    client = Client()
    client.login(username=office_user.username, password=PASSWORD)
    share = used_percent(ASSIGNED, YEAR_END)
    for url in ("/api/tasks/?warning=yellow", f"/api/tasks/{behind.pk}/"):
        body = client.get(url).json()
        row = body["results"][0] if "results" in body else body
        assert (row["id"], row["warning"], row["warning_reason"]) == (behind.pk, "yellow", f"已用时 {share}%，进度 10%")
        assert row["progress_percent"] == 10 and row["assigned_on"] == "2026-01-05"
    response = client.get("/dashboard/export.csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    at = lines[0].index("预警")
    assert lines[0][at:at + 2] == ["预警", "预警原因"]
    assert lines[1][at:at + 2] == ["黄牌", f"已用时 {share}%，进度 10%"]
