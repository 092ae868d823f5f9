"""Heartbeats: background jobs say when they last ran, the health endpoint and the office banner read it.

    heartbeat.beat("reminder_sweep")   # at the end of each daily sweep
    heartbeat.beat("celery_beat")      # from beat's scheduler tick
    heartbeat.last("reminder_sweep")   # → aware datetime or None

The time goes to the shared cache (Redis in production: cheap, read on every
office page) and to the database (ops.Heartbeat), so that a Redis restart or a
cache.clear() does not make a healthy system look as if beat had never run.
Beat ticks every few seconds, so the database copy is written at most once a
minute per process and name. A heartbeat never raises: a job must not fail
because its bookkeeping could not be written.
"""

import datetime
import logging
import threading

from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone

log = logging.getLogger(__name__)
DURABLE_EVERY = datetime.timedelta(minutes=1)
_last_durable: dict[str, datetime.datetime] = {}
_lock = threading.Lock()


def _key(name: str) -> str:
    return f"heartbeat:{name}"


def beat(name: str, at: datetime.datetime | None = None, *, every: datetime.timedelta | None = DURABLE_EVERY) -> None:
    """Record that `name` ran. The database copy is written at most once per `every` (beat ticks every few
    seconds); a daily job passes every=None so each run is written, and its cost is the same every run."""
    at = at or timezone.now()
    try:
        cache.set(_key(name), at.isoformat(), timeout=None)
    except Exception:  # Redis down: the database copy below still tells the truth
        log.warning("心跳 %s 未能写入缓存", name, exc_info=True)
    with _lock:
        previous = _last_durable.get(name)
        if every is not None and previous is not None and previous <= at < previous + every:
            return
        _last_durable[name] = at
    try:
        from ops.models import Heartbeat

        # One upsert, the same single query whether the row exists or not.
        Heartbeat.objects.bulk_create([Heartbeat(name=name, at=at)], update_conflicts=True,
                                      unique_fields=["name"], update_fields=["at"])
    except DatabaseError:
        log.warning("心跳 %s 未能写入数据库", name, exc_info=True)


def last(name: str) -> datetime.datetime | None:
    try:
        raw = cache.get(_key(name))
    except Exception:
        raw = None
    if raw:
        return datetime.datetime.fromisoformat(raw)
    from ops.models import Heartbeat

    at = Heartbeat.objects.filter(name=name).values_list("at", flat=True).first()
    if at is not None:
        try:
            cache.set(_key(name), at.isoformat(), timeout=None)
        except Exception:
            pass
    return at


def forget(name: str) -> None:
    """For tests and for an operator resetting a renamed job."""
    with _lock:
        _last_durable.pop(name, None)
    cache.delete(_key(name))
    from ops.models import Heartbeat

    Heartbeat.objects.filter(name=name).delete()
