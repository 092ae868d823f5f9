"""Permission matrix of the pages: role × URL × method → one expected status, from agency B's side too.

Every object belongs to agency A. A refused request (login redirect, 403,
404, 405) must leave the database as it was; an allowed write must change
it. The API has its own matrix (tests/api/test_permissions.py); the task
pages' refusals are spelled out in tests/workflow/test_permissions.py. This
one covers every page URL once, the dashboard, exports, imports, document
page, inbox and admin included.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from documents.models import Document
from reminders.models import Notification
from reporting import services as report_services
from reporting.models import SignoffAttachment
from reporting.uploads import check_uploads
from tasks.choices import ReportStatus, TaskStatus
from tests.factories import ReportFactory, task_with
from tests.helpers import db_state, pdf, put_in_status, this_month

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "norole", "liaison_a", "liaison_b", "head_a", "leader", "office")
LOGIN = "login"  # a redirect to the login page
OK, DONE = 200, 302  # DONE: an allowed write, answered with a redirect
MONTH = timezone.localdate().strftime("%Y-%m")

# (method, url, body, expected per role in ROLES order)
MATRIX = [
    ("get", "/tasks/", None, (LOGIN, 403, OK, OK, OK, OK, OK)),
    ("get", "/tasks/review/", None, (LOGIN, 403, 403, 403, 403, 403, OK)),
    ("get", "/tasks/{running}/", None, (LOGIN, 403, OK, 404, OK, OK, OK)),
    ("get", "/tasks/{running}/report/", None, (LOGIN, 403, OK, 404, OK, 403, 403)),
    ("post", "/tasks/{running}/report/", {"period": MONTH, "content": "新进展"}, (LOGIN, 403, DONE, 404, DONE, 403, 403)),
    ("get", "/tasks/{running}/attachments/{attachment}/", None, (LOGIN, 403, OK, 404, OK, OK, OK)),
    # A report awaiting its head is not the office's to see yet (404), as in the API.
    ("post", "/tasks/{running}/reports/{pending}/approve/", {}, (LOGIN, 403, 403, 404, DONE, 403, 404)),
    ("get", "/tasks/{running}/reports/{pending}/approve/", None, (405, 405, 405, 405, 405, 405, 405)),
    # The head's 待审核 list and its decisions: agency A's head only (another agency's report is a 404 for a head).
    ("get", "/tasks/head-review/", None, (LOGIN, 403, 403, 403, OK, 403, 403)),
    ("post", "/tasks/head-review/{pending}/", {"decision": "approve"}, (LOGIN, 403, 403, 403, DONE, 403, 403)),
    ("post", "/tasks/head-review/{pending}/", {"decision": "return", "reason": "请补充"},
     (LOGIN, 403, 403, 403, DONE, 403, 403)),
    ("get", "/tasks/head-review/{pending}/", None, (405, 405, 405, 405, 405, 405, 405)),
    ("get", "/tasks/{requested}/signoff-attachments/{signoff_attachment}/", None, (LOGIN, 403, OK, 404, OK, OK, OK)),
    ("get", "/tasks/{running}/signoff/", None, (LOGIN, 403, OK, 404, OK, 403, 403)),
    ("post", "/tasks/{running}/signoff/", {"summary": "已完成"}, (LOGIN, 403, DONE, 404, DONE, 403, 403)),
    ("post", "/tasks/{requested}/review/", {"decision": "sign_off"}, (LOGIN, 403, 403, 404, 403, 403, DONE)),
    ("post", "/tasks/{requested}/review/", {"decision": "return", "reason": "材料不足"},
     (LOGIN, 403, 403, 404, 403, 403, DONE)),
    ("get", "/tasks/{requested}/review/", None, (405, 405, 405, 405, 405, 405, 405)),
    ("post", "/tasks/{signed}/reopen/", {"reason": "新问题"}, (LOGIN, 403, 403, 404, 403, 403, DONE)),
    ("get", "/dashboard/", None, (LOGIN, 403, OK, OK, OK, OK, OK)),
    ("get", "/dashboard/export.csv", None, (LOGIN, 403, OK, OK, OK, OK, OK)),
    ("get", "/dashboard/export.xlsx", None, (LOGIN, 403, OK, OK, OK, OK, OK)),
    # The 调度 pack (issue 18): agencies see their own changes and scores; only the office records a meeting.
    ("get", "/dashboard/changes/", None, (LOGIN, 403, OK, OK, OK, OK, OK)),
    ("get", "/dashboard/changes.xlsx", None, (LOGIN, 403, OK, OK, OK, OK, OK)),
    ("get", "/dashboard/scores/", None, (LOGIN, 403, OK, OK, OK, OK, OK)),
    ("get", "/dashboard/scores.xlsx", None, (LOGIN, 403, OK, OK, OK, OK, OK)),
    ("post", "/dashboard/meetings/", {"date": "2021-09-25", "title": "调度会"}, (LOGIN, 403, 403, 403, 403, 403, DONE)),
    ("get", "/tasks/load/", None, (LOGIN, 403, OK, OK, OK, OK, OK)),
    ("get", "/tasks/reports/quality/", None, (LOGIN, 403, 403, 403, 403, 403, OK)),
    ("post", "/tasks/{running}/report/no-progress/", {"period": MONTH}, (LOGIN, 403, DONE, 404, DONE, 403, 403)),
    ("get", "/dashboard/ledger/import/", None, (LOGIN, 403, 403, 403, 403, 403, OK)),
    ("post", "/dashboard/ledger/import/", {}, (LOGIN, 403, 403, 403, 403, 403, OK)),  # office: form error
    ("get", "/dashboard/ledger/template.xlsx", None, (LOGIN, 403, 403, 403, 403, 403, OK)),
    ("get", "/dashboard/ledger/import/forged-token/", None, (LOGIN, 403, 403, 403, 403, 403, DONE)),
    ("get", "/documents/import/", None, (LOGIN, 403, 403, 403, 403, 403, OK)),
    ("post", "/documents/import/", {"text": ""}, (LOGIN, 403, 403, 403, 403, 403, OK)),  # office: form error
    ("post", "/documents/import/forged-token/", {}, (LOGIN, 403, 403, 403, 403, 403, DONE)),  # office: expired
    ("get", "/documents/{document}/", None, (LOGIN, 403, OK, 404, OK, OK, OK)),
    ("get", "/inbox/", None, (LOGIN, OK, OK, OK, OK, OK, OK)),
    ("post", "/inbox/{notice}/read/", {}, (LOGIN, 404, DONE, 404, 404, 404, 404)),
    ("get", "/inbox/{notice}/read/", None, (LOGIN, 405, 405, 405, 405, 405, 405)),
    ("post", "/inbox/run-reminders/", {}, (LOGIN, 403, 403, 403, 403, 403, None)),  # office: needs a broker
    ("get", "/admin/", None, ("admin", "admin", "admin", "admin", "admin", "admin", OK)),
    ("get", "/admin/reporting/progressreport/", None, ("admin", "admin", "admin", "admin", "admin", "admin", OK)),
]

CASES = [
    pytest.param(method, url, body, role, expected[index], id=f"{role}-{method}-{url}")
    for method, url, body, expected in MATRIX
    for index, role in enumerate(ROLES)
    if expected[index] is not None
]


@pytest.fixture(autouse=True)
def _fast_passwords_and_private_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(agency_a, agency_b, liaison_a, liaison_b, head_a, leader_user, office_user, django_user_model):
    running = task_with(lead=[agency_a], status=TaskStatus.IN_PROGRESS)
    last_month = (this_month() - datetime.timedelta(days=1)).replace(day=1)
    report = report_services.report_submit(user=liaison_a, task=running, period=last_month, content="上月进展",
                                    attachments=[pdf()])
    pending = ReportFactory(task=running, agency=agency_a, period=last_month.replace(year=last_month.year - 1),
                            status=ReportStatus.PENDING_HEAD)
    requested = put_in_status(task_with(lead=[agency_a]), TaskStatus.SIGNOFF_REQUESTED)
    SignoffAttachment.save_checked(check_uploads([pdf()]), liaison_a, request=requested.signoff_requests.get())
    signed = put_in_status(task_with(lead=[agency_a]), TaskStatus.SIGNED_OFF)
    task_with(lead=[agency_b])  # agency B has a task of its own, so its lists are not empty
    notice = Notification.objects.create(recipient=liaison_a, title="临期提醒", url="/tasks/")
    users = {"anonymous": None, "norole": django_user_model.objects.create_user("norole", password="x"),
             "liaison_a": liaison_a, "liaison_b": liaison_b, "head_a": head_a, "leader": leader_user,
             "office": office_user}
    ids = {"running": running.pk, "requested": requested.pk, "signed": signed.pk, "pending": pending.pk,
           "attachment": report.attachments.get().pk, "document": running.document_id, "notice": notice.pk,
           "signoff_attachment": SignoffAttachment.objects.get().pk}
    return users, ids


def _state() -> dict:
    return {**db_state(), "documents": Document.objects.count(),
            "read": list(Notification.objects.order_by("pk").values_list("pk", "read_at"))}


@pytest.mark.parametrize(("method", "url", "body", "role", "expected"), CASES)
def test_page_permission_matrix(world, method, url, body, role, expected):
    users, ids = world
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    before = _state()
    call = getattr(client, method)
    response = call(url.format(**ids), body) if body is not None else call(url.format(**ids))
    if expected in (LOGIN, "admin"):
        assert response.status_code == 302, response.status_code
        login = "/accounts/login/" if expected == LOGIN else "/admin/login/"
        assert response["Location"].startswith(login), response["Location"]
    else:
        assert response.status_code == expected, (response.status_code, response.content.decode()[:300])
    if response.status_code in (403, 404):
        assert "text/html" in response["Content-Type"]
    refused = expected in (LOGIN, "admin", 403, 404, 405)
    if refused or method == "get" or expected == OK:  # an OK answer to a POST is the form with its errors
        assert _state() == before, "a refused request, or a GET, changed the database"
    elif expected == DONE and not url.startswith(("/dashboard/", "/documents/")):
        assert _state() != before, "an allowed write changed nothing"


def test_a_user_of_agency_b_sees_none_of_agency_a_in_lists_and_exports(world):
    users, ids = world
    client = Client()
    client.force_login(users["liaison_b"])
    for url in ("/tasks/", "/dashboard/", "/dashboard/export.csv", "/inbox/"):
        body = b"".join(client.get(url)) if url.endswith(".csv") else client.get(url).content
        assert f"/tasks/{ids['running']}/".encode() not in body, url
        assert "上月进展".encode() not in body, url
