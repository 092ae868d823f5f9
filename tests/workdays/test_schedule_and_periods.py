"""序时进度 time shares, relative deadlines and report periods, counted on the real calendar."""

import datetime

import pytest

from workdays import calendar
from workdays.calendar import WorkdayCalendar
from workdays.models import CalendarDay
from workdays.periods import period_bounds, period_due_date, period_label, period_state, periods_between
from workdays.schedule import resolve_relative_deadline, schedule_progress

pytestmark = pytest.mark.django_db
D = datetime.date


def test_schedule_progress_counts_working_days_not_calendar_days():
    start, deadline = D(2026, 9, 30), D(2026, 10, 14)  # working days in the span: 10-08, 09, 10, 12, 13, 14
    assert schedule_progress(start, deadline, D(2026, 9, 30)) == 0.0
    assert schedule_progress(start, deadline, D(2026, 10, 7)) == 0.0  # a whole week gone, no working day used
    assert schedule_progress(start, deadline, D(2026, 10, 10)) == pytest.approx(3 / 6)
    assert schedule_progress(start, deadline, D(2026, 10, 11)) == pytest.approx(3 / 6)
    assert schedule_progress(start, deadline, D(2026, 10, 14)) == 1.0
    assert schedule_progress(start, deadline, D(2027, 3, 1)) == 1.0
    assert schedule_progress(start, deadline, D(2026, 1, 1)) == 0.0


def test_schedule_progress_of_a_year_long_task_into_2027_does_not_raise():
    cal = WorkdayCalendar.load(D(2026, 1, 1), D(2027, 12, 31))
    share = schedule_progress(D(2026, 7, 1), D(2027, 6, 30), D(2026, 12, 31), cal)
    used, span = cal.working_days_between(D(2026, 7, 1), D(2026, 12, 31)), cal.working_days_between(
        D(2026, 7, 1), D(2027, 6, 30))
    assert share == pytest.approx(used / span) and 0.4 < share < 0.6


def test_schedule_progress_of_a_span_without_working_days():
    assert schedule_progress(D(2026, 10, 1), D(2026, 10, 7), D(2026, 10, 3)) == 0.0
    assert schedule_progress(D(2026, 10, 1), D(2026, 10, 7), D(2026, 10, 7)) == 1.0
    assert schedule_progress(D(2026, 10, 9), D(2026, 10, 1), D(2026, 10, 5)) == 1.0  # deadline before start


def test_relative_deadlines():
    # 收到 2026-09-30: "5个工作日内" skips the National Day week; "7日内" lands on 10-07 and moves to 10-08.
    assert resolve_relative_deadline("working_days", 5, D(2026, 9, 30)) == D(2026, 10, 13)
    assert resolve_relative_deadline("calendar_days", 7, D(2026, 9, 30)) == D(2026, 10, 8)
    assert resolve_relative_deadline("calendar_days", 7, D(2026, 9, 30), roll_forward=False) == D(2026, 10, 7)
    assert resolve_relative_deadline("calendar_days", 10, D(2026, 9, 30)) == D(2026, 10, 10)  # 调休 Saturday
    CalendarDay.objects.create(date=D(2027, 1, 1), is_working_day=False, name="元旦")
    assert resolve_relative_deadline("working_days", 1, D(2026, 12, 31)) == D(2027, 1, 4)


@pytest.mark.parametrize(("kind", "value", "message"), [
    ("weeks", 3, "未知的相对期限类型"), ("working_days", 0, "1 到"), ("working_days", "5", "整数"),
    ("calendar_days", True, "整数"),
])
def test_bad_relative_deadlines_get_a_chinese_error(kind, value, message):
    with pytest.raises(ValueError, match=message):
        resolve_relative_deadline(kind, value, D(2026, 9, 30))


def test_period_bounds_and_labels():
    day = D(2026, 11, 17)
    assert period_bounds("monthly", day) == (D(2026, 11, 1), D(2026, 11, 30))
    assert period_bounds("quarterly", day) == (D(2026, 10, 1), D(2026, 12, 31))
    assert period_bounds("half_yearly", day) == (D(2026, 7, 1), D(2026, 12, 31))
    assert period_bounds("yearly", day) == (D(2026, 1, 1), D(2026, 12, 31))
    assert period_bounds("monthly", D(2028, 2, 10)) == (D(2028, 2, 1), D(2028, 2, 29))
    assert [period_label(kind, day) for kind in ("monthly", "quarterly", "half_yearly", "yearly")] == [
        "2026年11月", "2026年第四季度", "2026年下半年", "2026年"]
    with pytest.raises(ValueError, match="未知的报送周期"):
        period_bounds("weekly", day)


def test_period_due_dates_move_to_the_next_working_day():
    # 每月5日前报上月进展: November's report is due 2026-12-05, a Saturday, so on Monday 12-07.
    assert period_due_date("monthly", D(2026, 11, 1), 5, roll_forward=False) == D(2026, 12, 5)
    assert period_due_date("monthly", D(2026, 11, 1), 5) == D(2026, 12, 7)
    assert period_due_date("monthly", D(2026, 8, 1), 30) == D(2026, 9, 30)
    assert period_due_date("monthly", D(2026, 9, 1), 5) == D(2026, 10, 8)  # National Day week
    assert period_due_date("monthly", D(2026, 9, 1), 10) == D(2026, 10, 10)  # the 调休 Saturday stays
    assert period_due_date("monthly", D(2027, 1, 1), 31, roll_forward=False) == D(2027, 2, 28)
    assert period_due_date("quarterly", D(2026, 11, 20), 10) == D(2027, 1, 11)  # 01-10 is a Sunday (fallback)
    # 每季度末月25日前: 2026-09-25 is 中秋 (holiday 09-25..27), so the report is due Monday 09-28.
    assert period_due_date("quarterly", D(2026, 7, 1), 25, month_offset=0) == D(2026, 9, 28)
    CalendarDay.objects.create(date=D(2027, 1, 11), is_working_day=False, name="测试假日")
    assert period_due_date("quarterly", D(2026, 11, 20), 10) == D(2027, 1, 12)
    for bad in (0, 32, "5"):
        with pytest.raises(ValueError, match="报送截止日"):
            period_due_date("monthly", D(2026, 11, 1), bad)


def test_periods_between_and_states():
    assert periods_between("quarterly", D(2026, 2, 15), D(2026, 7, 1)) == [
        (D(2026, 1, 1), D(2026, 3, 31)), (D(2026, 4, 1), D(2026, 6, 30)), (D(2026, 7, 1), D(2026, 9, 30))]
    assert len(periods_between("monthly", D(2026, 1, 31), D(2026, 12, 1))) == 12
    assert periods_between("monthly", D(2026, 5, 1), D(2026, 4, 1)) == []
    due = D(2026, 12, 7)
    assert period_state(due=due, today=D(2026, 12, 7), reported=False) == "not_reported"
    assert period_state(due=due, today=D(2026, 12, 8), reported=False) == "overdue"
    assert period_state(due=due, today=D(2026, 12, 8), reported=True) == "reported"


def test_working_days_agree_with_the_module_functions_on_2027_fallback():
    # The Monday–Friday fallback: 2027-01-04 (Mon) + 5 working days is Monday 01-11.
    assert calendar.add_working_days(D(2027, 1, 4), 5) == D(2027, 1, 11)
    assert calendar.working_days_between(D(2027, 1, 4), D(2027, 1, 11)) == 5
