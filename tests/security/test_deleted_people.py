"""Pages keep working when the person behind a row is gone.

Every user foreign key is SET NULL: staff leave and their accounts are
deleted, and the office adds reports in the admin without an author. A page
that printed `author.username` through a `default:` argument raised
VariableDoesNotExist (500) for everyone viewing that task.
"""

import pytest
from django.test import Client
from django.urls import reverse

from reporting import services as report_services
from reporting.models import ProgressReport
from tasks import services
from tasks.choices import TaskStatus
from tasks.models import Review, SignoffRequest
from tests.factories import UserFactory, task_with
from tests.helpers import this_month

pytestmark = pytest.mark.django_db


def _get(user, url, data=None):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client.post(url, data) if data is not None else client.get(url)


@pytest.fixture
def orphaned_task(agency_a, liaison_a, office_user):
    leaver = UserFactory(role="liaison", agency=agency_a)
    task = task_with(lead=[agency_a])
    report_services.report_submit(user=leaver, task=task, period=this_month(), content="离职同事的进展")
    services.signoff_request(user=leaver, task=task, summary="离职同事的销号申请")
    reviewer = UserFactory(role="office")
    services.task_return(user=reviewer, task=task, reason="请补充材料")
    services.signoff_request(user=leaver, task=task, summary="再次申请")
    leaver.delete()
    reviewer.delete()
    assert ProgressReport.objects.get(task=task).author is None
    assert Review.objects.get(task=task).reviewer is None
    assert SignoffRequest.objects.filter(task=task, requested_by__isnull=True).count() == 2
    return task


def test_task_page_and_review_queue_survive_deleted_users(orphaned_task, liaison_a, office_user):
    for user in (liaison_a, office_user):
        response = _get(user, reverse("tasks:detail", args=[orphaned_task.pk]))
        assert response.status_code == 200
        assert "离职同事的进展" in response.content.decode()
    response = _get(office_user, reverse("tasks:review_queue"))
    assert response.status_code == 200
    assert "请补充材料" in response.content.decode() or orphaned_task.number in response.content.decode()


def test_edit_conflict_page_survives_a_report_without_author(agency_a, liaison_a):
    task = task_with(lead=[agency_a], status=TaskStatus.IN_PROGRESS)
    # Entered by the office in the admin: no author.
    ProgressReport.objects.create(task=task, agency=agency_a, period=this_month(), content="后台录入", version=2)
    response = _get(liaison_a, reverse("tasks:report", args=[task.pk]),
                    {"period": this_month().strftime("%Y-%m"), "content": "我的修改", "version": "1"})
    assert response.status_code == 409
    assert "后台录入" in response.content.decode()
