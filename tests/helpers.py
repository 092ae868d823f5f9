"""Shared helpers of the workflow tests: a picture of everything a refused write must leave alone."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reporting.models import ProgressReport, ReportAttachment
from tasks.choices import SignoffStatus, TaskStatus
from tasks.models import Review, SignoffRequest, Task, TaskEvent

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def pdf(name: str = "佐证材料.pdf", body: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def db_state() -> dict:
    """Every row the workflow writes, with the columns that matter."""
    return {
        "tasks": list(Task.objects.order_by("pk").values_list("pk", "status", "signed_off_at", "updated_at")),
        "reports": list(ProgressReport.objects.order_by("pk").values_list(
            "pk", "content", "problems", "percent", "version", "status", "updated_at")),
        "attachments": list(ReportAttachment.objects.order_by("pk").values_list("pk", "file")),
        "requests": list(SignoffRequest.objects.order_by("pk").values_list("pk", "status")),
        "reviews": list(Review.objects.order_by("pk").values_list("pk", "decision")),
        "events": list(TaskEvent.objects.order_by("pk").values_list("pk", "kind")),
        "task_history": Task.history.count(),
        "report_history": ProgressReport.history.count(),
    }


def put_in_status(task: Task, status: str, *, by_agency=None, user=None) -> Task:
    """Give a task a status as the workflow would have left it (open request, sign-off time)."""
    task.status = status
    task.signed_off_at = timezone.now() if status == TaskStatus.SIGNED_OFF else None
    task.save()
    if status == TaskStatus.SIGNOFF_REQUESTED:
        lead = by_agency or task.assignments.filter(role="lead").first().agency
        SignoffRequest.objects.create(task=task, agency=lead, requested_by=user, summary="已完成",
                                      status=SignoffStatus.OPEN)
    return task
