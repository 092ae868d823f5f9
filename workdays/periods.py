"""Recurring report cycles: which period a day is in, when its report is due, whether it was reported.

Due-date rule (e.g. 每月5日前报上月进展): a period's report is due on `due_day` of the month after the period
ends (month_offset=1; month_offset=0 means the period's own last month, as in 每季度末月25日前). A due day past
the month's end is that month's last day. A due date that is not a working day moves to the next working day,
as 民法典第二百零三条 does for any period ending on a holiday; roll_forward=False keeps the printed date.
"""

import calendar as month_calendar
import datetime

from .calendar import WorkdayCalendar, as_date
from .choices import PeriodKind, PeriodState

_MONTHS = {PeriodKind.MONTHLY: 1, PeriodKind.QUARTERLY: 3, PeriodKind.HALF_YEARLY: 6, PeriodKind.YEARLY: 12}
_QUARTERS = "一二三四"


def _months(kind: str) -> int:
    try:
        return _MONTHS[PeriodKind(kind)]
    except ValueError:
        raise ValueError(f"未知的报送周期：{kind!r}（可选：{'、'.join(PeriodKind.labels)}）") from None


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def period_bounds(kind: str, day) -> tuple[datetime.date, datetime.date]:
    """First and last day of the period of `kind` that contains `day`."""
    months, day = _months(kind), as_date(day)
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    last_year, last_month = _shift_month(day.year, first_month, months - 1)
    end = datetime.date(last_year, last_month, month_calendar.monthrange(last_year, last_month)[1])
    return start, end


def period_due_date(kind: str, period_start, due_day: int, calendar: WorkdayCalendar | None = None, *,
                    month_offset: int = 1, roll_forward: bool = True) -> datetime.date:
    """The report due date of the period starting at (or containing) `period_start`; see the module rule."""
    if isinstance(due_day, bool) or not isinstance(due_day, int) or not 1 <= due_day <= 31:
        raise ValueError(f"报送截止日必须是 1 到 31 的整数，实际为 {due_day!r}")
    if month_offset not in (0, 1):
        raise ValueError(f"month_offset 只能是 0（周期最后一个月）或 1（周期结束后的下一个月），实际为 {month_offset!r}")
    _, end = period_bounds(kind, period_start)
    year, month = _shift_month(end.year, end.month, month_offset)
    due = datetime.date(year, month, min(due_day, month_calendar.monthrange(year, month)[1]))
    if not roll_forward:
        return due
    return (calendar or WorkdayCalendar.load(due)).roll_forward(due)


def period_label(kind: str, period_start) -> str:
    """"2026年11月", "2026年第四季度", "2026年上半年", "2026年"."""
    months, start = _months(kind), period_bounds(kind, period_start)[0]
    if months == 1:
        return f"{start.year}年{start.month}月"
    if months == 3:
        return f"{start.year}年第{_QUARTERS[(start.month - 1) // 3]}季度"
    if months == 6:
        return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
    return f"{start.year}年"


def periods_between(kind: str, first, last) -> list[tuple[datetime.date, datetime.date]]:
    """Every period of `kind` that overlaps [first, last], in order (e.g. those an ongoing task owes)."""
    first, last = as_date(first), as_date(last)
    if last < first:
        return []
    months, found = _months(kind), []
    start, end = period_bounds(kind, first)
    while start <= last:
        found.append((start, end))
        start = end + datetime.timedelta(days=1)
        end = period_bounds(kind, start)[1]
        if len(found) > 12 * 300 // months:
            raise ValueError("报送周期跨度过大（超过300年）")
    return found


def period_state(*, due, today, reported: bool) -> str:
    """未报 / 已报 / 逾期未报 of one agency × period: overdue only after the due day has passed."""
    if reported:
        return PeriodState.REPORTED
    return PeriodState.OVERDUE if as_date(today) > as_date(due) else PeriodState.NOT_REPORTED
