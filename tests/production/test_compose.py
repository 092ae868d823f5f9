"""docker-compose.yml runs every app service with the settings as written: no override of what matters.

An override in compose is invisible from the settings file: beat started with
`--scheduler django_celery_beat.schedulers:DatabaseScheduler` silently reset
the office's reminder times on every restart. This reads the file and fails on
any such override, so the next one is caught in review, not in production.
"""

import importlib
import shlex
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PINNED_ENV = {  # variable → the only value compose may give it (None: must not be set at all)
    "DJANGO_SETTINGS_MODULE": "fangguanfu.settings",
    "FANGGUANFU_ENV": "production",
    "DEBUG": None,
    "CELERY_BEAT_SCHEDULER": None,
}
SCHEDULER_FLAGS = ("--scheduler", "-S")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def app_services(compose) -> dict:
    return {name: svc for name, svc in compose["services"].items() if svc.get("image", "").startswith("fangguanfu")}


def environment(service) -> dict:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: None if value is None else str(value) for key, value in env.items()}


def words(service) -> list[str]:
    command = service.get("command") or []
    if isinstance(command, str):
        command = shlex.split(command)
    if command[:2] == ["sh", "-c"]:
        command = shlex.split(command[2])
    entrypoint = service.get("entrypoint") or []
    return (shlex.split(entrypoint) if isinstance(entrypoint, str) else list(entrypoint)) + command


def test_web_worker_and_beat_are_the_app_image(compose):
    assert {"web", "worker", "beat"} <= set(app_services(compose))


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_no_app_service_overrides_settings_that_matter(compose, name):
    service = app_services(compose)[name]
    env = environment(service)
    for variable, allowed in PINNED_ENV.items():
        if variable in env:
            assert allowed is not None and env[variable] == allowed, f"{name} 覆盖了 {variable}={env[variable]!r}"
    assert env.get("FANGGUANFU_ENV") == "production", name
    assert "env_file" not in service, f"{name} 的 env_file 可能覆盖上述设置，请写在 environment 中"
    for word in words(service):
        assert word not in SCHEDULER_FLAGS and not word.startswith("--scheduler="), f"{name} 覆盖了 beat 的调度器"
        assert not word.startswith("--settings"), f"{name} 覆盖了设置模块"


def test_beat_runs_the_settings_scheduler_that_keeps_the_office_edits(compose):
    cmd = words(app_services(compose)["beat"])
    assert cmd[:4] == ["celery", "-A", "fangguanfu", "beat"]
    module, attr = settings.CELERY_BEAT_SCHEDULER.split(":")
    scheduler = getattr(importlib.import_module(module), attr)
    assert "update_from_dict" in vars(scheduler), "设置中的调度器应保留督查室在后台修改的提醒时间"


def test_web_health_check_is_healthz_and_proxy_count_is_named(compose):
    services = app_services(compose)
    assert "/healthz/" in " ".join(services["web"]["healthcheck"]["test"])
    assert "health" in services["beat"]["healthcheck"]["test"]
    for name in ("web", "worker", "beat"):
        assert environment(services[name])["NUM_PROXIES"].startswith("${NUM_PROXIES:-")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "NUM_PROXIES" in readme and "/healthz/" in readme
