"""The offline holiday library (chinese-calendar), read without ever raising.

chinese-calendar raises NotImplementedError outside the years it ships; this module answers None there,
and reads the library's public `holidays`/`workdays` tables directly, because its own `is_workday`
recomputes the covered range on every call (too slow for a sweep over 100,000 tasks).
"""

import datetime

import chinese_calendar

_HOLIDAYS: dict[datetime.date, str] = chinese_calendar.holidays
_MAKEUP_WORKDAYS: dict[datetime.date, str] = chinese_calendar.workdays
FIRST_YEAR = min(_HOLIDAYS).year
LAST_YEAR = max(_HOLIDAYS).year
_CHINESE_NAMES = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}


def covers(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def library_day(day: datetime.date) -> tuple[bool, str] | None:
    """(is working day, Chinese name) from the library, or None when the library does not cover the year."""
    if not covers(day.year):
        return None
    if day in _MAKEUP_WORKDAYS:
        return True, f"{_chinese(_MAKEUP_WORKDAYS[day])}调休上班"
    if day in _HOLIDAYS:
        return False, _chinese(_HOLIDAYS[day])
    return day.weekday() < 5, ""


def _chinese(english_name: str) -> str:
    return _CHINESE_NAMES.get(english_name, english_name)
