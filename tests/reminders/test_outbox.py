"""The outbox: Message-ID, robots' refusals, retries in time, superseded and expired rows, sends outside
transactions, and a day's job that missed its minute caught up the same day."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django_celery_beat.models import PeriodicTask

from ops import heartbeat
from reminders import outbox
from reminders.beat import OfficeEditableScheduler  # noqa: F401 - the scheduler module imports cleanly
from reminders.catch_up import missed_jobs
from reminders.choices import Channel, DeliveryStatus
from reminders.delivery import reminders_drain, reminders_sweep
from reminders.models import Reminder
from tests.factories import task_with

from .conftest import agency, at
from .webhook_server import WebhookServer

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _no_heartbeats():
    for name in ("reminder_sweep", "reminder_escalation", "reminder_roll_call"):
        heartbeat.forget(name)


def _overdue_agency(**kwargs):
    a = agency("省政务局", **kwargs)
    task_with(lead=[a], deadline=D(2021, 9, 5))
    return a


def test_every_email_carries_a_message_id_derived_from_the_key(settings):
    settings.DEFAULT_FROM_EMAIL = "督办系统 <duban@zwj.hunan.gov.cn>"
    _overdue_agency()
    with time_machine.travel(at("2021-09-10")):
        reminders_sweep()
    row = Reminder.objects.get(channel=Channel.EMAIL)
    (message,) = mail.outbox
    assert message.extra_headers["Message-ID"] == outbox.message_id(row.key) == f"<reminder.{row.key}@zwj.hunan.gov.cn>"
    assert message.message()["Message-ID"] == outbox.message_id(row.key)  # not replaced by a random one


@pytest.mark.parametrize("answer, shown", [
    ({"errcode": 93000, "errmsg": "invalid webhook url"}, "errcode=93000）：invalid webhook url"),  # 企业微信
    ({"errcode": 310000, "errmsg": "keywords not in content"}, "keywords not in content"),  # 钉钉
    ({"code": 19021, "msg": "sign match fail or timestamp is not within one hour"}, "code=19021"),  # 飞书
])
def test_a_robot_refusing_with_http_200_is_a_failure_with_its_message(answer, shown):
    with WebhookServer(bodies=[answer]) as server:
        _overdue_agency(emails=(), webhook=server.url)
        with time_machine.travel(at("2021-09-10")):
            outcome = reminders_sweep()
    row = Reminder.objects.get()
    assert (outcome.failed, row.status, len(server.calls)) == (1, DeliveryStatus.FAILED, 1)
    assert shown in row.last_error and "机器人拒绝" in row.last_error


def test_retries_back_off_in_time_and_give_up_after_a_day(settings):
    settings.REMINDER_CATCH_UP_GRACE_SECONDS = 10**6  # no next day's sweep in between: this row alone
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    _overdue_agency()
    start = at("2021-09-10")
    with time_machine.travel(start, tick=False):
        reminders_sweep()
    row = Reminder.objects.get(channel=Channel.EMAIL)
    gaps, moment = [], start
    while row.status == DeliveryStatus.FAILED:
        gaps.append(round((row.next_attempt_at - moment).total_seconds()))
        moment = row.next_attempt_at
        with time_machine.travel(moment - datetime.timedelta(seconds=1), tick=False):
            reminders_drain()  # not yet due: nothing is tried
        row.refresh_from_db()
        assert row.attempts == len(gaps)
        with time_machine.travel(moment, tick=False):
            reminders_drain()
        row.refresh_from_db()
    assert gaps[:7] == [60, 300, 900, 3600, 7200, 14400, 28800]  # minutes, then hours
    assert row.status == DeliveryStatus.GAVE_UP
    assert moment - start <= datetime.timedelta(days=1, hours=8) and moment - start >= datetime.timedelta(days=1)
    assert row.attempts <= settings.REMINDER_MAX_COPIES


def test_copies_are_capped(settings):
    settings.REMINDER_MAX_COPIES, settings.REMINDER_RETRY_DELAYS = 3, (1,)
    with WebhookServer(bodies=[{"errcode": 45009, "errmsg": "api freq out of limit"}] * 10) as server:
        _overdue_agency(emails=(), webhook=server.url)
        for second in range(0, 20, 2):
            with time_machine.travel(at("2021-09-10") + datetime.timedelta(seconds=second), tick=False):
                reminders_drain() if second else reminders_sweep()
    assert len(server.calls) == 3
    assert Reminder.objects.get().status == DeliveryStatus.GAVE_UP


def test_a_retry_a_fresher_reminder_replaced_is_dropped_not_sent(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    _overdue_agency()
    with time_machine.travel(at("2021-09-10"), tick=False):
        reminders_sweep()
    yesterday = Reminder.objects.get(channel=Channel.EMAIL)
    assert yesterday.status == DeliveryStatus.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the SMTP server is back
    with time_machine.travel(at("2021-09-13"), tick=False):  # the next working day (09-11 is a Saturday)
        reminders_sweep()
    yesterday.refresh_from_db()
    today = Reminder.objects.get(channel=Channel.EMAIL, period="2021-09-13")
    assert (yesterday.status, today.status) == (DeliveryStatus.SUPERSEDED, DeliveryStatus.SENT)
    assert len(mail.outbox) == 1 and "2021" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_sends_happen_outside_any_transaction(monkeypatch):
    seen = []
    real = outbox.send_one

    def observed(row, directory, conn):
        seen.append((row.channel, connection.in_atomic_block))
        return real(row, directory, conn)

    monkeypatch.setattr(outbox, "send_one", observed)
    with WebhookServer() as server:
        _overdue_agency(webhook=server.url)
        with time_machine.travel(at("2021-09-10")):
            reminders_sweep()
    assert sorted(seen) == [(Channel.EMAIL, False), (Channel.WEBHOOK, False)]


def test_a_sweep_that_missed_its_minute_runs_at_the_next_drain_that_day():
    _overdue_agency()
    with time_machine.travel(at("2021-09-10", 8, 35), tick=False):
        assert missed_jobs() == []  # within the grace after 08:30: the regular run may still come
        reminders_drain()
    assert Reminder.objects.count() == 0
    with time_machine.travel(at("2021-09-10", 8, 50), tick=False):
        assert "daily-reminder-sweep" in missed_jobs()
        reminders_drain()
        assert "daily-reminder-sweep" not in missed_jobs()  # it ran: the next drain does not run it again
    assert Reminder.objects.filter(period="2021-09-10").count() == 1 and len(mail.outbox) == 1
    with time_machine.travel(at("2021-09-10", 9, 30), tick=False):
        reminders_drain()
    assert len(mail.outbox) == 1
    with time_machine.travel(at("2021-09-11", 7, 0), tick=False):
        assert "daily-reminder-sweep" not in missed_jobs()  # tomorrow's is not due yet


def test_the_office_time_and_switch_decide_what_is_missed():
    from django_celery_beat.models import CrontabSchedule

    noon = CrontabSchedule.objects.create(minute="0", hour="12", timezone="Asia/Shanghai")
    # The rows exist from the migration (or not, after a transactional test's flush): the office edits them.
    PeriodicTask.objects.update_or_create(name="daily-reminder-sweep", defaults={
        "task": "reminders.tasks.reminder_sweep_task", "crontab": noon, "enabled": True})
    PeriodicTask.objects.update_or_create(name="daily-escalation-digest", defaults={
        "task": "reminders.tasks.escalation_digest_task", "crontab": noon, "enabled": False})
    with time_machine.travel(at("2021-09-10", 10, 0), tick=False):
        assert "daily-reminder-sweep" not in missed_jobs()
    with time_machine.travel(at("2021-09-10", 12, 30), tick=False):
        missed = missed_jobs()
    assert "daily-reminder-sweep" in missed and "daily-escalation-digest" not in missed
