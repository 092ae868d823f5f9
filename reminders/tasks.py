"""Celery entry points only: plain arguments in, a service does the work.

Every job is idempotent (see tasks/delivery.py): acks_late redelivery, a second
beat or a manual `send_reminders` run in between send nothing twice. The beat
schedule lives in settings.CELERY_BEAT_SCHEDULE; django-celery-beat's
DatabaseScheduler copies it into the database when beat starts, where the
office can change times in the admin (周期任务).
"""

import datetime

from celery import shared_task

from .delivery import reminders_escalate, reminders_roll_call, reminders_sweep


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


@shared_task(name="reminders.tasks.deliver_pending_task")
def deliver_pending_task() -> dict:
    """Send what is recorded and not sent yet (催办 right after it is written; the sweep catches up otherwise)."""
    from .delivery import reminders_deliver
    from .dues import reminder_context

    return reminders_deliver(rctx=reminder_context()).as_dict()
