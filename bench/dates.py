"""Date helpers shared by the generators."""

import datetime

from django.utils import timezone


def month_end(day: datetime.date) -> datetime.date:
    nxt = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return nxt - datetime.timedelta(days=1)


def aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """`hour` o'clock on `day`, Asia/Shanghai."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
