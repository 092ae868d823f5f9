"""Permission matrix: role × endpoint × method → one expected HTTP status.

liaison_b belongs to another agency: everything of agency A's task is 404 to it,
never 403, so the API does not even confirm that the task exists.
"""

import datetime

import pytest
from django.utils import timezone

from reminders.models import Notification
from tasks.choices import ReportStatus, TaskStatus
from tasks.models import Review
from tests.api.conftest import token_client
from tests.api.test_import import PLAN
from tests.factories import ReportFactory, task_with

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "office", "leader", "liaison_a", "liaison_b", "head_a")
MONTH = timezone.localdate().strftime("%Y-%m")

# (method, url template, body, expected status per role in ROLES order)
MATRIX = [
    ("get", "/api/tasks/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/tasks/{running}/", None, (401, 200, 200, 200, 404, 200)),
    ("get", "/api/tasks/{running}/reports/", None, (401, 200, 200, 200, 404, 200)),
    ("post", "/api/tasks/{running}/reports/", {"period": MONTH, "content": "进展"}, (401, 403, 403, 201, 404, 201)),
    ("post", "/api/tasks/{running}/signoff-request/", {"summary": "已完成"}, (401, 403, 403, 200, 404, 200)),
    ("post", "/api/tasks/{requested}/signoff/", {}, (401, 200, 403, 403, 404, 403)),
    ("post", "/api/tasks/{requested}/return/", {"reason": "材料不足"}, (401, 200, 403, 403, 404, 403)),
    ("post", "/api/tasks/{signed}/reopen/", {"reason": "新问题"}, (401, 200, 403, 403, 404, 403)),
    ("put", "/api/tasks/{running}/", {}, (401, 405, 403, 405, 405, 405)),
    ("delete", "/api/tasks/{running}/", None, (401, 405, 403, 405, 405, 405)),
    ("get", "/api/reports/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/reports/{report}/", None, (401, 200, 200, 200, 404, 200)),
    ("post", "/api/reports/{pending}/approve/", {}, (401, 404, 403, 403, 404, 200)),
    ("get", "/api/reviews/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/reviews/{review}/", None, (401, 200, 200, 200, 404, 200)),
    ("get", "/api/documents/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/documents/{document}/", None, (401, 200, 200, 200, 404, 200)),
    ("post", "/api/documents/import/preview/", {"text": PLAN}, (401, 200, 403, 403, 403, 403)),
    ("post", "/api/documents/import/confirm/", {"text": "x"}, (401, 400, 403, 403, 403, 403)),
    ("get", "/api/agencies/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/agencies/{agency}/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/notifications/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/notifications/{notice}/", None, (401, 404, 404, 200, 404, 404)),
    ("post", "/api/notifications/{notice}/read/", {}, (401, 404, 404, 200, 404, 404)),
    ("post", "/api/notifications/read-all/", {}, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/dashboard/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/changes/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/scores/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/briefing.docx", None, (401, 200, 200, 403, 403, 403)),
    ("post", "/api/changes/", {}, (401, 405, 403, 405, 405, 405)),
    ("get", "/api/schema/", None, (200, 200, 200, 200, 200, 200)),
]

CASES = [
    pytest.param(method, url, body, role, expected[index], id=f"{role}-{method}-{url}")
    for method, url, body, expected in MATRIX
    for index, role in enumerate(ROLES)
]


@pytest.fixture
def world(office_user, leader_user, liaison_a, liaison_b, head_a, agency_a):
    running = task_with(lead=[agency_a], status=TaskStatus.IN_PROGRESS)
    requested = task_with(lead=[agency_a], status=TaskStatus.SIGNOFF_REQUESTED)
    signed = task_with(lead=[agency_a], status=TaskStatus.SIGNED_OFF, signed_off_at=timezone.now())
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    report = ReportFactory(task=running, agency=agency_a, period=last_month)
    pending = ReportFactory(task=requested, agency=agency_a, period=last_month, status=ReportStatus.PENDING_HEAD)
    review = Review.objects.create(task=signed, decision="sign_off", reviewer=office_user)
    notice = Notification.objects.create(recipient=liaison_a, title="临期提醒")
    users = {"anonymous": None, "office": office_user, "leader": leader_user, "liaison_a": liaison_a,
             "liaison_b": liaison_b, "head_a": head_a}
    ids = {"running": running.pk, "requested": requested.pk, "signed": signed.pk, "report": report.pk,
           "pending": pending.pk, "review": review.pk, "document": running.document_id, "agency": agency_a.pk,
           "notice": notice.pk}
    return users, ids


@pytest.mark.parametrize(("method", "url", "body", "role", "expected"), CASES)
def test_permission_matrix(world, method, url, body, role, expected):
    users, ids = world
    client = token_client(users[role])
    call = getattr(client, method)
    response = call(url.format(**ids), body, format="json") if body is not None else call(url.format(**ids))
    assert response.status_code == expected, response.content.decode()[:300]
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]
