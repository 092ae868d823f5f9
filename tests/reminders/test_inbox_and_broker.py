"""The inbox pages, the unread badge, and the web with the broker down (Redis unreachable)."""

import datetime
import logging
import time

import pytest
import redis
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fangguanfu.celery import app
from reminders.delivery import reminders_sweep
from reminders.models import Notification
from reminders.queueing import enqueue_on_commit
from reminders.tasks import reminder_sweep_task
from tests.factories import task_with
from tests.redis_db import TEST_REDIS_URL

from .conftest import agency, at

pytestmark = pytest.mark.django_db
TEST_REDIS = TEST_REDIS_URL
NOBODY_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker():
    """Point the in-process Celery app at a given broker URL (its connection pools rebuilt)."""
    saved = app.conf["broker_url"], app.conf["task_always_eager"]

    def reset():
        app._pool = None
        if "amqp" in app.__dict__:
            app.amqp._producer_pool = None

    def use(url: str):
        app.conf["broker_url"], app.conf["task_always_eager"] = url, False
        reset()

    yield use
    app.conf["broker_url"], app.conf["task_always_eager"] = saved
    reset()


def note(user, title="【督办提醒】测试", read=False):
    return Notification.objects.create(recipient=user, title=title, body="正文", url="/tasks/?warning=red",
                                       read_at=timezone.now() if read else None)


def test_inbox_lists_own_messages_with_unread_badge(client, liaison_a, liaison_b):
    note(liaison_a, "【督办提醒】甲一")
    note(liaison_a, "【督办提醒】甲二", read=True)
    note(liaison_b, "【督办提醒】乙")
    client.force_login(liaison_a)
    page = client.get("/inbox/").content.decode()
    assert "甲一" in page and "甲二" in page and "乙" not in page
    assert '<span class="badge bg-warning text-dark">1</span>' in page  # header badge
    assert "立即发送今日提醒" not in page
    unread_only = client.get("/inbox/?unread=1").content.decode()
    assert "甲一" in unread_only and "甲二" not in unread_only


def test_inbox_query_count_does_not_grow_with_messages(client, liaison_a):
    client.force_login(liaison_a)
    for i in range(3):
        note(liaison_a, f"消息{i}")
    client.get("/inbox/")
    with CaptureQueriesContext(connection) as few:
        client.get("/inbox/")
    for i in range(15):
        note(liaison_a, f"更多{i}")
    with CaptureQueriesContext(connection) as many:
        client.get("/inbox/")
    assert len(few) == len(many)


def test_mark_read_open_and_mark_all(client, liaison_a, liaison_b):
    mine, other = note(liaison_a), note(liaison_b)
    note(liaison_a, "第二条")
    client.force_login(liaison_a)
    assert client.get(f"/inbox/{mine.pk}/read/").status_code == 405
    assert client.post(f"/inbox/{other.pk}/read/").status_code == 404
    response = client.post(f"/inbox/{mine.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response.url == "/tasks/?warning=red"
    mine.refresh_from_db()
    assert mine.read_at is not None
    response = client.post("/inbox/read-all/", follow=True)
    assert "已将 1 条消息标为已读" in response.content.decode()
    assert Notification.objects.filter(recipient=liaison_a, read_at__isnull=True).count() == 0
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_inbox_needs_login_and_running_reminders_needs_office(client, liaison_a):
    assert client.get("/inbox/").status_code == 302
    client.force_login(liaison_a)
    assert client.post("/inbox/run-reminders/").status_code == 403


def test_web_keeps_working_when_redis_is_down_and_next_run_catches_up(client, office_user, broker, caplog):
    a = agency("省政务局")
    task_with(lead=[a], deadline=datetime.date(2021, 9, 5))
    broker(NOBODY_LISTENS)
    client.force_login(office_user)
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="reminders.queueing"):
        response = client.post("/inbox/run-reminders/", follow=True)
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert "消息队列暂不可用" in response.content.decode()
    assert sum("任务排队失败" in r.getMessage() for r in caplog.records) == 3
    assert mail.outbox == []
    # The next run that gets through (beat or send_reminders) sends what was due.
    with time_machine.travel(at("2021-09-10")):
        assert reminders_sweep().emails == 1


def test_enqueue_on_commit_with_redis_down_does_not_break_the_write(
    broker, caplog, agency_a, django_capture_on_commit_callbacks
):
    broker(NOBODY_LISTENS)
    with caplog.at_level(logging.ERROR, logger="reminders.queueing"):
        with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
            agency_a.short_name = "政务局"
            agency_a.save()
            enqueue_on_commit(reminder_sweep_task, day="2021-09-10")
    agency_a.refresh_from_db()
    assert len(callbacks) == 1 and agency_a.short_name == "政务局"
    assert any("reminder_sweep_task" in r.getMessage() and "2021-09-10" in r.getMessage() for r in caplog.records)


def test_running_reminders_queues_three_jobs_when_redis_is_up(client, office_user, broker):
    queue = redis.Redis.from_url(TEST_REDIS)
    queue.delete("celery")
    broker(TEST_REDIS)
    client.force_login(office_user)
    try:
        response = client.post("/inbox/run-reminders/", follow=True)
        assert "已安排发送今日提醒" in response.content.decode()
        assert queue.llen("celery") == 3
    finally:
        queue.delete("celery")
