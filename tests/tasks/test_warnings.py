"""Warning colours computed by the database, at the boundaries the office cares about."""

import datetime

import pytest

from agencies.roles import actor_for
from tasks.choices import TaskStatus
from tasks.models import Task
from tasks.selectors import task_list
from tasks.warnings import WarningContext, red_listed_q, red_q, warning_q
from tests import factories

TODAY = datetime.date(2021, 9, 10)  # before the report window (day 20)
CTX = WarningContext(today=TODAY, yellow_days=7, report_window_day=20)


def _warning_of(task, user, ctx=CTX):
    return task_list(actor=actor_for(user), ctx=ctx).get(pk=task.pk).warning


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("deadline", "status", "expected"),
    [
        (TODAY - datetime.timedelta(days=1), TaskStatus.IN_PROGRESS, "red"),
        (TODAY, TaskStatus.IN_PROGRESS, "yellow"),
        (TODAY + datetime.timedelta(days=7), TaskStatus.NOT_STARTED, "yellow"),
        (TODAY + datetime.timedelta(days=8), TaskStatus.NOT_STARTED, "green"),
        (None, TaskStatus.NOT_STARTED, "green"),
        (TODAY - datetime.timedelta(days=30), TaskStatus.SIGNOFF_REQUESTED, "red"),
    ],
)
def test_deadline_boundaries(office_user, agency_a, deadline, status, expected):
    task = factories.task_with(lead=[agency_a], deadline=deadline, status=status)
    assert _warning_of(task, office_user) == expected


@pytest.mark.django_db
def test_signed_off_task_carries_no_warning_even_when_late(office_user, agency_a):
    task = factories.task_with(
        lead=[agency_a], deadline=TODAY - datetime.timedelta(days=100), status=TaskStatus.SIGNED_OFF,
        signed_off_at=datetime.datetime(2021, 5, 1, tzinfo=datetime.UTC),
    )
    assert _warning_of(task, office_user) == "green"


@pytest.mark.django_db
def test_missing_monthly_report_turns_yellow_only_inside_the_window(liaison_a, agency_a, agency_b):
    task = factories.task_with(lead=[agency_a], co=[agency_b], deadline=datetime.date(2022, 6, 30))
    in_window = WarningContext(today=datetime.date(2021, 9, 20), yellow_days=7, report_window_day=20)
    assert _warning_of(task, liaison_a, CTX) == "green"
    assert _warning_of(task, liaison_a, in_window) == "yellow"
    # Another agency's report does not count for agency A.
    factories.ReportFactory(task=task, agency=agency_b, period=datetime.date(2021, 9, 1))
    assert _warning_of(task, liaison_a, in_window) == "yellow"
    factories.ReportFactory(task=task, agency=agency_a, period=datetime.date(2021, 9, 1))
    assert _warning_of(task, liaison_a, in_window) == "green"


@pytest.mark.django_db
def test_filtering_by_warning_matches_the_annotated_colour(office_user, agency_a):
    deadlines = [TODAY - datetime.timedelta(days=3), TODAY + datetime.timedelta(days=2), TODAY + datetime.timedelta(days=60)]
    for deadline in deadlines:
        factories.task_with(lead=[agency_a], deadline=deadline)
    rows = task_list(actor=actor_for(office_user), ctx=CTX)
    for level in ("red", "yellow", "green"):
        by_filter = set(rows.filter(warning_q(level, CTX)).values_list("pk", flat=True))
        by_annotation = {t.pk for t in rows if t.warning == level}
        assert by_filter == by_annotation
        assert len(by_filter) == 1
    assert Task.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("today", [TODAY, datetime.date(2021, 9, 20)], ids=["before-window", "in-window"])
def test_colour_of_every_row_matches_the_sql_filters(office_user, liaison_a, agency_a, agency_b, today):
    """The colour set in Python on fetched rows and warning_q in SQL agree on every kind of task."""
    ctx = WarningContext(today=today, yellow_days=7, report_window_day=20)
    days = [-30, -1, 0, 1, 7, 8, 60, None]
    for offset in days:
        for status in (TaskStatus.NOT_STARTED, TaskStatus.SIGNOFF_REQUESTED, TaskStatus.SIGNED_OFF):
            deadline = None if offset is None else today + datetime.timedelta(days=offset)
            signed = datetime.datetime(2021, 5, 1, tzinfo=datetime.UTC) if status == TaskStatus.SIGNED_OFF else None
            for reporter in (None, agency_a, agency_b):
                task = factories.task_with(lead=[agency_a], co=[agency_b], deadline=deadline, status=status,
                                           signed_off_at=signed)
                if reporter:
                    factories.ReportFactory(task=task, agency=reporter, period=today.replace(day=1))
    for user in (office_user, liaison_a):
        rows = task_list(actor=actor_for(user), ctx=ctx)
        shown = {t.pk: t.warning for t in rows}
        assert len(shown) == len(days) * 3 * 3
        by_filter = {pk: level for level in ("red", "yellow", "green")
                     for pk in rows.filter(warning_q(level, ctx)).values_list("pk", flat=True)}
        assert shown == by_filter
        assert set(shown.values()) == {"red", "yellow", "green"}


@pytest.mark.django_db
def test_the_listed_overdue_filter_selects_exactly_the_red_tasks(agency_a):
    """red_listed_q (the list's 逾期 filter, written for the index) and red_q (the colour) agree on every status
    and every kind of deadline, both ways (overdue=true and overdue=false)."""
    deadlines = (TODAY - datetime.timedelta(days=1), TODAY, TODAY + datetime.timedelta(days=1), None)
    signed_at = datetime.datetime(2021, 9, 1, tzinfo=datetime.UTC)
    for status in TaskStatus.values:
        for deadline in deadlines:
            factories.task_with(lead=[agency_a], deadline=deadline, status=status,
                                signed_off_at=signed_at if status == TaskStatus.SIGNED_OFF else None)
    tasks = Task.objects.all()
    red = set(tasks.filter(red_q(CTX)).values_list("pk", flat=True))
    assert len(red) == len(TaskStatus.values) - 1  # every open status, yesterday's deadline
    assert set(tasks.filter(red_listed_q(CTX)).values_list("pk", flat=True)) == red
    assert set(tasks.exclude(red_listed_q(CTX)).values_list("pk", flat=True)) == \
        set(tasks.values_list("pk", flat=True)) - red
