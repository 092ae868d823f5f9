"""督查室待办 (/tasks/declined/): parts declined by their agency, waiting to be reassigned or insisted on,
and extension requests waiting for a decision. Oldest first; a constant number of queries."""

from django.shortcuts import render

from ..choices import AssignmentState, ExtensionStatus
from ..forms import active_agencies
from ..models import Assignment, ExtensionRequest
from .common import forbidden, role_required


@role_required
def declined_queue_view(request):
    if not request.actor.is_office:
        return forbidden(request, "只有督查室可以处理拒收和延期申请。")
    declined = (Assignment.objects.filter(state=AssignmentState.DECLINED)
                .select_related("task__document", "agency", "declined_by").order_by("declined_at", "id"))
    extensions = (ExtensionRequest.objects.filter(status=ExtensionStatus.OPEN)
                  .select_related("task__document", "agency", "requested_by").order_by("requested_at", "id"))
    return render(request, "tasks/declined_queue.html", {
        "declined": list(declined), "extensions": list(extensions),
        # Read once: a form field's choices would query again for every declined part on the page.
        "agency_choices": list(active_agencies().values_list("pk", "name")),
    })
