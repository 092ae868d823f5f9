"""Celery entry points only: plain arguments in, a service does the work.

Every job is idempotent (see reminders/delivery.py): acks_late redelivery, a second
beat or a manual `send_reminders` run in between send nothing twice. The beat
schedule lives in settings.CELERY_BEAT_SCHEDULE; django-celery-beat's
DatabaseScheduler copies it into the database when beat starts, where the
office can change times in the admin (周期任务).

The outbox drain runs every few minutes (beat), when a worker starts (a crash leaves rows
pending), and once more when a claimed or retried row comes due within the next minutes.
"""

import datetime

from celery import shared_task
from celery.signals import worker_ready
from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from .delivery import reminders_deliver, reminders_drain, reminders_escalate, reminders_roll_call, reminders_sweep
from .dues import reminder_context
from .outbox import RETRYABLE
from .queueing import enqueue

FOLLOW_UP_WITHIN = datetime.timedelta(minutes=15)  # later retries are the periodic drain's
FOLLOW_UP_KEY = "reminders:drain-follow-up"


def _day(day: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(day) if day else None


@shared_task(name="reminders.tasks.reminder_sweep_task")
def reminder_sweep_task(day: str | None = None) -> dict:
    return reminders_sweep(today=_day(day)).as_dict()


@shared_task(name="reminders.tasks.escalation_digest_task")
def escalation_digest_task(day: str | None = None) -> dict:
    return reminders_escalate(today=_day(day)).as_dict()


@shared_task(name="reminders.tasks.monthly_roll_call_task")
def monthly_roll_call_task(day: str | None = None) -> dict:
    return reminders_roll_call(today=_day(day)).as_dict()


@shared_task(name="reminders.tasks.outbox_drain_task")
def outbox_drain_task() -> dict:
    result = reminders_drain().as_dict()
    _follow_up()
    return result


def _follow_up() -> None:
    """Queue one more drain for when the next waiting row comes due, if that is soon (at most one queued)."""
    from .models import Reminder

    now = timezone.now()
    soonest = (Reminder.objects.filter(status__in=RETRYABLE, next_attempt_at__gt=now)
               .aggregate(at=Min("next_attempt_at"))["at"])
    if soonest is None or soonest - now > FOLLOW_UP_WITHIN:
        return
    countdown = (soonest - now).total_seconds() + 1
    if cache.add(FOLLOW_UP_KEY, soonest.isoformat(), timeout=int(countdown) + 1):
        outbox_drain_task.apply_async(countdown=countdown)


@worker_ready.connect
def _drain_when_a_worker_starts(sender=None, **kwargs):
    # What a killed worker left pending goes out now, not after the broker's visibility timeout.
    enqueue(outbox_drain_task)


@shared_task(name="reminders.tasks.deliver_pending_task")
def deliver_pending_task() -> dict:
    """Send what is recorded and not yet sent (notices' e-mails and webhooks, queued after their commit)."""
    return reminders_deliver(rctx=reminder_context()).as_dict()
