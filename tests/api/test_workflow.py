"""Writes over the API: reports and the sign-off cycle, all through tasks.services."""

import datetime

import pytest
from django.utils import timezone

from reporting.models import ProgressReport
from tasks.choices import ReportStatus, TaskStatus
from tasks.models import OfficeSettings, Review, TaskEvent
from tests.factories import ReportFactory, task_with

pytestmark = pytest.mark.django_db


def this_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


def post(client, url, data=None):
    return client.post(url, data or {}, format="json")


def test_liaison_posts_a_report_and_lists_it(as_liaison_a, liaison_a, agency_a):
    task = task_with(lead=[agency_a])
    response = post(as_liaison_a, f"/api/tasks/{task.pk}/reports/", {
        "period": this_month(), "content": "已完成方案制定。", "problems": "经费不足", "next_steps": "推进试点",
        "percent": 40,
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["period"] == this_month() and body["percent"] == 40 and body["version"] == 1
    assert body["agency"]["id"] == agency_a.pk and body["task"]["id"] == task.pk
    assert body["author_name"] == liaison_a.username
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    assert TaskEvent.objects.filter(task=task, kind="report_submitted").count() == 1
    listed = as_liaison_a.get(f"/api/tasks/{task.pk}/reports/").json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]


def test_second_report_for_the_month_needs_the_version_and_conflicts_otherwise(as_liaison_a, agency_a):
    task = task_with(lead=[agency_a])
    url = f"/api/tasks/{task.pk}/reports/"
    first = post(as_liaison_a, url, {"period": this_month(), "content": "第一版"}).json()
    again = post(as_liaison_a, url, {"period": this_month(), "content": "第二版"})
    assert again.status_code == 409 and again.json()["code"] == "edit_conflict"
    updated = post(as_liaison_a, url, {"period": this_month(), "content": "第二版", "expected_version": 1})
    assert updated.status_code == 201 and updated.json()["version"] == 2
    stale = post(as_liaison_a, url, {"period": this_month(), "content": "第三版", "expected_version": 1})
    assert stale.status_code == 409
    assert ProgressReport.objects.get(pk=first["id"]).content == "第二版"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"period": "2021/05", "content": "x"}, "period"),
        ({"period": "2021-13", "content": "x"}, "period"),
        ({"content": "x"}, "period"),
        ({"period": "2021-05"}, "content"),
        ({"period": "2021-05", "content": "x", "percent": 101}, "percent"),
        ({"period": "2021-05", "content": "x", "percent": "half"}, "percent"),
    ],
)
def test_report_input_errors_name_the_field(as_liaison_a, agency_a, data, field):
    task = task_with(lead=[agency_a])
    response = post(as_liaison_a, f"/api/tasks/{task.pk}/reports/", data)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_future_month_is_refused_by_the_service_with_its_message(as_liaison_a, agency_a):
    task = task_with(lead=[agency_a])
    future = (timezone.localdate().replace(day=1) + datetime.timedelta(days=40)).strftime("%Y-%m")
    response = post(as_liaison_a, f"/api/tasks/{task.pk}/reports/", {"period": future, "content": "x"})
    assert response.status_code == 400
    assert response.json()["detail"] == "不能报送未来月份的进展。"


def test_reports_on_another_agencys_task_are_404(as_liaison_b, agency_a):
    task = task_with(lead=[agency_a])
    assert as_liaison_b.get(f"/api/tasks/{task.pk}/reports/").status_code == 404
    response = post(as_liaison_b, f"/api/tasks/{task.pk}/reports/", {"period": this_month(), "content": "x"})
    assert response.status_code == 404
    assert not ProgressReport.objects.exists()


def test_office_cannot_report_and_leader_cannot_write(as_office, as_leader, agency_a):
    task = task_with(lead=[agency_a])
    office = post(as_office, f"/api/tasks/{task.pk}/reports/", {"period": this_month(), "content": "x"})
    assert office.status_code == 403 and "督查室不能代为报送" in office.json()["detail"]
    leader = post(as_leader, f"/api/tasks/{task.pk}/reports/", {"period": this_month(), "content": "x"})
    assert leader.status_code == 403 and leader.json()["detail"] == "领导账号为只读，不能进行此操作。"


def test_signoff_cycle_request_return_request_approve_reopen(as_liaison_a, as_office, agency_a):
    task = task_with(lead=[agency_a], status=TaskStatus.IN_PROGRESS)
    base = f"/api/tasks/{task.pk}"
    requested = post(as_liaison_a, f"{base}/signoff-request/", {"summary": "已全部完成。"})
    assert requested.status_code == 200 and requested.json()["status"] == "signoff_requested"
    assert post(as_office, f"{base}/return/", {}).status_code == 400  # a reason is required
    returned = post(as_office, f"{base}/return/", {"reason": "佐证材料不足"})
    assert returned.json()["status"] == "returned"
    post(as_liaison_a, f"{base}/signoff-request/", {"summary": "已补充材料。"})
    approved = post(as_office, f"{base}/signoff/", {"reason": "同意"})
    assert approved.status_code == 200 and approved.json()["status"] == "signed_off"
    again = post(as_office, f"{base}/signoff/")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    reopened = post(as_office, f"{base}/reopen/", {"reason": "发现新问题"})
    assert reopened.json()["status"] == "in_progress"
    decisions = [r["decision"] for r in as_office.get("/api/reviews/", {"task": task.pk}).json()["results"]]
    assert decisions == ["reopen", "sign_off", "return"]
    assert Review.objects.filter(task=task).count() == 3


def test_co_agency_cannot_request_signoff_and_liaison_cannot_decide(as_liaison_a, agency_a, agency_b):
    task = task_with(lead=[agency_b], co=[agency_a], status=TaskStatus.IN_PROGRESS)
    response = post(as_liaison_a, f"/api/tasks/{task.pk}/signoff-request/", {"summary": "完成"})
    assert response.status_code == 403 and "只有牵头单位" in response.json()["detail"]
    assert post(as_liaison_a, f"/api/tasks/{task.pk}/signoff/").status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS


def test_head_approves_a_pending_report(as_liaison_a, as_head_a, as_office, agency_a):
    settings = OfficeSettings.load()
    settings.require_head_approval = True
    settings.save()
    task = task_with(lead=[agency_a])
    report = post(as_liaison_a, f"/api/tasks/{task.pk}/reports/", {"period": this_month(), "content": "x"}).json()
    assert report["status"] == ReportStatus.PENDING_HEAD
    # Not yet sent to the office: it does not see it.
    assert as_office.get("/api/reports/").json()["count"] == 0
    assert post(as_liaison_a, f"/api/reports/{report['id']}/approve/").status_code == 403
    approved = post(as_head_a, f"/api/reports/{report['id']}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == ReportStatus.SUBMITTED
    assert as_office.get("/api/reports/").json()["count"] == 1


def test_reports_list_filters_and_scoping(as_office, as_liaison_b, agency_a, agency_b):
    mine = task_with(lead=[agency_a])
    shared = task_with(lead=[agency_a], co=[agency_b])
    may = ReportFactory(task=mine, agency=agency_a, period=datetime.date(2021, 5, 1))
    june = ReportFactory(task=shared, agency=agency_a, period=datetime.date(2021, 6, 1))
    b_june = ReportFactory(task=shared, agency=agency_b, period=datetime.date(2021, 6, 1))

    def report_ids(client, **params):
        response = client.get("/api/reports/", params)
        assert response.status_code == 200, response.content
        return {r["id"] for r in response.json()["results"]}

    assert report_ids(as_office) == {may.pk, june.pk, b_june.pk}
    assert report_ids(as_office, period="2021-06") == {june.pk, b_june.pk}
    assert report_ids(as_office, agency=agency_b.pk) == {b_june.pk}
    assert report_ids(as_office, task=mine.pk) == {may.pk}
    assert report_ids(as_office, document=mine.document_id) == {may.pk}
    assert report_ids(as_office, status="submitted") == {may.pk, june.pk, b_june.pk}
    # Agency B is co-responsible on one task of A's: it sees its own report there, not A's (the one
    # visibility rule, reporting/visibility.py), and nothing of A's other task.
    assert report_ids(as_liaison_b) == {b_june.pk}
    assert as_liaison_b.get(f"/api/reports/{june.pk}/").status_code == 404
    assert as_liaison_b.get(f"/api/reports/{may.pk}/").status_code == 404
    for bad in ({"period": "2021-6"}, {"task": "x"}, {"agency": "x"}, {"agency": 0}, {"status": "lost"}):
        assert as_office.get("/api/reports/", bad).status_code == 400
    assert report_ids(as_office, agency=999999) == set()  # an id naming no agency matches nothing


def test_report_with_an_attachment_over_multipart(as_liaison_a, agency_a, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    task = task_with(lead=[agency_a])
    pdf = SimpleUploadedFile("佐证材料.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    response = as_liaison_a.post(f"/api/tasks/{task.pk}/reports/", {
        "period": this_month(), "content": "附佐证材料。", "attachments": [pdf],
    }, format="multipart")
    assert response.status_code == 201, response.content
    assert [a["original_name"] for a in response.json()["attachments"]] == ["佐证材料.pdf"]
    fake = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = as_liaison_a.post(f"/api/tasks/{task.pk}/reports/", {
        "period": this_month(), "content": "再传一个。", "expected_version": 1, "attachments": [fake],
    }, format="multipart")
    assert refused.status_code == 400
    assert ProgressReport.objects.get().version == 1
