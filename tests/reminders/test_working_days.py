"""Reminders go out on working days only (workdays calendar): a holiday's run says so and sends nothing;
the next working day sends what is due, what was held back included, exactly once."""

import datetime

import pytest
from django.core import mail

from reminders.choices import ReminderKind
from reminders.dues import reminder_context, roll_call_date
from reminders.models import Notification, Reminder
from reminders.tasks import reminder_sweep_task
from tests import factories
from tests.factories import task_with
from workdays.calendar import WorkdayCalendar
from workdays.models import CalendarDay

from .conftest import agency, office, run_command

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def due_before_national_day():
    a = agency("省政务局")
    factories.UserFactory(role="liaison", agency=a)
    return a, task_with(lead=[a], deadline=D(2026, 9, 30))


def test_national_day_sends_nothing_and_says_it_is_a_holiday(due_before_national_day):
    lines = run_command("--date", "2026-10-01")
    assert lines[0].startswith("2026-10-01（星期四）是国庆节，非工作日：今日不发送提醒")
    assert "下一个工作日 2026-10-08" in lines[0]
    assert lines[-1] == "sent 0 reminders (0 e-mails, 0 notifications, 0 webhooks), 0 already sent; 非工作日，未发送"
    assert (Reminder.objects.count(), Notification.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_the_celery_sweep_reports_the_holiday_in_its_result(due_before_national_day, caplog):
    result = reminder_sweep_task.apply(kwargs={"day": "2026-10-03"}).get()
    assert result["sent"] == 0 and result["holiday"].startswith("2026-10-03（星期六）是国庆节，非工作日")
    assert any("今日不发送提醒" in record.getMessage() for record in caplog.records)
    assert Reminder.objects.count() == 0


def test_a_saturday_made_a_working_day_sends_what_was_held_back_once(due_before_national_day):
    a, task = due_before_national_day
    run_command("--date", "2026-10-01")
    lines = run_command("--date", "2026-10-10")  # 国庆节调休上班
    assert lines[-1] == "sent 2 reminders (1 e-mails, 1 notifications, 0 webhooks), 0 already sent"
    row = Reminder.objects.get(channel="email")
    assert (row.kind, row.period, row.task_ids) == (ReminderKind.OVERDUE, "2026-10-10", [task.pk])
    assert "已逾期 10 天" in mail.outbox[0].body
    assert run_command("--date", "2026-10-10")[-1].endswith("2 already sent")  # exactly once
    assert run_command("--date", "2026-10-11")[-1].endswith("非工作日，未发送")  # Sunday: a weekend again
    assert Reminder.objects.count() == 2


def test_an_uncovered_year_counts_monday_to_friday_without_error(due_before_national_day):
    lines = run_command("--date", "2027-01-04")  # a Monday in a year the library does not cover
    assert lines[-1].startswith("sent ") and "非工作日" not in lines[-1]
    # The overdue reminder (e-mail and inbox); the parts not acknowledged within 3 working days get theirs too.
    assert Reminder.objects.filter(kind=ReminderKind.OVERDUE, period="2027-01-04").count() == 2
    assert run_command("--date", "2027-01-02")[-1].endswith("非工作日，未发送")  # a Saturday


def test_an_office_holiday_wins_over_monday_to_friday(due_before_national_day):
    CalendarDay.objects.create(date=D(2027, 1, 4), is_working_day=False, name="元旦（督查室录入）")
    lines = run_command("--date", "2027-01-04")
    assert lines[0].startswith("2027-01-04（星期一）是元旦（督查室录入），非工作日")
    assert Reminder.objects.count() == 0


def test_yellow_and_escalation_count_working_days():
    rctx = reminder_context(D(2026, 9, 30))
    # 7 working days after Wednesday 09-30 (10-01…07 are National Day): 10-08, 09, 10 (Sat, 调休), 12 … 15.
    assert rctx.warn.yellow_until == D(2026, 10, 15)
    # 7 working days back from 10-09: 10-08, 09-30, 29, 28, then 25, 24, 23 (26–27 are 中秋), the 7th is 09-22.
    assert reminder_context(D(2026, 10, 9)).warn.escalate_before == D(2026, 9, 22)


def test_roll_call_day_moves_onto_a_working_day_and_stays_in_its_month():
    calendar = WorkdayCalendar.load(D(2026, 1, 1), D(2026, 12, 31))
    assert roll_call_date(2026, 4, 25, calendar) == D(2026, 4, 27)  # Saturday → Monday
    assert roll_call_date(2026, 10, 1, calendar) == D(2026, 10, 8)  # National Day → first working day after
    assert roll_call_date(2026, 1, 31, calendar) == D(2026, 1, 30)  # Saturday at the month's end → Friday before


def test_roll_call_held_on_a_holiday_goes_out_on_the_next_working_day():
    a = agency("省政务局")
    office(roll_call_day=25)
    task_with(lead=[a], deadline=D(2026, 12, 31))
    run_command("--date", "2026-04-25")  # Saturday
    assert not Reminder.objects.filter(kind=ReminderKind.ROLL_CALL).exists()
    run_command("--date", "2026-04-27")
    run_command("--date", "2026-04-28")
    assert list(Reminder.objects.filter(kind=ReminderKind.ROLL_CALL).values_list("period", flat=True)) == ["2026-04"]


def test_tasks_behind_schedule_are_reminded_like_the_list_shows_them():
    a = agency("省政务局")
    factories.UserFactory(role="liaison", agency=a)
    behind = task_with(lead=[a], deadline=D(2026, 12, 31), assigned_on=D(2026, 1, 5), progress_percent=10)
    short = task_with(lead=[a], deadline=D(2026, 11, 12), assigned_on=D(2026, 1, 5), progress_percent=60)
    task_with(lead=[a], deadline=D(2026, 12, 31), assigned_on=D(2026, 1, 5), progress_percent=80)  # on track
    run_command("--date", "2026-11-02")
    row = Reminder.objects.get(channel="email")
    assert (row.kind, sorted(row.task_ids)) == (ReminderKind.UPCOMING, sorted([behind.pk, short.pk]))
    assert "完成进度 10%" in mail.outbox[0].body and "本月尚未报送进展" not in mail.outbox[0].body
