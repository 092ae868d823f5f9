"""The working-day calendar on the real database: library years, office rows, the Monday–Friday fallback."""

import datetime

import pytest
import time_machine

from workdays import calendar
from workdays.calendar import WorkdayCalendar, request_calendar
from workdays.choices import DaySource, YearStatus
from workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db
D = datetime.date


def test_national_day_is_a_holiday_and_the_makeup_saturday_a_working_day():
    assert calendar.is_working_day(D(2026, 10, 1)) is False
    assert calendar.is_working_day(D(2026, 10, 7)) is False
    assert D(2026, 10, 10).weekday() == 5  # a Saturday…
    assert calendar.is_working_day(D(2026, 10, 10)) is True  # …made a working day (调休)
    assert calendar.is_working_day(D(2026, 10, 11)) is False  # the Sunday after is not
    info = calendar.day_info(D(2026, 10, 10))
    assert (info.source, info.name) == (DaySource.LIBRARY, "国庆节调休上班")
    assert calendar.day_info(D(2026, 10, 1)).describe() == "2026-10-01（星期四）是国庆节，非工作日"


def test_2027_falls_back_to_monday_to_friday_without_error():
    assert calendar.is_working_day(D(2027, 1, 4)) is True  # a Monday
    assert calendar.is_working_day(D(2027, 1, 1)) is True  # New Year's Day, but nobody has entered it
    assert calendar.is_working_day(D(2027, 1, 2)) is False  # Saturday
    assert calendar.year_status(2027) == YearStatus.WEEKDAYS_FALLBACK
    assert calendar.year_status(2026) == YearStatus.LIBRARY
    assert calendar.day_info(D(2027, 1, 4)).source == DaySource.WEEKDAYS
    assert calendar.next_working_day(D(2026, 12, 31)) == D(2027, 1, 1)


def test_an_office_row_wins_in_an_uncovered_year_and_over_the_library():
    CalendarDay.objects.create(date=D(2027, 1, 1), is_working_day=False, name="2027年元旦")
    CalendarDay.objects.create(date=D(2026, 10, 10), is_working_day=False, name="本单位补休")
    assert calendar.is_working_day(D(2027, 1, 1)) is False
    assert calendar.day_info(D(2027, 1, 1)).source == DaySource.OFFICE
    assert calendar.is_working_day(D(2026, 10, 10)) is False  # the office overrides the library too
    assert calendar.next_working_day(D(2026, 12, 31)) == D(2027, 1, 4)
    # Rows alone do not make the year covered: only a complete CalendarYear does.
    assert calendar.year_status(2027) == YearStatus.WEEKDAYS_FALLBACK
    CalendarYear.objects.create(year=2027, complete=True)
    assert calendar.year_status(2027) == YearStatus.OFFICE
    assert WorkdayCalendar.load(D(2027, 1, 1)).year_status(2027) == YearStatus.OFFICE


def test_add_working_days_across_the_national_day_week():
    # 2026-09-30 (Wed) is the last working day before the holiday (10-01..10-07); 10-08, 10-09 and 10-10 work.
    assert calendar.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert calendar.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert calendar.add_working_days(D(2026, 9, 30), 4) == D(2026, 10, 12)
    assert calendar.add_working_days(D(2026, 10, 8), -1) == D(2026, 9, 30)
    assert calendar.add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)
    assert calendar.working_days_between(D(2026, 9, 30), D(2026, 10, 12)) == 4
    assert calendar.working_days_between(D(2026, 10, 12), D(2026, 9, 30)) == -4
    assert calendar.working_days_between(D(2026, 10, 1), D(2026, 10, 7)) == 0
    assert calendar.previous_working_day(D(2026, 10, 8)) == D(2026, 9, 30)
    assert calendar.roll_forward(D(2026, 10, 1)) == D(2026, 10, 8)
    assert calendar.roll_forward(D(2026, 10, 10)) == D(2026, 10, 10)


def test_arithmetic_agrees_with_a_day_by_day_walk_across_years():
    cal = WorkdayCalendar.load(D(2026, 1, 1), D(2027, 12, 31))
    CalendarDay.objects.create(date=D(2027, 1, 1), is_working_day=False)
    start = D(2026, 12, 20)  # a Sunday
    last_working_before = D(2026, 12, 18)
    walked, day = [], start
    while len(walked) < 40:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            walked.append(day)
    fresh = WorkdayCalendar.load(start)  # loads 2026 only and grows into 2027 on demand
    for n, expected in enumerate(walked, start=1):
        assert fresh.add_working_days(start, n) == expected
        assert fresh.working_days_between(start, expected) == n
        assert fresh.add_working_days(expected, -n) == last_working_before
    # A calendar loaded before the office row was entered keeps what it read: one load, one view.
    assert cal.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 1)
    assert fresh.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_bad_input_gets_a_chinese_error():
    with pytest.raises(ValueError, match="工作日数"):
        calendar.add_working_days(D(2026, 1, 5), 10**6)
    with pytest.raises(ValueError, match="支持的范围"):
        calendar.is_working_day(D(2500, 1, 1))
    with pytest.raises(TypeError, match="需要日期"):
        calendar.is_working_day("2026-10-01")


def test_uncovered_years_names_the_years_without_the_library_or_a_complete_office_year():
    assert calendar.uncovered_years(D(2026, 12, 2)) == [2027]
    assert calendar.uncovered_years(D(2026, 3, 1)) == [2027]
    assert calendar.uncovered_years(D(2025, 6, 1)) == []
    assert calendar.uncovered_years(D(2027, 6, 1)) == [2027, 2028]
    CalendarYear.objects.create(year=2027, complete=False)
    assert calendar.uncovered_years(D(2026, 12, 2)) == [2027]
    CalendarYear.objects.filter(year=2027).update(complete=True)
    assert calendar.uncovered_years(D(2026, 12, 2)) == []
    assert calendar.uncovered_years(D(2027, 6, 1)) == [2028]


def test_the_bulk_calendar_costs_the_same_queries_for_any_number_of_tasks(django_assert_num_queries):
    CalendarDay.objects.create(date=D(2027, 1, 1), is_working_day=False)
    starts = [D(2026, 1, 1) + datetime.timedelta(days=i % 700) for i in range(2000)]
    with django_assert_num_queries(1):
        cal = WorkdayCalendar.load(D(2026, 1, 1), D(2027, 12, 31))
        small = [cal.add_working_days(day, 15) for day in starts[:10]]
    with django_assert_num_queries(0):
        large = [cal.add_working_days(day, 15) for day in starts]
        spans = [cal.working_days_between(day, D(2027, 12, 31)) for day in starts]
    assert large[:10] == small
    assert large[0] == D(2026, 1, 22)  # 01-01..03 holiday; 01-04 (Sun) worked, then 5–9, 12–16, 19–22
    assert all(span > 0 for span in spans)
    with django_assert_num_queries(1):  # year statuses: read once for the whole calendar
        assert {cal.year_status(year) for year in (2026, 2027, 2028, 2029)} == {"library", "weekdays_fallback"}
    with django_assert_num_queries(1):  # growing into 2028 costs one query, then none
        cal.add_working_days(D(2027, 12, 20), 30)
        cal.add_working_days(D(2027, 12, 21), 30)


def test_one_calendar_per_request(rf, django_assert_num_queries):
    request = rf.get("/")
    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, tzinfo=datetime.UTC)), django_assert_num_queries(1):
        first = request_calendar(request)
        assert request_calendar(request) is first
        assert first.is_working_day(D(2026, 10, 10)) is True


def test_the_day_tables_are_shared_but_an_office_edit_is_seen_at_once():
    """Every page builds its calendar from the same few years: the tables are cached by years and office rows,
    so an edit in the admin is a different key, never a stale answer."""
    day = datetime.date(2027, 3, 1)  # a Monday, in a year the library does not cover
    before = WorkdayCalendar.load(day)
    assert before.is_working_day(day) and WorkdayCalendar.load(day)._working is before._working
    CalendarDay.objects.create(date=day, is_working_day=False, name="临时调休")
    after = WorkdayCalendar.load(day)
    assert not after.is_working_day(day)
    assert after.working_days_between(day - datetime.timedelta(days=1), day) == 0
    assert before.is_working_day(day)  # a calendar already loaded keeps its own tables
