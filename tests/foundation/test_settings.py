"""Production mode refuses weak settings and passes Django's deployment checks.

Settings are read once at import, so each case runs `manage.py check` in its
own process with its own environment.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from fangguanfu.settings import DEV_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]
REFUSAL = "生产模式拒绝启动：SECRET_KEY 未设置或为开发用密钥"


def manage(*args: str, **env: str | None) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set inside this test process by the browser
    # fixtures; a deployment never has it, and check --deploy rightly warns on it.
    dropped = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in env and k not in dropped}
    environment.update({k: v for k, v in env.items() if v is not None})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def production_env(**overrides: str | None) -> dict[str, str | None]:
    return {
        "FANGGUANFU_ENV": "production",
        "ALLOWED_HOSTS": "duban.hunan.gov.cn",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fangguanfu"),
        "SECRET_KEY": secrets.token_urlsafe(48),  # 64 random characters
        **overrides,
    }


@pytest.mark.parametrize("secret_key", [None, DEV_SECRET_KEY, "short-key"], ids=["unset", "dev-key", "short"])
def test_production_refuses_a_development_secret_key(secret_key):
    result = manage("check", **production_env(SECRET_KEY=secret_key))
    assert result.returncode != 0
    assert REFUSAL in result.stderr


def test_production_with_real_settings_passes_the_deploy_checks():
    env = production_env()
    assert len(env["SECRET_KEY"]) == 64
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr
