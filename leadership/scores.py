"""考核 scores: points per agency per month, computed from recorded facts whenever asked (nothing stored).

Each fact is one row of the timeline or of the reports, worth the points of the office's
ScoringScheme (leadership.models):
- 按时完成: a task the agency leads signed off in the month (SIGNED_OFF event) no later than its
  deadline (Beijing day; a task without a deadline cannot be late); a late one is listed at 0 points;
- 按时报送: the agency's report for the month, sent to the office by the month's due day; late: 0;
- 及时签收: the agency's ACKNOWLEDGED event in the month within `ack_days` of the task's creation;
- 被催办, 进展被退回, 销号被退回: URGED, REPORT_RETURNED, RETURNED events in the month, deducted from
  the agency named on the event, or from the task's lead agencies when the event names none.
Every source is one grouped query for the league table and one query for an agency's lines, so the
page costs the same dozen queries at any size.
"""

import datetime
import re
from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Value

from agencies.choices import AgencyKind
from agencies.models import Agency
from agencies.roles import Actor
from agencies.scoping import agency_scope_ids
from fangguanfu.domain_errors import InvalidInput
from reporting.models import ProgressReport
from tasks.choices import AssignmentRole, EventKind, ReportStatus
from tasks.models import Assignment, TaskEvent

from .changes import start_of
from .models import ScoringScheme

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)


class FuturePeriod(InvalidInput):
    """A month that has not begun: no fact of it is recorded, so it has no scores (the API's 404)."""


def parse_period(value: str | None, today: datetime.date) -> datetime.date:
    """'YYYY-MM' → the month's first day; this month when absent; InvalidInput (Chinese) when malformed."""
    if value in (None, ""):
        return today.replace(day=1)
    match = _PERIOD.match(str(value).strip())
    if not match or not 2000 <= int(match[1]) <= 2100 or not 1 <= int(match[2]) <= 12:
        raise InvalidInput("考核月份格式有误，请按“年-月”填写，如 2021-09。")
    period = datetime.date(int(match[1]), int(match[2]), 1)
    if period > today.replace(day=1):
        raise FuturePeriod("该月份尚未开始，还没有得分。")
    return period


def next_month(period: datetime.date) -> datetime.date:
    return (period + datetime.timedelta(days=32)).replace(day=1)


@dataclass(frozen=True)
class Source:
    key: str
    label: str  # the fact, as a line says it
    late_label: str  # the same fact when it earns nothing (late); "" for deductions
    points: int  # signed: deductions are negative
    rows: QuerySet  # annotated agency_ref, task_ref, at, ok


def _ok(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


def _events(kind: str, start, end) -> QuerySet:
    return TaskEvent.objects.filter(kind=kind, created_at__gte=start, created_at__lt=end)


def _on_event_agency(kind, start, end) -> QuerySet:
    return _events(kind, start, end).filter(agency_id__isnull=False).annotate(
        agency_ref=F("agency_id"), task_ref=F("task_id"), at=F("created_at"), ok=Value(True))


def _on_leads(kind, start, end, *, only_without_agency: bool, ok=None) -> QuerySet:
    """Lead assignments × the kind's events on their tasks (one join: filter and values share it)."""
    events = {"task__events__kind": kind, "task__events__created_at__gte": start, "task__events__created_at__lt": end}
    if only_without_agency:
        events["task__events__agency_id__isnull"] = True
    return Assignment.objects.filter(role=AssignmentRole.LEAD, **events).annotate(
        agency_ref=F("agency_id"), task_ref=F("task_id"), at=F("task__events__created_at"),
        ok=ok if ok is not None else Value(True))


def sources(scheme: ScoringScheme, period: datetime.date) -> list[Source]:
    start, end = start_of(period), start_of(next_month(period))
    due = start_of(period.replace(day=scheme.report_due_day) + datetime.timedelta(days=1))
    on_time_done = _ok(Q(task__deadline__isnull=True) | Q(task__events__created_at__date__lte=F("task__deadline")))
    reports = ProgressReport.objects.filter(period=period).exclude(status=ReportStatus.PENDING_HEAD).annotate(
        agency_ref=F("agency_id"), task_ref=F("task_id"), at=F("submitted_at"), ok=_ok(Q(submitted_at__lt=due)))
    acks = _events(EventKind.ACKNOWLEDGED, start, end).filter(agency_id__isnull=False).annotate(
        agency_ref=F("agency_id"), task_ref=F("task_id"), at=F("created_at"),
        ok=_ok(Q(created_at__lte=F("task__created_at") + datetime.timedelta(days=scheme.ack_days))))
    out = [
        Source("completion", "牵头任务按时完成销号", "牵头任务逾期后销号", scheme.on_time_completion,
               _on_leads(EventKind.SIGNED_OFF, start, end, only_without_agency=False, ok=on_time_done)),
        Source("report", "按时报送当月进展", f"当月进展晚于{scheme.report_due_day}日报送", scheme.on_time_report, reports),
        Source("ack", "及时签收", f"签收超过{scheme.ack_days}天", scheme.timely_ack, acks),
    ]
    for key, kind, label, points in (
        ("urged", EventKind.URGED, "被催办", scheme.urge_deduction),
        ("report_returned", EventKind.REPORT_RETURNED, "进展被退回", scheme.returned_report_deduction),
    ):
        out.append(Source(key, label, "", -points, _on_event_agency(kind, start, end)))
        out.append(Source(key, label, "", -points, _on_leads(kind, start, end, only_without_agency=True)))
    out.append(Source("signoff_returned", "销号申请被退回", "", -scheme.returned_signoff_deduction,
                      _on_leads(EventKind.RETURNED, start, end, only_without_agency=False)))
    return out


FACT_KINDS = {"completion": "按时完成", "report": "按时报送", "ack": "及时签收", "urged": "被催办",
              "report_returned": "进展被退回", "signoff_returned": "销号被退回"}


def _scope(actor: Actor) -> list[int] | None:
    """Whose scores the actor sees: everybody's (office, leadership) or the own agency's."""
    return None if actor.sees_everything else agency_scope_ids(actor.agency_id) if actor.acts_for_agency else []


def _agencies(agency_ids: list[int] | None) -> dict[int, dict]:
    qs = Agency.objects.exclude(kind=AgencyKind.COLLECTIVE).filter(
        Exists(Assignment.objects.filter(agency=OuterRef("pk"))))
    if agency_ids is not None:
        qs = qs.filter(id__in=agency_ids)
    return {pk: {"id": pk, "name": short or name, "full_name": name, "score": 0, "facts": {k: 0 for k in FACT_KINDS},
                 "points": {k: 0 for k in FACT_KINDS}, "lines": None}
            for pk, short, name in qs.order_by("id").values_list("id", "short_name", "name")}


def _lines(source: Source, agency_ids: list[int]) -> list[dict]:
    rows = source.rows.filter(agency_ref__in=agency_ids).order_by("at").values(
        "agency_ref", "task_ref", "at", "ok", "task__number", "task__text", "task__document__doc_number")
    return [{"agency_id": r["agency_ref"], "task_id": r["task_ref"], "task_number": r["task__number"],
             "task_text": r["task__text"], "doc_number": r["task__document__doc_number"], "time": r["at"],
             "kind": source.key, "fact": source.label if r["ok"] or not source.late_label else source.late_label,
             "points": source.points if r["ok"] or source.points < 0 else 0} for r in rows]


def agency_scores(*, actor: Actor, period: datetime.date, explain: list[int] | None = None) -> dict:
    """The league table for `period`; `explain`: agency ids whose fact lines to list (None: all shown)."""
    scheme = ScoringScheme.current()
    scope = _scope(actor)
    agencies = _agencies(scope)
    for source in sources(scheme, period):
        grouped = source.rows.filter(agency_ref__in=list(agencies)) if scope is not None else source.rows
        for row in grouped.values("agency_ref").annotate(good=Count("pk", filter=Q(ok=True)), n=Count("pk")).order_by():
            agency = agencies.get(row["agency_ref"])
            if agency is None:  # a collective name or an agency outside the actor's scope
                continue
            earned = source.points * (row["good"] if source.points > 0 else row["n"])
            agency["facts"][source.key] += row["n"]
            agency["points"][source.key] += earned
            agency["score"] += earned
    explained = list(agencies) if explain is None else [pk for pk in explain if pk in agencies]
    lines = [line for source in sources(scheme, period) for line in _lines(source, explained)] if explained else []
    lines.sort(key=lambda line: (line["time"], line["task_id"]))
    for pk in explained:
        agencies[pk]["lines"] = []
    for line in lines:
        agencies[line["agency_id"]]["lines"].append(line)
    table = sorted(agencies.values(), key=lambda a: (-a["score"], a["name"]))
    for rank, agency in enumerate(table, start=1):
        agency["rank"] = rank
    return {"period": period.strftime("%Y-%m"), "fact_kinds": FACT_KINDS, "scheme": _scheme_dict(scheme),
            "agencies": table}


def _scheme_dict(scheme: ScoringScheme) -> dict:
    return {f: getattr(scheme, f) for f in ("on_time_completion", "on_time_report", "report_due_day", "timely_ack",
                                            "ack_days", "urge_deduction", "returned_report_deduction",
                                            "returned_signoff_deduction")}
