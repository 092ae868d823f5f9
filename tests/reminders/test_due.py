"""Who is reminded when: boundaries on a frozen clock in Asia/Shanghai (locmem e-mail)."""

import datetime

import pytest
import time_machine
from django.core import mail

from agencies.choices import AgencyKind
from reminders.choices import Channel, DeliveryStatus, ReminderKind
from reminders.delivery import reminders_escalate, reminders_roll_call, reminders_sweep
from reminders.dues import reminder_context, sweep_dues
from reminders.models import Notification, Reminder
from tasks.choices import ReportStatus, TaskStatus
from tests import factories
from tests.factories import task_with

from .conftest import agency, at, office

pytestmark = pytest.mark.django_db
D = datetime.date


def due_map(today=None):
    """agency id -> (kind, red ids, yellow ids) of the daily sweep."""
    return {d.agency_id: (d.kind, d.red, d.yellow) for d in sweep_dues(reminder_context(today))}


def test_deadline_boundaries_today_7_and_8_working_days_overdue_and_signed_off():
    a = agency("省政务局")
    today = D(2021, 9, 10)  # a Friday, before the report window (day 20): only deadlines count
    due_today = task_with(lead=[a], deadline=today)
    # 7 working days after Friday 09-10: 13–17, Saturday 18 (中秋调休上班), then 22 (19–21 are 中秋 holidays).
    in_7 = task_with(lead=[a], deadline=D(2021, 9, 22))
    in_8 = task_with(lead=[a], deadline=D(2021, 9, 23))
    overdue_1 = task_with(lead=[a], deadline=today - datetime.timedelta(days=1))
    task_with(lead=[a], deadline=today - datetime.timedelta(days=30), status=TaskStatus.SIGNED_OFF,
              signed_off_at=datetime.datetime(2021, 8, 1, tzinfo=datetime.UTC))
    task_with(lead=[a], deadline=None)
    kind, red, yellow = due_map(today)[a.pk]
    assert kind == ReminderKind.OVERDUE
    assert red == [overdue_1.pk]
    assert yellow == [due_today.pk, in_7.pk]  # 8 working days away and signed off: no reminder
    assert in_8.pk not in red + yellow


def test_only_yellow_is_an_upcoming_reminder_and_green_agencies_get_nothing():
    a, b = agency("省政务局"), agency("省司法厅")
    task_with(lead=[a], deadline=D(2021, 9, 12))
    task_with(lead=[b], deadline=D(2021, 12, 31))
    dues = due_map(D(2021, 9, 10))
    assert dues[a.pk][0] == ReminderKind.UPCOMING
    assert b.pk not in dues


def test_report_window_makes_unreported_tasks_yellow_per_agency():
    a, b = agency("省政务局"), agency("省司法厅")
    t = task_with(lead=[a, b], deadline=D(2021, 12, 31))
    factories.ReportFactory(task=t, agency=a, period=D(2021, 9, 1))
    assert due_map(D(2021, 9, 19)) == {}
    dues = due_map(D(2021, 9, 20))  # report_window_day = 20
    assert a.pk not in dues  # a reported this month
    assert dues[b.pk] == (ReminderKind.UPCOMING, [], [t.pk])
    # A month change: September's report does not count for October.
    dues = due_map(D(2021, 10, 20))
    assert set(dues) == {a.pk, b.pk}


def test_a_draft_awaiting_its_head_is_not_this_months_report():
    """The agency's list shows such a task yellow (tasks.warnings.reports_of_month); the reminder agrees."""
    a = agency("省政务局")
    t = task_with(lead=[a], deadline=D(2021, 12, 31))
    draft = factories.ReportFactory(task=t, agency=a, period=D(2021, 9, 1), status=ReportStatus.PENDING_HEAD)
    assert due_map(D(2021, 9, 20))[a.pk] == (ReminderKind.UPCOMING, [], [t.pk])
    draft.status = ReportStatus.RETURNED_BY_HEAD
    draft.save()
    assert due_map(D(2021, 9, 20))[a.pk] == (ReminderKind.UPCOMING, [], [t.pk])
    draft.status = ReportStatus.SUBMITTED
    draft.save()
    assert due_map(D(2021, 9, 20)) == {}


def test_co_agencies_only_when_the_office_enables_it():
    lead, co = agency("省政务局"), agency("省司法厅")
    task_with(lead=[lead], co=[co], deadline=D(2021, 9, 9))
    assert set(due_map(D(2021, 9, 10))) == {lead.pk}
    office(remind_co_agencies=True)
    assert set(due_map(D(2021, 9, 10))) == {lead.pk, co.pk}


def test_collective_lead_reminds_each_member_once_listing_all_tasks():
    cities = agency("各市州人民政府", emails=(), kind=AgencyKind.COLLECTIVE)
    changsha, zhuzhou = agency("长沙市人民政府"), agency("株洲市人民政府")
    cities.members.add(changsha, zhuzhou)
    t1 = task_with(lead=[cities], deadline=D(2021, 9, 1))
    t2 = task_with(lead=[changsha], deadline=D(2021, 9, 12))
    dues = due_map(D(2021, 9, 10))
    assert set(dues) == {changsha.pk, zhuzhou.pk}
    assert dues[changsha.pk] == (ReminderKind.OVERDUE, [t1.pk], [t2.pk])
    assert dues[zhuzhou.pk] == (ReminderKind.OVERDUE, [t1.pk], [])


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # 23:59 in Shanghai on 09-29 (15:59 UTC): the task is due today, yellow.
        (datetime.datetime(2021, 9, 29, 15, 59, tzinfo=datetime.UTC), ReminderKind.UPCOMING),
        # 16:30 UTC on 09-29 is already 09-30 00:30 in Shanghai: overdue by one day, red.
        # (Both are working days; 10-01 would be National Day, when nothing is sent.)
        (datetime.datetime(2021, 9, 29, 16, 30, tzinfo=datetime.UTC), ReminderKind.OVERDUE),
    ],
)
def test_time_zone_edge_around_midnight_in_shanghai(moment, expected):
    a = agency("省政务局")
    factories.UserFactory(role="liaison", agency=a)
    task_with(lead=[a], deadline=D(2021, 9, 29))
    with time_machine.travel(moment, tick=False):
        reminders_sweep()
    row = Reminder.objects.get(channel=Channel.EMAIL)
    assert row.kind == expected
    assert row.period == ("2021-09-29" if expected == ReminderKind.UPCOMING else "2021-09-30")


def test_sweep_sends_one_message_per_agency_and_channel_listing_all_tasks():
    a = agency("省政务局", emails=("a1@example.gov.cn", "a2@example.gov.cn"))
    liaison = factories.UserFactory(role="liaison", agency=a)
    head = factories.UserFactory(role="head", agency=a)
    factories.UserFactory(role="liaison", agency=agency("省司法厅"))
    tasks = [task_with(lead=[a], deadline=D(2021, 9, day)) for day in (1, 5, 12)]
    with time_machine.travel(at("2021-09-10"), tick=False):
        first = reminders_sweep()
        again = reminders_sweep()
    assert (first.sent, first.emails, first.notifications, first.webhooks) == (2, 1, 2, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a1@example.gov.cn", "a2@example.gov.cn"]
    assert "2 项任务已逾期" in message.subject and "1 项任务临期" in message.subject
    for task in tasks:
        assert f"第{task.number}项" in message.body
    assert "已逾期 9 天" in message.body and "还剩 2 天" in message.body
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {liaison.pk, head.pk}
    assert (again.sent, again.already_sent) == (0, 2)
    assert len(mail.outbox) == 1


def test_rerun_after_a_report_sends_no_shrunken_repeat_but_a_new_task_is_reminded():
    a = agency("省政务局")
    t1 = task_with(lead=[a], deadline=D(2021, 9, 12))
    t2 = task_with(lead=[a], deadline=D(2021, 9, 13))
    with time_machine.travel(at("2021-09-10"), tick=False):
        reminders_sweep()
        t2.deadline = D(2021, 12, 31)
        t2.save()
        assert reminders_sweep().sent == 0  # {t1} is covered by the morning's {t1, t2}
        t3 = task_with(lead=[a], deadline=D(2021, 9, 14))
        assert reminders_sweep().sent == 1
    assert Reminder.objects.latest("id").task_ids == sorted([t1.pk, t3.pk])
    assert len(mail.outbox) == 2


def test_escalation_after_more_than_escalation_days_to_heads_and_one_office_digest():
    a = agency("省政务局")
    head = factories.UserFactory(role="head", agency=a, email="head@example.gov.cn")
    factories.UserFactory(role="liaison", agency=a)
    staff = factories.UserFactory(role="office")
    office(escalation_days=7, office_emails="duchashi@example.gov.cn")
    # Friday 09-10: red since 09-01 is 7 working days (2, 3, 6–9, 10), since 08-31 it is 8.
    seven = task_with(lead=[a], deadline=D(2021, 9, 1))
    eight = task_with(lead=[a], deadline=D(2021, 8, 31))
    with time_machine.travel(at("2021-09-10"), tick=False):
        outcome = reminders_escalate()
        assert reminders_escalate().sent == 0
    rows = {(r.kind, r.channel): r for r in Reminder.objects.all()}
    assert set(rows) == {
        (ReminderKind.ESCALATION, Channel.EMAIL), (ReminderKind.ESCALATION, Channel.INBOX),
        (ReminderKind.OFFICE_DIGEST, Channel.EMAIL), (ReminderKind.OFFICE_DIGEST, Channel.INBOX),
    }
    assert rows[(ReminderKind.ESCALATION, Channel.EMAIL)].task_ids == [eight.pk]  # 7 days overdue: not yet
    assert seven.pk not in rows[(ReminderKind.OFFICE_DIGEST, Channel.INBOX)].task_ids
    assert outcome.emails == 2 and outcome.notifications == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["duchashi@example.gov.cn", "head@example.gov.cn"]
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {head.pk, staff.pk}


def test_monthly_roll_call_on_its_day_once_a_month_and_again_next_month():
    a, b = agency("省政务局"), agency("省司法厅")
    office(roll_call_day=25)
    t = task_with(lead=[a, b], deadline=D(2021, 12, 31))
    factories.ReportFactory(task=t, agency=b, period=D(2021, 9, 1))
    with time_machine.travel(at("2021-09-24"), tick=False):
        assert reminders_roll_call().sent == 0
    with time_machine.travel(at("2021-09-25"), tick=False):  # a Saturday: moved to the next working day
        held = reminders_roll_call()
        assert (held.sent, held.holiday[:10]) == (0, "2021-09-25")
    with time_machine.travel(at("2021-09-26"), tick=False):  # a Sunday made a working day (国庆调休上班)
        assert reminders_roll_call().sent == 1
    with time_machine.travel(at("2021-09-27"), tick=False):
        assert reminders_roll_call().sent == 0  # once per agency and month
    with time_machine.travel(at("2021-10-25"), tick=False):
        assert reminders_roll_call().sent == 2  # new month: neither has reported for October
    assert [m.to for m in mail.outbox][0] == ["lianluo@example.gov.cn"]
    assert list(Reminder.objects.order_by("id").values_list("agency_id", "period")) == [
        (a.pk, "2021-09"), (a.pk, "2021-10"), (b.pk, "2021-10")]
    assert "2021年9月尚有 1 项任务未报送进展" in mail.outbox[0].subject


def test_failed_email_is_retried_on_the_next_run(settings):
    a = agency("省政务局")
    task_with(lead=[a], deadline=D(2021, 9, 1))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    with time_machine.travel(at("2021-09-10"), tick=False):
        first = reminders_sweep()
        row = Reminder.objects.get()
        assert (first.sent, first.failed, row.status, row.attempts) == (0, 1, DeliveryStatus.FAILED, 1)
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert reminders_sweep().sent == 0  # retries wait in time (a minute first), not for the next run
    with time_machine.travel(at("2021-09-10", 8, 31), tick=False):
        second = reminders_sweep()
    row.refresh_from_db()
    assert (second.sent, row.status, row.attempts, row.last_error) == (1, DeliveryStatus.SENT, 2, "")
    assert len(mail.outbox) == 1
