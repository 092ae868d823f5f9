"""报送负担: how many reports an agency owes this month across all documents, and the office's view per agency."""

from django.shortcuts import render
from django.utils import timezone

from agencies.scoping import agency_scope_ids
from tasks.views.common import role_required

from ..load import load_by_agency, load_total, owed_assignments

ROWS = 500


@role_required
def reporting_load_view(request):
    actor = request.actor
    period = timezone.localdate().replace(day=1)
    context = {"period": period}
    if actor.sees_everything:
        rows = load_by_agency(period)
        context.update(by_agency=rows, total={k: sum(r[k] for r in rows) for k in ("owed", "reported", "missing")})
    else:
        agency_ids = agency_scope_ids(actor.agency_id)
        owed = (owed_assignments(period, agency_ids).select_related("task__document", "agency")
                .order_by("reported", "task__deadline", "task_id"))
        context.update(total=load_total(period, agency_ids), owed=owed[:ROWS])
    return render(request, "tasks/reporting_load.html", context)
