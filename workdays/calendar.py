"""Working-day arithmetic: office rows first, then chinese-calendar, then Monday–Friday. Never raises for a year.

A day is a working day if the office's CalendarDay row says so; without a row, the library decides in the
years it covers (2004–2026 in chinese-calendar 1.11.0); in any other year Monday–Friday are working days,
and the office is warned (see `uncovered_years`).

Counting convention, used everywhere: `working_days_between(a, b)` counts the working days in the half-open
span (a, b] — after a, up to and including b — so that `working_days_between(d, add_working_days(d, n)) == n`.
The start day itself (the day a task is received) never counts, as in "收到后N个工作日内".

Two ways to use it:
- the module functions (`is_working_day(d)` …) load what they need in one query per call;
- `WorkdayCalendar.load(start, end)` loads a span once, for a sweep or a page over many tasks: its methods
  issue no query inside the span and one more query per span they have to grow into.
"""

import datetime
import functools
from bisect import bisect_left
from dataclasses import dataclass

from django.utils import timezone

from . import library
from .choices import DaySource, YearStatus
from .models import MAX_YEAR, MIN_YEAR, CalendarDay, CalendarYear

MAX_WORKING_DAYS = 10_000  # ~40 years: anything larger is a typing error, not a deadline
WEEKDAY_NAMES = "一二三四五六日"


@dataclass(frozen=True)
class DayInfo:
    date: datetime.date
    is_working_day: bool
    source: str  # DaySource
    name: str

    def describe(self) -> str:
        """Chinese sentence for messages, e.g. "2026-10-01（星期四）是国庆节，非工作日"."""
        kind = "工作日" if self.is_working_day else "非工作日"
        label = self.name or ("" if self.is_working_day else "休息日")
        weekday = f"星期{WEEKDAY_NAMES[self.date.weekday()]}"
        return f"{self.date:%Y-%m-%d}（{weekday}）是{label + '，' if label else ''}{kind}"


def as_date(value) -> datetime.date:
    """A date from a date or datetime (aware datetimes are read in Asia/Shanghai)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    raise TypeError(f"需要日期，实际为 {type(value).__name__}：{value!r}")


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"日期超出工作日历支持的范围（{MIN_YEAR}–{MAX_YEAR}年）：{year}年")


def _decide(rows: dict, day: datetime.date) -> tuple[bool, str, str]:
    if day in rows:
        is_working, name = rows[day]
        return is_working, DaySource.OFFICE, name
    from_library = library.library_day(day)
    if from_library is not None:
        return from_library[0], DaySource.LIBRARY, from_library[1]
    return day.weekday() < 5, DaySource.WEEKDAYS, ""


@functools.lru_cache(maxsize=64)
def _day_tables(first_year: int, last_year: int, rows: tuple) -> tuple[bytes, tuple[int, ...]]:
    """(working flag per day, cumulative working days per day) from Jan 1 of first_year to Dec 31 of last_year.

    Every page builds its calendar (three years, 1,100 days: 2 ms of Python); the tables depend only on the
    years and the office's rows, which are part of the key, so an edit in the admin is a new key, never stale.
    """
    day_rows = dict(rows)
    base = datetime.date(first_year, 1, 1).toordinal()
    end = datetime.date(last_year, 12, 31).toordinal()
    working, cumulative, total = bytearray(), [], 0
    for ordinal in range(base, end + 1):
        flag = _decide(day_rows, datetime.date.fromordinal(ordinal))[0]
        working.append(flag)
        total += flag
        cumulative.append(total)
    # cumulative[i] = working days from Jan 1 of the first year up to and including day i
    return bytes(working), tuple(cumulative)


class WorkdayCalendar:
    """The calendar for whole years, loaded in one query and grown by one query when a date falls outside."""

    def __init__(self, rows: dict[datetime.date, tuple[bool, str]], first_year: int, last_year: int):
        self._rows = rows
        self._first_year, self._last_year = first_year, last_year
        self._complete_years: set[int] | None = None
        self._build()

    @classmethod
    def load(cls, start, end=None) -> "WorkdayCalendar":
        """The calendar of every year from start's to end's (one query)."""
        first, last = sorted((as_date(start).year, as_date(end if end is not None else start).year))
        _check_year(first)
        _check_year(last)
        return cls(_office_rows(first, last), first, last)

    # -- building -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self._base = datetime.date(self._first_year, 1, 1).toordinal()
        self._working, self._cumulative = _day_tables(self._first_year, self._last_year,
                                                      tuple(sorted(self._rows.items())))

    def _decide(self, day: datetime.date) -> tuple[bool, str, str]:
        return _decide(self._rows, day)

    def _grow(self, first_year: int, last_year: int) -> None:
        first, last = min(first_year, self._first_year), max(last_year, self._last_year)
        _check_year(first)
        _check_year(last)
        if first < self._first_year:
            self._rows.update(_office_rows(first, self._first_year - 1))
        if last > self._last_year:
            self._rows.update(_office_rows(self._last_year + 1, last))
        self._first_year, self._last_year = first, last
        self._build()

    def _index(self, day: datetime.date) -> int:
        if not self._first_year <= day.year <= self._last_year:
            self._grow(day.year, day.year)
        return day.toordinal() - self._base

    # -- questions ------------------------------------------------------------------------------------------
    def is_working_day(self, day) -> bool:
        return bool(self._working[self._index(as_date(day))])

    def day_info(self, day) -> DayInfo:
        day = as_date(day)
        self._index(day)
        is_working, source, name = self._decide(day)
        return DayInfo(day, is_working, source, name)

    def working_days_between(self, start, end) -> int:
        """Working days in (start, end]; negative when end is before start."""
        start, end = as_date(start), as_date(end)
        self._index(start)
        self._index(end)  # may grow the span and move the base: read both indexes after
        return self._cumulative[self._index(end)] - self._cumulative[self._index(start)]

    def add_working_days(self, day, n: int) -> datetime.date:
        """The n-th working day after `day` (before it when n < 0); n == 0 gives `day` itself."""
        day = as_date(day)
        if not isinstance(n, int) or abs(n) > MAX_WORKING_DAYS:
            raise ValueError(f"工作日数必须是不超过 {MAX_WORKING_DAYS} 的整数，实际为 {n!r}")
        if n == 0:
            return day
        return self._forward(day, n) if n > 0 else self._backward(day, -n)

    def _forward(self, day: datetime.date, n: int) -> datetime.date:
        while True:
            i = self._index(day)
            target = self._cumulative[i] + n
            found = bisect_left(self._cumulative, target, lo=i + 1)
            if found < len(self._cumulative):
                return datetime.date.fromordinal(self._base + found)
            self._grow(self._first_year, self._last_year + 1 + n // 250)

    def _backward(self, day: datetime.date, n: int) -> datetime.date:
        while True:
            i = self._index(day)
            before = self._cumulative[i - 1] if i > 0 else 0
            target = before - n + 1  # the first day whose running count reaches this is the n-th one back
            if i > 0 and target >= 1:
                return datetime.date.fromordinal(self._base + bisect_left(self._cumulative, target, hi=i))
            self._grow(self._first_year - 1 - n // 250, self._last_year)

    def next_working_day(self, day) -> datetime.date:
        """The first working day strictly after `day`."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day) -> datetime.date:
        """The last working day strictly before `day`."""
        return self.add_working_days(day, -1)

    def roll_forward(self, day) -> datetime.date:
        """`day` if it is a working day, else the next one (民法典第二百零三条: a period ending on a holiday
        ends on the first working day after it)."""
        day = as_date(day)
        return day if self.is_working_day(day) else self.next_working_day(day)

    def year_status(self, year: int) -> str:
        """Where a year's days without an office row come from (YearStatus).

        "library" when chinese-calendar covers the year (office rows still win day by day); otherwise
        "office" when the office has marked the year complete (CalendarYear.complete); otherwise
        "weekdays_fallback". The complete years are read once per calendar (one query, on first use).
        """
        if library.covers(year):
            return YearStatus.LIBRARY
        if self._complete_years is None:
            self._complete_years = set(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))
        return YearStatus.OFFICE if year in self._complete_years else YearStatus.WEEKDAYS_FALLBACK


def _office_rows(first_year: int, last_year: int) -> dict[datetime.date, tuple[bool, str]]:
    rows = CalendarDay.objects.filter(date__year__gte=first_year, date__year__lte=last_year)
    return {day: (is_working, name) for day, is_working, name in rows.values_list("date", "is_working_day", "name")}


def request_calendar(request) -> WorkdayCalendar:
    """One calendar per request (last, this and next year, grown on demand), kept on the request object."""
    cached = getattr(request, "_workday_calendar", None)
    if cached is None:
        year = timezone.localdate().year
        cached = WorkdayCalendar.load(datetime.date(year - 1, 1, 1), datetime.date(year + 1, 12, 31))
        request._workday_calendar = cached
    return cached


# -- one-off questions: one query each ----------------------------------------------------------------------
def is_working_day(day, *, calendar: WorkdayCalendar | None = None) -> bool:
    return (calendar or WorkdayCalendar.load(day)).is_working_day(day)


def day_info(day, *, calendar: WorkdayCalendar | None = None) -> DayInfo:
    return (calendar or WorkdayCalendar.load(day)).day_info(day)


def next_working_day(day, *, calendar: WorkdayCalendar | None = None) -> datetime.date:
    return (calendar or WorkdayCalendar.load(day)).next_working_day(day)


def previous_working_day(day, *, calendar: WorkdayCalendar | None = None) -> datetime.date:
    return (calendar or WorkdayCalendar.load(day)).previous_working_day(day)


def roll_forward(day, *, calendar: WorkdayCalendar | None = None) -> datetime.date:
    return (calendar or WorkdayCalendar.load(day)).roll_forward(day)


def add_working_days(day, n: int, *, calendar: WorkdayCalendar | None = None) -> datetime.date:
    if calendar is None:
        start = as_date(day)
        # Load the likely span at once (a working year has ~250 days) so the usual call is one query.
        end_year = min(MAX_YEAR, max(MIN_YEAR, start.year + (n // 200 if isinstance(n, int) else 0)))
        calendar = WorkdayCalendar.load(start, datetime.date(end_year, 1, 1))
    return calendar.add_working_days(day, n)


def working_days_between(start, end, *, calendar: WorkdayCalendar | None = None) -> int:
    """Working days in (start, end]: after start, up to and including end; negative when end < start."""
    return (calendar or WorkdayCalendar.load(start, end)).working_days_between(start, end)


def year_status(year: int, *, calendar: WorkdayCalendar | None = None) -> str:
    if calendar is not None:
        return calendar.year_status(year)
    if library.covers(year):
        return YearStatus.LIBRARY
    complete = CalendarYear.objects.filter(year=year, complete=True).exists()
    return YearStatus.OFFICE if complete else YearStatus.WEEKDAYS_FALLBACK


def uncovered_years(today=None) -> list[int]:
    """The current and next year when neither the library nor a complete office year covers them.

    No query when the library covers both; otherwise one.
    """
    today = as_date(today if today is not None else timezone.localdate())
    candidates = [year for year in (today.year, today.year + 1) if not library.covers(year)]
    if not candidates:
        return []
    complete = set(CalendarYear.objects.filter(year__in=candidates, complete=True).values_list("year", flat=True))
    return [year for year in candidates if year not in complete]
