"""Parts not acknowledged in time (超期未签收): who is due the one reminder, and marking it given.

An assignment still pending `ack_days` working days (office setting, default 3) after it was handed over
gets one reminder, to its agency (the members, for a collective name); `ack_reminded_at` then marks it, so
it is never selected again and the pages show it as a warning from then on. One query to find them,
one to load the calendar, one to mark them; the Reminder rows are keyed by agency, day and tasks like the
sweep's, so a second run on the same day records nothing new.
"""

import datetime
from collections import defaultdict

from django.utils import timezone

from agencies.choices import AgencyKind
from agencies.models import Agency
from reminders.dues import Due, ReminderContext
from tasks.choices import AssignmentState
from tasks.models import Assignment
from tasks.warnings import office_settings, open_q
from workdays.calendar import WorkdayCalendar

from .choices import ReminderKind

MAX_LOOKBACK = 90  # calendar days: no run of N ≤ 30 working days is longer than this


def ack_cutoff(today: datetime.date, ack_days: int) -> datetime.date:
    """The latest day a part may have been handed over and be overdue today: N working days have passed."""
    calendar = WorkdayCalendar.load(today - datetime.timedelta(days=MAX_LOOKBACK), today)
    day = today
    for _ in range(MAX_LOOKBACK):
        if calendar.working_days_between(day, today) >= ack_days:
            return day
        day -= datetime.timedelta(days=1)
    return day


def _overdue_parts(rctx: ReminderContext):
    cutoff = ack_cutoff(rctx.today, office_settings().ack_days)
    # assigned_at is a moment; "handed over on day d" is d in Asia/Shanghai, so compare with the next midnight.
    before = timezone.make_aware(datetime.datetime.combine(cutoff + datetime.timedelta(days=1), datetime.time()))
    return (Assignment.objects.filter(state=AssignmentState.PENDING, ack_reminded_at__isnull=True,
                                      assigned_at__lt=before, agency__is_active=True)
            .filter(open_q("task__")))


def ack_overdue_dues(rctx: ReminderContext) -> tuple[list[Due], list[int]]:
    """One reminder per agency listing its overdue parts, and the ids of the parts it covers."""
    rows = list(_overdue_parts(rctx).values_list("pk", "agency_id", "agency__kind", "task_id", "task__deadline"))
    members: dict[int, list[int]] = defaultdict(list)
    if any(kind == AgencyKind.COLLECTIVE for _, _, kind, _, _ in rows):
        through = Agency.members.through.objects.filter(to_agency__is_active=True)
        for collective_id, member_id in through.values_list("from_agency_id", "to_agency_id"):
            members[collective_id].append(member_id)
    by_agency: dict[int, dict[int, datetime.date | None]] = defaultdict(dict)
    for _, agency_id, kind, task_id, deadline in rows:
        for target in members.get(agency_id, ()) if kind == AgencyKind.COLLECTIVE else (agency_id,):
            by_agency[target][task_id] = deadline
    dues = [
        Due(kind=ReminderKind.ACK_OVERDUE, period=rctx.day_period, agency_id=agency_id, yellow=sorted(tasks))
        for agency_id, tasks in sorted(by_agency.items())
    ]
    return dues, [pk for pk, *_ in rows]


def mark_ack_reminded(assignment_ids: list[int]) -> int:
    return Assignment.objects.filter(pk__in=assignment_ids, ack_reminded_at__isnull=True).update(
        ack_reminded_at=timezone.now()
    )
