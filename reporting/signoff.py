"""申请销号 with evidence: the files are checked and saved here, the request itself by tasks.services.

tasks.services.signoff_request decides (the lead only, the status table, the office's evidence rules);
this room owns attachments, so it saves the request's files in the same transaction.
"""

from django.db import transaction

from fangguanfu.domain_errors import InvalidInput
from tasks import services as task_services
from tasks.models import SignoffRequest, Task

from .models import SignoffAttachment
from .uploads import AttachmentRejected, check_uploads


def signoff_request_with_evidence(*, user, task: Task, summary: str, attachments=()) -> SignoffRequest:
    try:
        checked = check_uploads(attachments)
    except AttachmentRejected as exc:
        raise InvalidInput(exc.message) from exc
    with transaction.atomic():
        request = task_services.signoff_request(user=user, task=task, summary=summary, new_attachments=len(checked))
        SignoffAttachment.save_checked(checked, user, request=request)
    return request
