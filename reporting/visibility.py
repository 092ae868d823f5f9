"""The one rule for who sees which progress report (and so its attachments), on every surface.

The task page, /api/reports/, /api/tasks/{id}/reports/, the ledger exports (.xlsx/.csv) and
anything else that shows report text filter with `visible_reports_q`; nothing else decides.

- the reporting agency (its liaison and its head) sees its own reports, drafts awaiting the
  head (pending_head) and drafts the head sent back (returned_by_head) included;
- the lead agency sees every agency's reports on the tasks it leads, once they left the head
  (it compiles the co-responsible agencies' parts into its sign-off request);
- the office and leadership see every report that left the head;
- a co-responsible agency sees only its own;
- nobody else sees anything.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from agencies.models import Agency
from agencies.roles import Actor
from tasks.choices import UNSENT_REPORT_STATUSES, AssignmentRole
from tasks.models import Assignment

from .models import ProgressReport, ReportAttachment

NOTHING = Q(pk__in=[])


def _scope(actor: Actor) -> QuerySet:
    """The actor's agency and the active collectives it belongs to, as a subquery (no round trip).

    Same set as agencies.scoping.agency_scope_ids, which the task lists use.
    """
    return Agency.objects.filter(Q(pk=actor.agency_id) | Q(members=actor.agency_id, is_active=True)).values("pk")


def visible_reports_q(actor: Actor, *, prefix: str = "") -> Q:
    """The reports `actor` may see, as a condition on ProgressReport (or on a relation to it via `prefix`,
    e.g. "report__" for attachments)."""
    left_the_head = ~Q(**{f"{prefix}status__in": UNSENT_REPORT_STATUSES})
    if actor.sees_everything:
        return left_the_head
    if not actor.acts_for_agency:
        return NOTHING
    scope = _scope(actor)
    leads = Assignment.objects.filter(task=OuterRef(f"{prefix}task_id"), agency_id__in=scope, role=AssignmentRole.LEAD)
    return Q(**{f"{prefix}agency_id__in": scope}) | (left_the_head & Exists(leads))


def visible_reports(actor: Actor) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(visible_reports_q(actor))


def visible_attachments(actor: Actor) -> QuerySet[ReportAttachment]:
    return ReportAttachment.objects.filter(visible_reports_q(actor, prefix="report__"))


def report_visible_to(actor: Actor, report: ProgressReport) -> bool:
    """For one report in hand (a notification about it, say): the same rule, one query."""
    return visible_reports(actor).filter(pk=report.pk).exists()
