"""Reporting load (报送负担): which (task, agency) pairs owe a progress report for a month.

One definition shared by the agencies' own load, the office's load per agency and the 调度 pack's
"reports missing": every open task (not signed off) owes one report per month from each lead
agency, and from each co-agency when the office reminds co-agencies too (as the reminders do).
Collective names (省直相关部门…) cannot report themselves, so they owe nothing.
"""

import datetime

from django.db.models import Count, Exists, Min, OuterRef, QuerySet

from agencies.choices import AgencyKind
from tasks.choices import AssignmentRole, TaskStatus
from tasks.models import Assignment
from tasks.warnings import office_settings

from .models import ProgressReport


def _owed(period: datetime.date, agency_ids: list[int] | None) -> QuerySet[Assignment]:
    roles = [AssignmentRole.LEAD]
    if office_settings().remind_co_agencies:
        roles.append(AssignmentRole.CO)
    qs = Assignment.objects.filter(role__in=roles).exclude(task__status=TaskStatus.SIGNED_OFF)
    qs = qs.exclude(agency__kind=AgencyKind.COLLECTIVE)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return qs.order_by()


def _reported(period: datetime.date, agency_ids: list[int] | None) -> Exists:
    reports = ProgressReport.objects.filter(task=OuterRef("task_id"), agency=OuterRef("agency_id"), period=period)
    # PostgreSQL hashes the month's reports once for the EXISTS: an agency's own, not the whole province's 40,000.
    if agency_ids is not None:
        reports = reports.filter(agency_id__in=agency_ids)
    return Exists(reports)


def owed_assignments(period: datetime.date, agency_ids: list[int] | None = None) -> QuerySet[Assignment]:
    """Assignments that owe a report for `period` (a month's first day), annotated `reported`."""
    return _owed(period, agency_ids).annotate(reported=_reported(period, agency_ids))


def _reported_by_agency(period: datetime.date, agency_ids: list[int] | None) -> dict[int, int]:
    """Reports of the month that settle an owed assignment, per agency: the month's reports (a few tens of
    thousands) semi-joined to the owed assignments, instead of an EXISTS probe per assignment (300,000)."""
    owed = _owed(period, agency_ids).filter(task_id=OuterRef("task_id"), agency_id=OuterRef("agency_id"))
    reports = ProgressReport.objects.filter(period=period).filter(Exists(owed))
    if agency_ids is not None:
        reports = reports.filter(agency_id__in=agency_ids)
    return dict(reports.values("agency_id").annotate(n=Count("id")).order_by().values_list("agency_id", "n"))


def load_by_agency(period: datetime.date, agency_ids: list[int] | None = None) -> list[dict]:
    """Per agency: owed, reported, missing reports for the month (two grouped queries), most missing first."""
    rows = _owed(period, agency_ids).values("agency_id").annotate(
        owed=Count("id"), name=Min("agency__name"), short_name=Min("agency__short_name"))
    reported = _reported_by_agency(period, agency_ids)
    out = []
    for r in rows:
        done = reported.get(r["agency_id"], 0)
        out.append({"agency_id": r["agency_id"], "name": r["short_name"] or r["name"], "owed": r["owed"],
                    "reported": done, "missing": r["owed"] - done})
    return sorted(out, key=lambda r: (-r["missing"], -r["owed"], r["name"]))


def load_total(period: datetime.date, agency_ids: list[int] | None) -> dict:
    """The load of the given agencies added up: owed, reported, missing."""
    owed = _owed(period, agency_ids).count()
    reported = sum(_reported_by_agency(period, agency_ids).values())
    return {"owed": owed, "reported": reported, "missing": owed - reported}
