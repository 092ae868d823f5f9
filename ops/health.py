"""GET /healthz/: is this installation able to do its job? JSON, 200 when healthy, 503 otherwise.

Checks: the database answers, Redis answers (when REDIS_URL is set), no
migration is pending, the daily reminder sweep ran within SWEEP_STALE_AFTER
and beat's heartbeat is fresh. The last two matter only where a beat is meant
to run (HEALTH_REQUIRE_SCHEDULE, on in production): the embedded default has
no beat, and would otherwise be "unhealthy" forever. A freshly installed
system is given the same grace period before it must have swept once.

No login: a load balancer and the compose health check call it. It tells
nothing about the data beyond times and migration names.
"""

import datetime

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ops import heartbeat

SWEEP_STALE_AFTER = datetime.timedelta(hours=26)  # daily at 08:30, plus slack for a late or long run
BEAT_STALE_AFTER = datetime.timedelta(minutes=10)  # beat ticks every few seconds


def _schedule_required() -> bool:
    return getattr(settings, "HEALTH_REQUIRE_SCHEDULE", False)


def _installed_at() -> datetime.datetime | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(applied) FROM django_migrations")
        return cursor.fetchone()[0]


def _problem(key: str, message: str) -> dict:
    return {"key": key, "message": message}


def _check_database() -> tuple[dict, list]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means the same thing here
        return {"ok": False, "error": type(exc).__name__}, [_problem("database_down", "数据库无法连接。")]
    return {"ok": True}, []


def _check_redis() -> tuple[dict, list]:
    if not settings.REDIS_URL:
        return {"ok": True, "configured": False}, []
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2).ping()
    except Exception as exc:
        return ({"ok": False, "configured": True, "error": type(exc).__name__},
                [_problem("redis_down", "Redis 无法连接：提醒任务无法排队，登录限流按单进程计数。")])
    return {"ok": True, "configured": True}, []


def _check_migrations() -> tuple[dict, list]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
    if pending:
        return ({"ok": False, "pending": pending},
                [_problem("migrations_pending", f"有 {len(pending)} 个数据库迁移未执行，请运行 manage.py migrate。")])
    return {"ok": True, "pending": []}, []


def _fresh(name: str, stale_after: datetime.timedelta, now: datetime.datetime) -> tuple[bool, datetime.datetime | None]:
    at = heartbeat.last(name)
    if at is not None:
        return now - at <= stale_after, at
    installed = _installed_at()
    return installed is not None and now - installed <= stale_after, None


def sweep_is_stale(now: datetime.datetime | None = None) -> bool:
    """True when the daily sweep should have run and has not for more than 26 hours (the office banner)."""
    if not _schedule_required():
        return False
    fresh, _ = _fresh("reminder_sweep", SWEEP_STALE_AFTER, now or timezone.now())
    return not fresh


def _check_heartbeat(name: str, stale_after: datetime.timedelta, now, key: str, message: str):
    fresh, at = _fresh(name, stale_after, now)
    required = _schedule_required()
    result = {"ok": fresh or not required, "last": at.isoformat() if at else None, "fresh": fresh,
              "required": required}
    if fresh or not required:
        return result, []
    when = timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else "从未运行"
    return result, [_problem(key, f"{message}（最近一次：{when}）")]


def report(now: datetime.datetime | None = None) -> dict:
    now = now or timezone.now()
    checks, problems = {}, []
    checks["database"], found = _check_database()
    problems += found
    checks["redis"], found = _check_redis()
    problems += found
    if checks["database"]["ok"]:
        checks["migrations"], found = _check_migrations()
        problems += found
        checks["reminder_sweep"], found = _check_heartbeat(
            "reminder_sweep", SWEEP_STALE_AFTER, now, "reminder_sweep_stale", "每日提醒扫描已超过 26 小时未运行")
        problems += found
        checks["celery_beat"], found = _check_heartbeat(
            "celery_beat", BEAT_STALE_AFTER, now, "celery_beat_stale", "定时调度（celery beat）已超过 10 分钟没有心跳")
        problems += found
    return {"status": "ok" if not problems else "fail", "checked_at": now.isoformat(), "checks": checks,
            "problems": problems}


@never_cache
@require_safe
def healthz(request):
    body = report()
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503, json_dumps_params={"ensure_ascii": False})
