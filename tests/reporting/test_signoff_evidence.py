"""Evidence at sign-off: the office's settings decide what a request needs, enforced in the service (page and
API alike); the sign-off form takes files; the office's queue shows the counts per request; a 退回 without
a reason is shown on its own card."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting import services as report_services
from reporting.models import SignoffAttachment
from reporting.signoff import signoff_request_with_evidence
from tasks import services
from tasks.choices import SignoffStatus, TaskStatus
from tasks.models import OfficeSettings, SignoffRequest
from tests.factories import PASSWORD, AgencyFactory, UserFactory, task_with
from tests.helpers import db_state, pdf, this_month

pytestmark = pytest.mark.django_db


def _rules(**fields):
    cfg = OfficeSettings.load()
    for name, value in fields.items():
        setattr(cfg, name, value)
    cfg.save()


def _client(user):
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def task(agency_a, agency_b):
    return task_with(lead=[agency_a], co=[agency_b])


class TestRules:
    def test_no_rules_no_evidence_needed(self, task, liaison_a):
        assert services.signoff_request(user=liaison_a, task=task, summary="完成").status == SignoffStatus.OPEN

    def test_needs_a_report(self, task, liaison_a):
        _rules(signoff_needs_report=True)
        state = db_state()
        with pytest.raises(services.InvalidInput, match="该任务尚无已报送的进展"):
            services.signoff_request(user=liaison_a, task=task, summary="完成")
        assert db_state() == state
        report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="进展")
        services.signoff_request(user=liaison_a, task=task, summary="完成")

    def test_report_waiting_for_the_head_does_not_count(self, task, liaison_a):
        _rules(signoff_needs_report=True, require_head_approval=True)
        report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="进展")
        with pytest.raises(services.InvalidInput, match="尚无已报送的进展"):
            services.signoff_request(user=liaison_a, task=task, summary="完成")

    def test_needs_evidence_from_the_request_or_a_report(self, task, liaison_a):
        _rules(signoff_needs_evidence=True)
        report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="进展")
        with pytest.raises(services.InvalidInput, match="请上传佐证材料"):
            services.signoff_request(user=liaison_a, task=task, summary="完成")
        request = signoff_request_with_evidence(user=liaison_a, task=task, summary="完成", attachments=[pdf("验收.pdf")])
        assert [a.original_name for a in SignoffAttachment.objects.filter(request=request)] == ["验收.pdf"]

    def test_a_report_attachment_is_evidence(self, task, liaison_a):
        _rules(signoff_needs_evidence=True)
        report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="进展",
                                      attachments=[pdf()])
        services.signoff_request(user=liaison_a, task=task, summary="完成")

    def test_needs_every_co_agency(self, task, agency_b, liaison_a, liaison_b):
        _rules(signoff_needs_co_reports=True)
        report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="进展")
        with pytest.raises(services.InvalidInput, match="以下配合单位尚未报送进展：省司法厅"):
            services.signoff_request(user=liaison_a, task=task, summary="完成")
        report_services.report_submit(user=liaison_b, task=task, period=this_month(), content="配合进展")
        services.signoff_request(user=liaison_a, task=task, summary="完成")

    def test_every_missing_item_is_named_at_once(self, task, liaison_a):
        _rules(signoff_needs_report=True, signoff_needs_evidence=True, signoff_needs_co_reports=True)
        with pytest.raises(services.InvalidInput) as exc:
            services.signoff_request(user=liaison_a, task=task, summary="完成")
        assert exc.value.message.count("；") == 2 and exc.value.message.startswith("督查室要求的销号材料不全")

    def test_bad_file_refused_and_nothing_saved(self, task, liaison_a):
        state = db_state()
        with pytest.raises(services.InvalidInput, match="内容与扩展名"):
            signoff_request_with_evidence(user=liaison_a, task=task, summary="完成",
                                          attachments=[pdf("假的.pdf", b"not a pdf")])
        assert db_state() == state and SignoffAttachment.objects.count() == 0

    def test_api_is_held_to_the_same_rules(self, task, liaison_a):
        _rules(signoff_needs_report=True)
        response = _client(liaison_a).post(f"/api/tasks/{task.pk}/signoff-request/", {"summary": "完成"},
                                           content_type="application/json")
        assert response.status_code == 400 and "尚无已报送的进展" in response.content.decode()
        task.refresh_from_db()
        assert task.status == TaskStatus.NOT_STARTED


class TestPages:
    def test_form_refuses_without_evidence_then_takes_a_file(self, task, liaison_a):
        _rules(signoff_needs_evidence=True)
        client = _client(liaison_a)
        url = reverse("tasks:signoff_request", args=[task.pk])
        assert "尚缺：请上传佐证材料" in client.get(url).content.decode()
        response = client.post(url, {"summary": "完成"})
        assert response.status_code == 400 and "请上传佐证材料" in response.content.decode()
        assert not SignoffRequest.objects.exists()
        response = client.post(url, {"summary": "完成", "attachments": [pdf("验收.pdf")]})
        assert response.status_code == 302
        assert SignoffAttachment.objects.get().original_name == "验收.pdf"

    def test_evidence_download_for_office_and_asker_not_the_co_agency(self, task, liaison_a, liaison_b,
                                                                      office_user):
        request = signoff_request_with_evidence(user=liaison_a, task=task, summary="完成", attachments=[pdf()])
        url = reverse("tasks:signoff_attachment", args=[task.pk, request.attachments.get().pk])
        assert _client(office_user).get(url).status_code == 200
        assert _client(liaison_a).get(url).status_code == 200
        assert _client(liaison_b).get(url).status_code == 404

    def test_queue_counts_reports_attachments_and_co_reports(self, task, liaison_a, liaison_b, office_user):
        other_co = AgencyFactory(name="湖南省财政厅")
        task.assignments.create(agency=other_co, role="co")
        report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="进展",
                                      attachments=[pdf(), pdf()])
        report_services.report_submit(user=liaison_b, task=task, period=this_month(), content="配合")
        signoff_request_with_evidence(user=liaison_a, task=task, summary="完成", attachments=[pdf()])
        [req] = _client(office_user).get(reverse("tasks:review_queue")).context["open_requests"]
        assert (req.report_count, req.attachment_count, req.co_reported_count, req.co_count) == (2, 3, 1, 2)

    def test_queue_query_count_is_constant(self, agency_b, office_user):
        client = _client(office_user)

        def requests(n):
            for _ in range(n):
                lead = AgencyFactory()
                liaison = UserFactory(role="liaison", agency=lead)
                task = task_with(lead=[lead], co=[agency_b])
                report_services.report_submit(user=liaison, task=task, period=this_month(), content="进展",
                                              attachments=[pdf()])
                signoff_request_with_evidence(user=liaison, task=task, summary="完成", attachments=[pdf()])

        requests(2)
        response = client.get(reverse("tasks:review_queue"))
        assert len(response.context["open_requests"]) == 2
        with CaptureQueriesContext(connection) as small:
            client.get(reverse("tasks:review_queue"))
        requests(3)
        with CaptureQueriesContext(connection) as large:
            client.get(reverse("tasks:review_queue"))
        assert len(large.captured_queries) == len(small.captured_queries)

    def test_return_without_reason_shows_error_on_its_card(self, task, liaison_a, office_user):
        other = task_with(lead=[task.assignments.get(role="lead").agency])
        services.signoff_request(user=liaison_a, task=task, summary="完成")
        services.signoff_request(user=liaison_a, task=other, summary="完成")
        response = _client(office_user).post(reverse("tasks:review", args=[other.pk]), {
            "decision": "return", "reason": "", "next": reverse("tasks:review_queue")})
        assert response.status_code == 400
        html = response.content.decode()
        request_id = SignoffRequest.objects.get(task=other).pk
        cards = html.split('class="card mb-2 review-item"')
        [card] = [c for c in cards if f'id="request-{request_id}"' in c]
        assert "退回时请填写理由" in card
        assert sum("退回时请填写理由" in c for c in cards) == 1
        other.refresh_from_db()
        assert other.status == TaskStatus.SIGNOFF_REQUESTED
