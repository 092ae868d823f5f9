"""A real Celery worker process on a real Redis broker (db 6) against the test database.

The worker sees only committed data, hence transaction=True. E-mail goes to
files (locmem does not cross processes), webhooks to a local HTTP server.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings

from fangguanfu.celery import app
from reminders.choices import Channel, DeliveryStatus
from reminders.models import Notification, Reminder
from reminders.tasks import reminder_sweep_task
from tests import factories
from tests.factories import task_with
from tests.redis_db import TEST_REDIS_URL

from .conftest import agency
from .webhook_server import WebhookServer

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
BROKER = TEST_REDIS_URL
VISIBILITY = 3  # seconds before an unacknowledged message of a dead worker is handed out again
DAY = "2021-09-10"


class Worker:
    """`celery -A fangguanfu worker` in its own process group, logging to a file."""

    def __init__(self, tmp_path: Path, concurrency: int = 1):
        db = settings.DATABASES["default"]
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        self.mail_dir = tmp_path / "mail"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "fangguanfu.settings",
            "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "CELERY_BROKER_URL": BROKER,
            "REDIS_URL": BROKER,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
        }
        self.concurrency = concurrency
        self.log_path = tmp_path / f"worker-{uuid.uuid4().hex[:6]}.log"
        self.proc = None

    def start(self, timeout: float = 30) -> "Worker":
        self.log_path = self.log_path.with_name(f"worker-{uuid.uuid4().hex[:6]}.log")
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "fangguanfu", "worker", "--pool=prefork",
             f"--concurrency={self.concurrency}", "--loglevel=INFO", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-n", f"reminders-{uuid.uuid4().hex[:8]}@%h"],
            cwd=settings.BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()
        self.wait_for(lambda: " ready." in self.log(), timeout, "worker did not start")
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def succeeded(self) -> int:
        return self.log().count("succeeded in")

    def kill(self) -> None:
        """SIGKILL the whole process group: the main process and its pool children, like a crash."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def wait_for(self, condition, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if self.proc.poll() is not None and "ready." not in self.log():
                pytest.fail(f"{what}: worker exited\n{self.log()[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"{what} within {timeout}s\n{self.log()[-3000:]}")
            time.sleep(0.1)

    def mails(self) -> int:
        return sum(p.read_text(errors="replace").count("Message-ID:") for p in self.mail_dir.glob("*.log"))


def enqueue_sweep(times: int = 1) -> None:
    with app.connection_for_write(BROKER) as conn:
        for _ in range(times):
            reminder_sweep_task.apply_async(kwargs={"day": DAY}, connection=conn)


@pytest.fixture
def clean_broker():
    client = redis.Redis.from_url(BROKER)
    client.flushdb()
    yield
    client.flushdb()


def three_agencies(webhook_url: str) -> list:
    agencies = [agency(f"测试厅{i}", emails=(f"a{i}@example.gov.cn",), webhook=webhook_url) for i in range(3)]
    for i, a in enumerate(agencies):
        factories.UserFactory(role="liaison", agency=a)
        task_with(lead=[a], deadline=datetime.date(2021, 9, 1 + i))
        task_with(lead=[a], deadline=datetime.date(2021, 9, 12))
    return agencies


def sent_rows() -> int:
    return Reminder.objects.filter(status=DeliveryStatus.SENT).count()


def test_worker_sweeps_once_even_with_two_runs_at_once_and_a_rerun(tmp_path, clean_broker):
    with WebhookServer(delay=0.2) as server:
        three_agencies(server.url)
        worker = Worker(tmp_path, concurrency=2).start()
        try:
            enqueue_sweep(times=2)  # two beats at once
            worker.wait_for(lambda: worker.succeeded() == 2, 60, "two sweeps")
            assert sent_rows() == Reminder.objects.count() == 9  # 3 agencies x e-mail, inbox, webhook
            assert worker.mails() == 3
            assert Notification.objects.count() == 3
            assert len(server.calls) == 3 and len(set(server.keys())) == 3
            enqueue_sweep()
            worker.wait_for(lambda: worker.succeeded() == 3, 60, "the rerun")
        finally:
            worker.kill()
    assert (Reminder.objects.count(), worker.mails(), Notification.objects.count(), len(server.calls)) == (9, 3, 3, 3)


def test_worker_killed_mid_delivery_redelivers_and_each_reminder_is_sent_once(tmp_path, clean_broker):
    with WebhookServer(delay=4.0) as server:
        three_agencies(server.url)
        worker = Worker(tmp_path).start()
        try:
            enqueued_at = time.monotonic()
            enqueue_sweep()
            assert server.received.wait(30), worker.log()[-3000:]
            worker.kill()  # while the first webhook call is in flight
            in_flight = server.keys()[0]
            assert sent_rows() < 9
            assert Reminder.objects.get(key=in_flight).status == DeliveryStatus.PENDING
            server.delay = 0.1
            # acks_late: the unacknowledged message goes back to the queue once its visibility timeout passed.
            time.sleep(max(0.0, enqueued_at + VISIBILITY + 1 - time.monotonic()))
            worker.start()
            worker.wait_for(lambda: worker.succeeded() == 1, 60, "the redelivered sweep")
        finally:
            worker.kill()
    rows = Reminder.objects.all()
    assert len(rows) == 9 and all(r.status == DeliveryStatus.SENT and r.attempts == 1 for r in rows)
    assert Notification.objects.count() == 3  # same database transaction as the row: exactly once
    assert worker.mails() == 3
    webhook_keys = set(rows.filter(channel=Channel.WEBHOOK).values_list("key", flat=True))
    # The receiver sees every webhook reminder; only the call cut by the crash comes again, with its key.
    assert set(server.keys()) == webhook_keys
    assert len(server.calls) == 4 and server.keys().count(in_flight) == 2
