"""报送质量 (office): this month's reports with quality flags, filtered by flag; each links to its task."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from tasks.choices import ReportStatus
from tasks.views.common import forbidden, role_required

from ..forms import MonthField
from ..models import ProgressReport
from ..quality import FLAGS, flag_q, flags_of, with_quality_flags

PAGE_SIZE = 50


@role_required
def report_quality_view(request):
    if not request.actor.is_office:
        return forbidden(request, "只有督查室可以查看报送质量。")
    error = ""
    try:
        period = MonthField().to_python(request.GET.get("period")) or timezone.localdate().replace(day=1)
    except ValidationError as exc:
        period, error = timezone.localdate().replace(day=1), exc.messages[0]
    flag = request.GET.get("flag") if request.GET.get("flag") in FLAGS else None
    reports = (with_quality_flags(ProgressReport.objects.filter(period=period)
                                  .exclude(status=ReportStatus.PENDING_HEAD))
               .filter(flag_q(flag)).select_related("task__document", "agency").order_by("agency__name", "task_id"))
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    for report in page:
        report.flags = flags_of(report)
    return render(request, "tasks/report_quality.html", {
        "page": page, "flags": FLAGS, "flag": flag, "period": period, "error": error,
    }, status=400 if error else 200)
