"""The Redis database this test process uses: the one REDIS_URL names, plus the xdist worker's number.

`make test` runs the suite in parallel (pytest-xdist, one PostgreSQL test database per worker, which
pytest-django names test_<db>_gw0, _gw1…). Celery messages and the cache must be kept apart the same way,
or one worker's real Celery process would run another worker's jobs. Without xdist this is REDIS_URL itself.
"""

import os
from urllib.parse import urlparse, urlunparse


def worker_number() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0


def test_redis_url() -> str:
    url = urlparse(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    base = int(url.path.strip("/") or 0)
    return urlunparse(url._replace(path=f"/{base + worker_number()}"))


TEST_REDIS_URL = test_redis_url()
