"""A day's job that did not run at its minute runs as soon as it can that day.

Beat advances a crontab entry before it sends the job: if Redis or the worker was down at 08:30,
that day's sweep, digest or roll call would simply be skipped until tomorrow. The outbox drain
(every few minutes, and at worker start) therefore asks, for each daily job: is its time today
past (by a grace, so the regular run is not doubled), and has the job not run since? Then it runs
it now. The jobs are idempotent, so a catch-up racing the regular run sends nothing twice.
The time is the office's (the django-celery-beat row, editable in the admin), or the settings'.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from ops import heartbeat

# beat entry → the heartbeat its job writes when it has run
DAILY_JOBS = {
    "daily-reminder-sweep": "reminder_sweep",
    "daily-escalation-digest": "reminder_escalation",
    "monthly-roll-call": "reminder_roll_call",
}


def _schedule(entry: str):
    """The entry's celery crontab, None when the office switched it off or it is not a crontab."""
    from django_celery_beat.models import PeriodicTask

    row = PeriodicTask.objects.filter(name=entry).select_related("crontab").first()
    if row is not None:
        return row.crontab.schedule if row.enabled and row.crontab_id else None
    configured = settings.CELERY_BEAT_SCHEDULE.get(entry, {}).get("schedule")
    return configured if hasattr(configured, "minute") and hasattr(configured, "hour") else None


def last_due_today(entry: str, now: datetime.datetime) -> datetime.datetime | None:
    """The latest time today, not after `now`, at which the entry was due (Asia/Shanghai)."""
    schedule = _schedule(entry)
    if schedule is None:
        return None
    local = timezone.localtime(now)
    if (local.isoweekday() % 7 not in schedule.day_of_week or local.day not in schedule.day_of_month
            or local.month not in schedule.month_of_year):
        return None
    times = [local.replace(hour=h, minute=m, second=0, microsecond=0) for h in schedule.hour for m in schedule.minute]
    past = [t for t in times if t <= local]
    return max(past) if past else None


def missed_jobs(now: datetime.datetime | None = None) -> list[str]:
    """Beat entries whose run today has not happened (by their heartbeat) a grace after their time."""
    now = now or timezone.now()
    grace = datetime.timedelta(seconds=getattr(settings, "REMINDER_CATCH_UP_GRACE_SECONDS", 600))
    missed = []
    for entry, beat_name in DAILY_JOBS.items():
        due = last_due_today(entry, now)
        if due is None or now < due + grace:
            continue
        ran = heartbeat.last(beat_name)
        if ran is None or ran < due:
            missed.append(entry)
    return missed
