"""The Redis database this test process uses: the one REDIS_URL names, plus the xdist worker's number.

`make test` runs the suite in parallel (pytest-xdist, one PostgreSQL test database per worker, which
pytest-django names test_<db>_gw0, _gw1…). Celery messages, the cache (throttles, lockouts, heartbeats)
and the servers and Celery workers that tests start must be kept apart the same way, or one worker's
throttle test would count another's requests. tests/conftest.py calls use_worker_redis() once per
process, before any test. Without xdist this is REDIS_URL itself.
"""

import os
from urllib.parse import urlparse, urlunparse

_BASE = "FANGGUANFU_TEST_REDIS_BASE"


def worker_number() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0


def test_redis_url() -> str:
    base_url = os.environ.setdefault(_BASE, os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    url = urlparse(base_url)
    base = int(url.path.strip("/") or 0)
    return urlunparse(url._replace(path=f"/{base + worker_number()}"))


TEST_REDIS_URL = test_redis_url()


def use_worker_redis() -> None:
    """Point everything that reads REDIS_URL at this process's database: the environment (servers and Celery
    workers started by tests inherit it), Django's settings, the cache and the in-process Celery app."""
    from django.conf import settings
    from django.core.cache import caches

    from fangguanfu.celery import app

    os.environ["REDIS_URL"] = TEST_REDIS_URL
    if os.environ.get("CELERY_BROKER_URL"):
        os.environ["CELERY_BROKER_URL"] = TEST_REDIS_URL
    settings.REDIS_URL = settings.CELERY_BROKER_URL = TEST_REDIS_URL
    for alias, config in settings.CACHES.items():
        if "redis" in config["BACKEND"].lower() or "Redis" in config["BACKEND"]:
            config["LOCATION"] = TEST_REDIS_URL
            caches.__dict__.pop("settings", None)  # CacheHandler caches its settings and connections
            if hasattr(caches._connections, alias):
                delattr(caches._connections, alias)
    app.conf["broker_url"] = TEST_REDIS_URL
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
