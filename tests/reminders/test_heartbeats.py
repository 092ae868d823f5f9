"""The sweep and beat report that they ran, so /healthz/ and the office banner can tell when they stop."""

import pytest

from ops import heartbeat
from ops.health import sweep_is_stale
from reminders.beat import OfficeEditableScheduler
from reminders.delivery import reminders_run_all, reminders_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_heartbeats():
    for name in ("reminder_sweep", "celery_beat"):
        heartbeat.forget(name)
    yield


def test_a_dry_run_is_not_a_sweep():
    reminders_sweep(dry_run=True)
    assert heartbeat.last("reminder_sweep") is None


@pytest.mark.parametrize("run", [reminders_sweep, reminders_run_all])
def test_a_sweep_records_its_heartbeat(run):
    run()
    assert heartbeat.last("reminder_sweep") is not None
    assert not sweep_is_stale()


def test_beat_ticks_record_that_beat_is_alive(monkeypatch):
    monkeypatch.setattr("django_celery_beat.schedulers.DatabaseScheduler.tick", lambda self, *a, **k: 5.0)
    scheduler = OfficeEditableScheduler.__new__(OfficeEditableScheduler)  # no broker connection for one tick
    assert scheduler.tick() == 5.0
    assert heartbeat.last("celery_beat") is not None
