"""GET /healthz/ answers 200 or 503 with JSON, and the office sees a banner when the daily sweep stopped."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from ops import heartbeat
from ops.health import report, sweep_is_stale
from ops.models import Heartbeat

pytestmark = pytest.mark.django_db
NAMES = ("reminder_sweep", "celery_beat")


@pytest.fixture(autouse=True)
def _no_heartbeats():
    for name in NAMES:
        heartbeat.forget(name)
    yield
    for name in NAMES:
        heartbeat.forget(name)


@pytest.fixture
def production_schedule(settings):
    settings.HEALTH_REQUIRE_SCHEDULE = True


def installed_at() -> datetime.datetime:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(applied) FROM django_migrations")
        return cursor.fetchone()[0]


def keys(body) -> set[str]:
    return {problem["key"] for problem in body["problems"]}


def test_healthy_installation_answers_200_without_login(client, production_schedule):
    heartbeat.beat("reminder_sweep")
    heartbeat.beat("celery_beat")
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok" and body["problems"] == []
    assert body["checks"]["database"]["ok"] and body["checks"]["redis"] == {"ok": True, "configured": True}
    assert body["checks"]["migrations"] == {"ok": True, "pending": []}
    assert body["checks"]["reminder_sweep"]["fresh"] and body["checks"]["celery_beat"]["fresh"]
    assert response["Cache-Control"].startswith("max-age=0")


def test_stale_sweep_and_silent_beat_are_503_in_production(client, production_schedule):
    two_days_ago = timezone.now() - datetime.timedelta(hours=27)
    heartbeat.beat("reminder_sweep", at=two_days_ago)
    heartbeat.beat("celery_beat", at=timezone.now() - datetime.timedelta(minutes=11))
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert keys(body) == {"reminder_sweep_stale", "celery_beat_stale"}
    sweep = next(p for p in body["problems"] if p["key"] == "reminder_sweep_stale")
    assert "每日提醒扫描已超过 26 小时未运行" in sweep["message"]
    assert timezone.localtime(two_days_ago).strftime("%Y-%m-%d %H:%M") in sweep["message"]
    assert body["checks"]["reminder_sweep"]["last"] == two_days_ago.isoformat()


def test_embedded_default_has_no_beat_so_a_missing_sweep_is_reported_not_failed(client, settings):
    settings.HEALTH_REQUIRE_SCHEDULE = False
    heartbeat.beat("reminder_sweep", at=timezone.now() - datetime.timedelta(days=5))
    response = client.get("/healthz/")
    assert response.status_code == 200
    sweep = response.json()["checks"]["reminder_sweep"]
    assert sweep == {"ok": True, "last": sweep["last"], "fresh": False, "required": False}
    assert not sweep_is_stale()


def test_a_fresh_installation_gets_the_grace_period_before_its_first_sweep(production_schedule):
    installed = installed_at()
    early = report(now=installed + datetime.timedelta(hours=1))
    assert "reminder_sweep_stale" not in keys(early)
    assert early["checks"]["reminder_sweep"]["last"] is None
    late = report(now=installed + datetime.timedelta(hours=27))
    assert "reminder_sweep_stale" in keys(late)
    assert "从未运行" in next(p["message"] for p in late["problems"] if p["key"] == "reminder_sweep_stale")


def test_redis_down_is_503(client, settings, production_schedule):
    heartbeat.beat("reminder_sweep")
    heartbeat.beat("celery_beat")
    settings.REDIS_URL = "redis://127.0.0.1:1/4"  # nothing listens on port 1
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert keys(response.json()) == {"redis_down"}
    assert response.json()["checks"]["redis"]["ok"] is False


def test_pending_migration_is_503(client, settings, production_schedule):
    heartbeat.beat("reminder_sweep")
    heartbeat.beat("celery_beat")
    settings.MIGRATION_MODULES = {"ops": "tests.production.pending_migrations"}
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert keys(body) == {"migrations_pending"}
    assert body["checks"]["migrations"]["pending"] == ["ops.0003_not_yet_applied"]
    assert "manage.py migrate" in body["problems"][0]["message"]


def test_heartbeat_survives_a_cache_flush_through_its_database_copy():
    at = timezone.now().replace(microsecond=0)
    heartbeat.beat("reminder_sweep", at=at)
    assert Heartbeat.objects.get(name="reminder_sweep").at == at
    cache.clear()
    assert heartbeat.last("reminder_sweep") == at
    # Beat ticks every few seconds: within a minute only the cache is written, not the database.
    heartbeat.beat("reminder_sweep", at=at + datetime.timedelta(seconds=5))
    assert Heartbeat.objects.get(name="reminder_sweep").at == at
    assert heartbeat.last("reminder_sweep") == at + datetime.timedelta(seconds=5)


def test_office_sees_the_stale_sweep_banner_and_others_do_not(client, production_schedule, office_user, liaison_a):
    heartbeat.beat("reminder_sweep", at=timezone.now() - datetime.timedelta(hours=30))
    client.force_login(office_user)
    assert 'data-banner="sweep-stale"' in client.get("/tasks/").content.decode()
    client.force_login(liaison_a)
    assert 'data-banner="sweep-stale"' not in client.get("/tasks/").content.decode()
    heartbeat.beat("reminder_sweep")
    client.force_login(office_user)
    assert 'data-banner="sweep-stale"' not in client.get("/tasks/").content.decode()


def test_health_command_judges_only_the_named_check(production_schedule):
    from django.core.management import CommandError, call_command

    heartbeat.beat("celery_beat")
    heartbeat.beat("reminder_sweep", at=timezone.now() - datetime.timedelta(hours=30))
    call_command("health", "--only", "celery_beat")  # beat's own container check passes
    with pytest.raises(CommandError, match="每日提醒扫描"):
        call_command("health")
