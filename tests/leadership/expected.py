"""Dashboard figures recomputed in plain Python over the rows the test created.

Deliberately independent of tasks/dashboards.py and tasks/warnings.py: it reads
each task with its assignments and reports and applies the rules as the
office states them.
"""

import datetime
from collections import Counter, defaultdict

from django.utils import timezone

from tasks.models import Task
from workdays.calendar import add_working_days

FIELDS = ("total", "signed_off", "overdue", "orange", "yellow", "due", "on_time", "upcoming")


def task_flags(task, today, agency_ids):
    month = today.replace(day=1)
    done = task.status == "signed_off"
    overdue = not done and task.deadline is not None and task.deadline < today
    # A draft still waiting for its agency head (or sent back by it) has not been reported.
    reported = any(r.period == month and r.status not in ("pending_head", "returned_by_head")
                   and (agency_ids is None or r.agency_id in agency_ids) for r in task.reports.all())
    # "Due within 7 days" counts working days (the workdays calendar, tested on its own).
    due_soon = task.deadline is not None and today <= task.deadline <= add_working_days(today, 7)
    in_window = today.day >= 20
    # 橙牌 (office defaults): due within 10 working days with a reported progress under 80 %.
    orange = (not done and not overdue and task.progress_percent is not None and task.progress_percent < 80
              and task.deadline <= add_working_days(today, 10))
    return {
        "total": 1,
        "signed_off": int(done),
        "overdue": int(overdue),
        "orange": int(orange),
        "yellow": int(not done and not overdue and not orange and (due_soon or (in_window and not reported))),
        "due": int(task.deadline is not None and (done or task.deadline < today)),
        "on_time": int(done and task.deadline is not None and timezone.localtime(task.signed_off_at).date() <= task.deadline),
        "upcoming": int(not done and task.deadline is not None
                        and today <= task.deadline <= today + datetime.timedelta(days=30)),
    }


def _add(into, flags):
    for key in FIELDS:
        into[key] += flags[key]


def expected_summary(today, agency_ids=None, year=None, document_id=None, agency_id=None):
    tasks = Task.objects.prefetch_related("assignments", "reports").select_related("document")
    totals = Counter()
    statuses = Counter()
    by_document = defaultdict(Counter)
    by_section = defaultdict(Counter)
    league = defaultdict(Counter)
    trend = Counter()
    overdue, upcoming = [], []
    for task in tasks:
        assigned = {a.agency_id for a in task.assignments.all()}
        if agency_ids is not None and not assigned & set(agency_ids):
            continue
        if year and task.document.year != year or document_id and task.document_id != document_id:
            continue
        if agency_id and agency_id not in assigned:
            continue
        flags = task_flags(task, today, agency_ids)
        _add(totals, flags)
        statuses[task.status] += 1
        _add(by_document[task.document_id], flags)
        _add(by_section[task.section_id], flags)
        for a in task.assignments.all():
            if a.role == "lead" and (agency_ids is None or a.agency_id in agency_ids) \
                    and (not agency_id or a.agency_id == agency_id):
                _add(league[a.agency_id], flags)
        if task.status == "signed_off":
            trend[timezone.localtime(task.signed_off_at).strftime("%Y-%m")] += 1
        if flags["overdue"]:
            overdue.append(task)
        if flags["upcoming"]:
            upcoming.append(task)
    return {
        "totals": dict(totals), "statuses": dict(statuses),
        "by_document": {k: dict(v) for k, v in by_document.items()},
        "by_section": {k: dict(v) for k, v in by_section.items()},
        "league": {k: dict(v) for k, v in league.items()},
        "trend": dict(trend),
        "overdue": sorted(overdue, key=lambda t: (t.deadline, t.pk)),
        "upcoming": sorted(upcoming, key=lambda t: (t.deadline, t.pk)),
    }


def pick(row):
    return {key: row[key] for key in FIELDS}
