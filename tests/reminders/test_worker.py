"""A real Celery worker process on the Redis database REDIS_URL names, against the test database.

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
from reminders import outbox
from reminders.choices import Channel, DeliveryStatus
from reminders.models import Notification, Reminder
from reminders.tasks import reminder_sweep_task
from tests import factories
from tests.factories import task_with
from tests.redis_db import TEST_REDIS_URL

from .conftest import agency
from .smtp_sink import SmtpSink
from .webhook_server import WebhookServer

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
BROKER = TEST_REDIS_URL
VISIBILITY = 3  # seconds before an unacknowledged message of a dead worker is handed out again
DAY = "2021-09-10"


class Worker:
    """`celery -A fangguanfu worker` in its own process group, logging to a file."""

    def __init__(self, tmp_path: Path, concurrency: int = 1, **env):
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
            # Real time is long past 08:30 of a real day: no catch-up sweep of *today* in these tests.
            "REMINDER_CATCH_UP_GRACE_SECONDS": str(10**7),
            **env,
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

    def succeeded(self, task: str = "reminder_sweep_task") -> int:
        """Runs of `task` that finished (the outbox drain at worker start is not one of them)."""
        return sum(f"{task}[" in line and "succeeded in" in line for line in self.log().splitlines())

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


def test_worker_killed_mid_sweep_loses_nothing_repeats_at_most_the_one_in_flight(tmp_path, clean_broker):
    """Real worker, Redis, SMTP and HTTP sinks. The worker is SIGKILLed while a webhook call is in flight;
    a new worker drains the outbox at start, and the claimed row once its (short) lease has passed."""
    lease = 6
    with WebhookServer(delay=2.0) as robot, SmtpSink() as smtp:
        agencies = [agency(f"测试厅{i}", emails=(f"a{i}@example.gov.cn",), webhook=robot.url) for i in range(8)]
        for i, a in enumerate(agencies):
            factories.UserFactory(role="liaison", agency=a)
            task_with(lead=[a], deadline=datetime.date(2021, 9, 1 + i % 5))
        env = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
               "EMAIL_PORT": str(smtp.port), "REMINDER_CLAIM_SECONDS": str(lease),
               # The sweep's own message would come back only after an hour: recovery must not wait for it.
               "CELERY_VISIBILITY_TIMEOUT": "3600"}
        worker = Worker(tmp_path, **env).start()
        try:
            started = time.monotonic()
            enqueue_sweep()
            worker.wait_for(lambda: len(robot.calls) >= 3, 60, "three webhook calls")
            worker.kill()  # the third call is in flight: the robot holds it for two seconds
            in_flight = robot.keys()[-1]
            left = Reminder.objects.exclude(status=DeliveryStatus.SENT).count()
            assert left > 1 and Reminder.objects.get(key=in_flight).status == DeliveryStatus.PENDING
            robot.delay = 0.05
            worker.start()  # at start: a drain; and one more when the claimed row's lease ends
            worker.wait_for(lambda: not Reminder.objects.exclude(status=DeliveryStatus.SENT).exists(),
                            120, "every reminder sent")
            elapsed = time.monotonic() - started
        finally:
            worker.kill()
        rows = list(Reminder.objects.all())
        emails = {outbox.message_id(r.key) for r in rows if r.channel == Channel.EMAIL}
        hooks = {r.key for r in rows if r.channel == Channel.WEBHOOK}
        assert len(rows) == 24 and len(emails) == len(hooks) == 8
        assert set(smtp.message_ids()) == emails and set(robot.keys()) == hooks  # 0 lost
        repeats = (len(smtp.message_ids()) - len(emails)) + (len(robot.keys()) - len(hooks))
        assert repeats <= 1 and robot.keys().count(in_flight) == 1 + repeats  # at most the one in flight, again
        assert Notification.objects.count() == 8  # in-app: exactly once
        assert elapsed < 600, elapsed  # within ten minutes (here: the lease, seconds)
