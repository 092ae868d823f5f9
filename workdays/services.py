"""Writes to the office calendar. Used by the admin's bulk entry form (and by anything else that enters days)."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from .models import CalendarDay, CalendarYear


@dataclass(frozen=True)
class DayEntry:
    date: datetime.date
    is_working_day: bool
    name: str = ""
    note: str = ""


@dataclass(frozen=True)
class SaveResult:
    created: int
    updated: int
    completed_year: int | None


@transaction.atomic
def calendar_days_save(*, entries: list[DayEntry], user, complete_year: int | None = None,
                       year_note: str = "") -> SaveResult:
    """Add or correct office days (a day already entered is updated), optionally marking a year complete.

    All or nothing: the caller has validated every entry; a database error leaves the table as it was.
    Rows are saved one by one (a year's notice is ~30 days) so that each change has its history row.
    """
    created = updated = 0
    existing = {row.date: row for row in CalendarDay.objects.select_for_update().filter(
        date__in=[entry.date for entry in entries])}
    for entry in entries:
        row = existing.get(entry.date)
        if row is None:
            CalendarDay.objects.create(date=entry.date, is_working_day=entry.is_working_day, name=entry.name,
                                       note=entry.note, created_by=user)
            created += 1
        elif (row.is_working_day, row.name, row.note) != (entry.is_working_day, entry.name, entry.note):
            row.is_working_day, row.name, row.note = entry.is_working_day, entry.name, entry.note
            row.save(update_fields=["is_working_day", "name", "note", "updated_at"])
            updated += 1
    if complete_year is not None:
        CalendarYear.objects.update_or_create(
            year=complete_year, defaults={"complete": True, "note": year_note, "updated_by": user}
        )
    return SaveResult(created=created, updated=updated, completed_year=complete_year)
