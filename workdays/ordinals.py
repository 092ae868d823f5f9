"""The WorkdayOrdinal table: rebuilt in one transaction from the calendar (office rows, library, Mon–Fri).

Covers ORDINALS_FROM–ORDINALS_TO; a date outside has no ordinal, and 序时进度 then simply does not judge
the task (the deadline rules still do).
"""

import datetime

from django.db import transaction

from .calendar import WorkdayCalendar
from .models import WorkdayOrdinal

ORDINALS_FROM = datetime.date(2015, 1, 1)
ORDINALS_TO = datetime.date(2040, 12, 31)


def ordinals_rebuild() -> int:
    """Replace every row (about 9,500) with the calendar's current counts; returns the number of rows."""
    calendar = WorkdayCalendar.load(ORDINALS_FROM, ORDINALS_TO)
    days = (ORDINALS_TO - ORDINALS_FROM).days + 1
    rows = []
    for offset in range(days):
        day = ORDINALS_FROM + datetime.timedelta(days=offset)
        rows.append(WorkdayOrdinal(date=day, ordinal=calendar.working_days_between(ORDINALS_FROM, day)))
    with transaction.atomic():
        WorkdayOrdinal.objects.all().delete()
        WorkdayOrdinal.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def ordinals_rebuild_on_commit(**kwargs) -> None:
    """After an office day is saved or deleted: once per transaction, however many days it changed."""
    connection = transaction.get_connection()
    if not any(getattr(entry[1], "_rebuilds_ordinals", False) for entry in connection.run_on_commit):
        transaction.on_commit(_rebuild_callback)


def _rebuild_callback() -> None:
    ordinals_rebuild()


_rebuild_callback._rebuilds_ordinals = True
