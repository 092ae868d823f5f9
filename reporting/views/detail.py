"""The task page: full text, agencies, reports, sign-off requests, reviews and the timeline."""

from django.shortcuts import render

from tasks.choices import AssignmentRole, ReportStatus, TaskStatus, can_transition
from tasks.deadlines import deadline_rule_words
from tasks.page_parts import second_tier_context
from tasks.schedule_warnings import schedule_words
from tasks.selectors import actor_role_on_task
from tasks.services import REPORT_LOCKED_STATUSES
from tasks.views.common import role_required, visible_task_or_404

from ..forms import ReopenForm, ReviewForm
from ..periods import period_agencies, task_period_rows
from ..task_page import task_reports, task_reviews, task_signoff_requests
from ..timeline import task_timeline


@role_required
def task_detail_view(request, pk: int):
    actor = request.actor
    task = visible_task_or_404(request, pk)
    role = actor_role_on_task(actor, task)
    reports = list(task_reports(actor=actor, task=task))
    assignments = list(task.assignments.all())
    ctx = request.warning_ctx
    return render(request, "tasks/detail.html", {
        "deadline_rule": deadline_rule_words(task),
        "schedule_words": schedule_words(task.progress_percent, getattr(task, "sched_used", None),
                                         getattr(task, "sched_span", None)),
        "period_rows": task_period_rows(task, period_agencies(assignments), today=ctx.today,
                                        due_day=ctx.report_due_day),
        "task": task,
        "my_role": role,
        "leads": [a for a in assignments if a.role == AssignmentRole.LEAD],
        "cos": [a for a in assignments if a.role == AssignmentRole.CO],
        "reports": reports,
        "signoff_requests": list(task_signoff_requests(task)),
        "reviews": list(task_reviews(task)),
        # A co-responsible agency sees only its own reports, in the timeline too.
        "timeline": task_timeline(task, report_agency_ids=[actor.agency_id] if role == AssignmentRole.CO else None),
        "can_report": role is not None and task.status not in REPORT_LOCKED_STATUSES,
        "can_request_signoff": role == AssignmentRole.LEAD
        and can_transition(task.status, TaskStatus.SIGNOFF_REQUESTED),
        "can_review": actor.is_office and task.status == TaskStatus.SIGNOFF_REQUESTED,
        "can_reopen": actor.is_office and task.status == TaskStatus.SIGNED_OFF,
        "approvable": {r.pk for r in reports if actor.is_head and r.agency_id == actor.agency_id
                       and r.status == ReportStatus.PENDING_HEAD},
        "own_agency_id": actor.agency_id if actor.acts_for_agency else None,
        "review_form": ReviewForm(),
        "reopen_form": ReopenForm(),
        **second_tier_context(actor, task, role),
    })
