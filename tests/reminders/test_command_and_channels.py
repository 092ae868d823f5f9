"""send_reminders output, dry run, webhook retries/timeout, query counts."""

import datetime
import io
import time

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reminders.choices import DeliveryStatus
from reminders.delivery import reminders_sweep
from reminders.models import Notification, Reminder
from tasks.models import OfficeSettings
from tests import factories
from tests.factories import task_with

from .conftest import agency, at, office
from .webhook_server import WebhookServer

pytestmark = pytest.mark.django_db
D = datetime.date


def run_command(*args) -> list[str]:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def scene(webhook):
    """Two agencies with due tasks: one with e-mail + two users + webhook, one with e-mail only."""
    a = agency("省政务局", webhook=webhook.url)
    b = agency("省司法厅")
    factories.UserFactory(role="liaison", agency=a)
    factories.UserFactory(role="head", agency=a)
    task_with(lead=[a], deadline=D(2021, 9, 5))
    task_with(lead=[b], deadline=D(2021, 9, 12))
    return a, b


def test_command_lists_what_it_sends_and_ends_with_the_summary(scene, webhook):
    lines = run_command("--date", "2021-09-10")
    assert lines[-1] == "sent 4 reminders (2 e-mails, 2 notifications, 1 webhooks), 0 already sent"
    assert any("省政务局 · 邮件" in line for line in lines)
    assert any("省司法厅 · 邮件" in line and "临期" in line for line in lines)
    assert len(mail.outbox) == 2 and len(webhook.calls) == 1
    lines = run_command("--date", "2021-09-10")
    assert lines == ["sent 0 reminders (0 e-mails, 0 notifications, 0 webhooks), 4 already sent"]


def test_dry_run_lists_and_writes_nothing(scene, webhook):
    settings_rows = OfficeSettings.objects.count()  # the migration's one row (or none after a flush)
    lines = run_command("--dry-run", "--date", "2021-09-10")
    assert lines[-1] == "sent 0 reminders (0 e-mails, 0 notifications, 0 webhooks), 0 already sent"
    assert lines[-2] == "试运行：将发送 4 条提醒（2 封邮件、2 条站内消息、1 次 Webhook），未写入数据库"
    assert sum(line.startswith("（试运行）") for line in lines) == 4
    assert (Reminder.objects.count(), Notification.objects.count(), OfficeSettings.objects.count()) == (
        0, 0, settings_rows)
    assert mail.outbox == [] and webhook.calls == []


def test_command_uses_today_in_shanghai_without_date(scene):
    with time_machine.travel(datetime.datetime(2021, 9, 9, 16, 30, tzinfo=datetime.UTC), tick=False):
        run_command()
    assert set(Reminder.objects.values_list("period", flat=True)) == {"2021-09-10"}


@pytest.mark.parametrize("value", ["2021-13-01", "20210910", "明天", "2021-02-30"])
def test_malformed_date_is_a_clear_chinese_error(value):
    with pytest.raises(CommandError, match="日期格式不正确.*YYYY-MM-DD"):
        run_command("--date", value)
    assert Reminder.objects.count() == 0


def webhook_only_agency_with_overdue_task(server: WebhookServer) -> None:
    a = agency("省政务局", emails=(), webhook=server.url)
    task_with(lead=[a], deadline=D(2021, 9, 5))


def sweep_on_sept_10():
    with time_machine.travel(at("2021-09-10")):
        return reminders_sweep()


def test_webhook_retries_with_backoff_after_500_then_200(settings):
    settings.REMINDER_WEBHOOK_BACKOFF = 0.3
    with WebhookServer(statuses=[500, 502]) as server:
        webhook_only_agency_with_overdue_task(server)
        outcome = sweep_on_sept_10()
    row = Reminder.objects.get()
    assert (outcome.sent, outcome.webhooks, row.status, row.attempts) == (1, 1, DeliveryStatus.SENT, 1)
    assert len(server.calls) == 3 and len(set(server.keys())) == 1 and server.keys()[0] == row.key
    gaps = [b["at"] - a["at"] for a, b in zip(server.calls, server.calls[1:], strict=False)]
    assert gaps[0] >= 0.3 and gaps[1] >= 0.6  # exponential: 0.3 s, then 0.6 s
    payload = server.calls[0]["json"]
    assert payload["msgtype"] == "text" and "省政务局" in payload["text"]["content"]
    assert payload["reminder"]["key"] == row.key


def test_webhook_client_error_is_not_retried_and_marks_failed(settings):
    settings.REMINDER_WEBHOOK_BACKOFF = 0.01
    with WebhookServer(statuses=[404, 404]) as server:
        webhook_only_agency_with_overdue_task(server)
        outcome = sweep_on_sept_10()
    row = Reminder.objects.get()
    assert (outcome.failed, row.status, len(server.calls)) == (1, DeliveryStatus.FAILED, 1)
    assert "HTTP 404" in row.last_error


def test_webhook_timeout_fails_then_the_next_run_delivers(settings):
    settings.REMINDER_WEBHOOK_TIMEOUT, settings.REMINDER_WEBHOOK_RETRIES = 0.3, 1
    settings.REMINDER_WEBHOOK_BACKOFF = 0.01
    with WebhookServer(delay=1.0) as server:
        webhook_only_agency_with_overdue_task(server)
        started = time.monotonic()
        first = sweep_on_sept_10()
        assert time.monotonic() - started < 2.0  # two tries of 0.3 s, not two of 1 s
        row = Reminder.objects.get()
        assert (first.failed, row.status, row.attempts) == (1, DeliveryStatus.FAILED, 1)
        assert "timed out" in row.last_error
        server.delay = 0
        second = sweep_on_sept_10()
    row.refresh_from_db()
    assert (second.sent, second.already_sent, row.status, row.attempts) == (1, 0, DeliveryStatus.SENT, 2)
    assert set(server.keys()) == {row.key}


def _sweep_queries() -> tuple[int, int]:
    Notification.objects.all().delete()
    Reminder.objects.all().delete()
    with time_machine.travel(at("2021-09-21")), CaptureQueriesContext(connection) as ctx:
        outcome = reminders_sweep()
    return len(ctx.captured_queries), outcome.sent


def test_sweep_query_count_does_not_grow_with_the_number_of_tasks():
    office(remind_co_agencies=True)
    leads = [agency(f"牵头单位{i}") for i in range(3)]
    cos = [agency(f"配合单位{i}") for i in range(2)]
    for a in leads + cos:
        factories.UserFactory(role="liaison", agency=a)

    def add_tasks(per_lead: int):
        for a in leads:
            for j in range(per_lead):
                t = task_with(lead=[a], co=cos, deadline=D(2021, 9, 1 + j * 5))
                factories.ReportFactory(task=t, agency=cos[0], period=D(2021, 9, 1))

    add_tasks(4)
    small, sent_small = _sweep_queries()
    add_tasks(4)
    large, sent_large = _sweep_queries()
    assert sent_small == sent_large == 10  # 5 agencies x (e-mail + inbox)
    assert small == large
