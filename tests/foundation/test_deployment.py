"""docker-compose.yml names real services and real entry points of the project.

No Docker engine runs on these machines, so the file is checked by reading it:
every service is there, and every command points at something that exists.
"""

import importlib
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _command(service) -> list[str]:
    cmd = service.get("command", [])
    if cmd[:2] == ["sh", "-c"]:
        return shlex.split(cmd[2])
    return cmd


def test_every_service_is_present_with_a_health_check(compose):
    services = compose["services"]
    assert {"db", "redis", "web", "worker", "beat"} <= set(services)
    for name in ("db", "redis", "web", "worker", "beat"):
        assert "healthcheck" in services[name], name
    assert {"pgdata", "redisdata", "media"} <= set(compose["volumes"])


def test_web_runs_the_projects_wsgi_application_under_gunicorn(compose):
    cmd = _command(compose["services"]["web"])
    target = cmd[cmd.index("gunicorn") + 1]
    module, attr = target.split(":")
    assert callable(getattr(importlib.import_module(module), attr))
    assert "migrate" in cmd


@pytest.mark.parametrize("service", ["worker", "beat"])
def test_celery_services_name_the_projects_celery_app(compose, service):
    cmd = _command(compose["services"][service])
    app_name = cmd[cmd.index("-A") + 1]
    celery_app = importlib.import_module(app_name).celery_app
    assert celery_app.main == "fangguanfu"
    assert cmd[cmd.index("-A") + 2] == service


def test_beat_uses_the_database_scheduler_the_office_edits_in_the_admin(compose):
    # Compose must not override the scheduler (a --scheduler flag would undo the office's edits, issue 17);
    # beat takes the one the settings name, which keeps the office's times.
    from django.conf import settings

    assert "--scheduler" not in _command(compose["services"]["beat"])
    module, cls = settings.CELERY_BEAT_SCHEDULER.split(":")
    assert hasattr(importlib.import_module(module), cls)


def test_app_services_run_in_production_mode_with_required_secrets(compose):
    for name in ("web", "worker", "beat"):
        env = compose["services"][name]["environment"]
        assert env["FANGGUANFU_ENV"] == "production"
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://redis:")
