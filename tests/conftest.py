"""Shared fixtures. The suite runs on the real PostgreSQL and Redis.

`make test` and CI point DATABASE_URL at PostgreSQL; if it or Redis is not
reachable the session stops at once with a message, instead of quietly
testing something else (SQLite, no broker).
"""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings

from tests import factories
from tests.browser import chromium_browser, page  # noqa: F401  (browser fixtures)
from tests.redis_db import use_worker_redis


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def pytest_sessionstart(session):
    if os.environ.get("FANGGUANFU_ALLOW_SQLITE_TESTS") == "1":
        return
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        pytest.exit(
            "测试必须在 PostgreSQL 上运行：请设置 DATABASE_URL=postgres://postgres@127.0.0.1:5432/fangguanfu（make test 会设置）。",
            returncode=3,
        )
    db_url = os.environ.get("DATABASE_URL", "")
    if not _reachable(db_url, 5432):
        pytest.exit(f"PostgreSQL 不可达：{db_url}", returncode=3)
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url or not _reachable(redis_url, 6379):
        pytest.exit(f"Redis 不可达或未设置 REDIS_URL：{redis_url!r}", returncode=3)


@pytest.fixture(autouse=True, scope="session")
def _redis_of_this_worker():
    """Each xdist worker uses its own Redis database (tests/redis_db.py), as it uses its own test database."""
    use_worker_redis()


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests may talk to 127.0.0.1 only: intranets are offline, and so is CI."""
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("/"):
            raise RuntimeError(f"测试不允许访问外部网络：{address}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def office_user(db):
    return factories.UserFactory(role="office")


@pytest.fixture
def leader_user(db):
    return factories.UserFactory(role="leader")


@pytest.fixture
def agency_a(db):
    return factories.AgencyFactory(name="湖南省政务管理服务局", short_name="省政务局")


@pytest.fixture
def agency_b(db):
    return factories.AgencyFactory(name="湖南省司法厅", short_name="省司法厅")


@pytest.fixture
def liaison_a(agency_a):
    return factories.UserFactory(role="liaison", agency=agency_a)


@pytest.fixture
def liaison_b(agency_b):
    return factories.UserFactory(role="liaison", agency=agency_b)


@pytest.fixture
def head_a(agency_a):
    return factories.UserFactory(role="head", agency=agency_a)
