"""Time used on a task (序时进度) and relative deadlines, in working days. Pure: no query beyond the calendar's."""

import datetime

from .calendar import MAX_WORKING_DAYS, WorkdayCalendar, as_date
from .choices import RelativeKind


def schedule_progress(start, deadline, today, calendar: WorkdayCalendar | None = None) -> float:
    """Share (0..1) of the working days from `start` (assignment) to `deadline` that are used by `today`.

    Days counted as in `working_days_between`: (start, today] over (start, deadline], so the assignment day
    is 0 and the deadline day itself is 1.0. A span without working days (deadline on or before start, or only
    holidays) is 0 before the deadline and 1 from it on. Never raises for dates in uncovered years.
    """
    start, deadline, today = as_date(start), as_date(deadline), as_date(today)
    if today >= deadline:
        return 1.0
    if today <= start:
        return 0.0
    calendar = calendar or WorkdayCalendar.load(start, deadline)
    span = calendar.working_days_between(start, deadline)
    if span <= 0:
        return 0.0
    used = calendar.working_days_between(start, today)
    return min(1.0, max(0.0, used / span))


def resolve_relative_deadline(kind: str, value: int, start, calendar: WorkdayCalendar | None = None, *,
                              roll_forward: bool = True) -> datetime.date:
    """The date a relative deadline falls on, counted from `start` (the day the task is received).

    - "N个工作日内" (working_days): the N-th working day after start;
    - "收到后N日内" (calendar_days): start + N days; when that is not a working day it moves to the next
      working day (民法典第二百零三条), unless roll_forward=False.
    Bad input raises ValueError with a Chinese message.
    """
    if kind not in RelativeKind.values:
        raise ValueError(f"未知的相对期限类型：{kind!r}（可选：{'、'.join(RelativeKind.labels)}）")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_WORKING_DAYS:
        raise ValueError(f"相对期限的天数必须是 1 到 {MAX_WORKING_DAYS} 的整数，实际为 {value!r}")
    start = as_date(start)
    if kind == RelativeKind.WORKING_DAYS:
        calendar = calendar or WorkdayCalendar.load(start, start + datetime.timedelta(days=value * 2))
        return calendar.add_working_days(start, value)
    due = start + datetime.timedelta(days=value)
    if not roll_forward:
        return due
    return (calendar or WorkdayCalendar.load(due)).roll_forward(due)
