"""The API's write bodies cannot set what the server decides: agency, author, status, version, task."""

import pytest
from rest_framework.test import APIClient

from reporting.models import ProgressReport
from tasks.choices import ReportStatus, TaskStatus
from tests.factories import task_with
from tests.helpers import this_month

pytestmark = pytest.mark.django_db


def test_report_post_ignores_forged_server_fields(agency_a, agency_b, liaison_a, liaison_b, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = task_with(lead=[agency_a], status=TaskStatus.IN_PROGRESS)
    other = task_with(lead=[agency_b])
    client = APIClient()
    client.force_authenticate(liaison_a)
    response = client.post(f"/api/tasks/{task.pk}/reports/", {
        "period": this_month().strftime("%Y-%m"), "content": "进展",
        "agency": agency_b.pk, "agency_id": agency_b.pk, "author": liaison_b.pk, "status": ReportStatus.ACCEPTED,
        "version": 99, "task": other.pk, "task_id": other.pk, "id": 12345,
    }, format="json")
    assert response.status_code == 201, response.content
    report = ProgressReport.objects.get()
    assert (report.task_id, report.agency_id, report.author_id) == (task.pk, agency_a.pk, liaison_a.pk)
    assert (report.status, report.version) == (ReportStatus.SUBMITTED, 1)
    assert report.pk != 12345


def test_signoff_post_cannot_choose_the_outcome(agency_a, liaison_a):
    task = task_with(lead=[agency_a], status=TaskStatus.IN_PROGRESS)
    client = APIClient()
    client.force_authenticate(liaison_a)
    response = client.post(f"/api/tasks/{task.pk}/signoff-request/",
                           {"summary": "已完成", "status": TaskStatus.SIGNED_OFF, "decision": "sign_off"}, format="json")
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.status == TaskStatus.SIGNOFF_REQUESTED
