"""Putting jobs on the queue without letting a broker outage break the web.

If Redis is down the request still succeeds: the failure is logged, and the
reminders due are sent by the next run that reaches the broker (the sweep is
idempotent and always catches up on what is due or still pending).
"""

import logging

from django.db import transaction
from kombu.exceptions import KombuError

logger = logging.getLogger(__name__)

# Fail fast when the broker is unreachable: a page must not hang on it.
RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def enqueue(task, **kwargs) -> bool:
    """Queue `task` with keyword arguments; False (and a log entry) when the broker is unreachable."""
    try:
        task.apply_async(kwargs=kwargs, retry=True, retry_policy=RETRY_POLICY)
    except (KombuError, OSError) as exc:
        logger.error("任务排队失败（消息队列不可用），将由下次定时巡检补发：%s %s：%s", task.name, kwargs, exc)
        return False
    return True


def enqueue_on_commit(task, **kwargs) -> None:
    """Queue `task` once the current transaction commits (never for a write that rolled back)."""
    transaction.on_commit(lambda: enqueue(task, **kwargs))
