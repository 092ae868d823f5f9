"""The head's 待审核 list: the count in the navigation, approve, return to the liaison with a comment,
the liaison's resubmission; from the other agency's side too (service, page and API)."""

import pytest
from django.test import Client
from django.urls import reverse

from reporting import services
from reporting.models import ProgressReport
from tasks.choices import EventKind, ReportStatus, TaskStatus
from tasks.models import OfficeSettings, TaskEvent
from tests.factories import PASSWORD, UserFactory, task_with
from tests.helpers import db_state, this_month

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _head_approval_on(db):
    cfg = OfficeSettings.load()
    cfg.require_head_approval = True
    cfg.save()


@pytest.fixture
def head_b(agency_b):
    return UserFactory(role="head", agency=agency_b)


@pytest.fixture
def pending(agency_a, agency_b, liaison_a):
    task = task_with(lead=[agency_a], co=[agency_b], text="推进企业开办全程网办")
    return services.report_submit(user=liaison_a, task=task, period=this_month(), content="本月完成系统对接")


def _client(user):
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


class TestService:
    def test_return_sends_the_report_back_with_the_comment(self, pending, head_a):
        services.report_return(user=head_a, report=pending, reason="请补充办件量数据")
        pending.refresh_from_db()
        assert pending.status == ReportStatus.RETURNED_BY_HEAD
        assert pending.head_comment == "请补充办件量数据"
        event = TaskEvent.objects.get(task=pending.task, kind=EventKind.REPORT_RETURNED)
        assert "请补充办件量数据" in event.message and event.actor == head_a
        pending.task.refresh_from_db()
        assert pending.task.status == TaskStatus.NOT_STARTED  # nothing reached the office

    def test_liaison_edits_and_resubmits_then_head_approves(self, pending, head_a, liaison_a):
        services.report_return(user=head_a, report=pending, reason="请补充办件量数据")
        pending.refresh_from_db()
        again = services.report_submit(user=liaison_a, task=pending.task, period=this_month(),
                                       content="本月完成系统对接，办件 320 件", expected_version=pending.version)
        assert again.pk == pending.pk and again.status == ReportStatus.PENDING_HEAD
        services.report_approve(user=head_a, report=again)
        again.refresh_from_db()
        assert again.status == ReportStatus.SUBMITTED and again.head_comment == ""

    def test_return_needs_a_comment_and_changes_nothing(self, pending, head_a):
        state = db_state()
        with pytest.raises(services.InvalidInput, match="退回时请填写意见"):
            services.report_return(user=head_a, report=pending, reason="  ")
        assert db_state() == state

    @pytest.mark.parametrize("decide", ["approve", "return"])
    def test_head_of_another_agency_cannot_decide(self, decide, pending, head_b):
        state = db_state()
        with pytest.raises(services.NotAllowed):
            if decide == "approve":
                services.report_approve(user=head_b, report=pending)
            else:
                services.report_return(user=head_b, report=pending, reason="不行")
        assert db_state() == state

    def test_liaison_cannot_return(self, pending, liaison_a):
        with pytest.raises(services.NotAllowed):
            services.report_return(user=liaison_a, report=pending, reason="自己退回")

    def test_returned_report_stays_inside_the_agency(self, pending, head_a, office_user):
        services.report_return(user=head_a, report=pending, reason="请补充")
        office = _client(office_user)
        assert pending.content not in office.get(reverse("tasks:detail", args=[pending.task_id])).content.decode()
        assert office.get("/api/reports/").json()["count"] == 0


class TestPage:
    def test_count_in_navigation_and_list(self, pending, head_a):
        html = _client(head_a).get(reverse("tasks:list")).content.decode()
        assert 'data-nav="head-queue">待审核 <span class="badge' in html and ">1</span>" in html
        queue = _client(head_a).get(reverse("tasks:head_queue"))
        assert queue.status_code == 200
        assert [r.pk for r in queue.context["waiting"]] == [pending.pk]

    def test_return_without_comment_shows_error_on_its_card(self, pending, head_a):
        response = _client(head_a).post(reverse("tasks:head_decide", args=[pending.pk]),
                                        {"decision": "return", "reason": ""})
        assert response.status_code == 400
        html = response.content.decode()
        card = html[html.index(f'id="report-{pending.pk}"'):]
        assert "退回时请填写意见" in card[:card.index("</form>")]
        pending.refresh_from_db()
        assert pending.status == ReportStatus.PENDING_HEAD

    def test_head_of_another_agency_gets_404_and_an_empty_queue(self, pending, head_b):
        client = _client(head_b)
        response = client.post(reverse("tasks:head_decide", args=[pending.pk]), {"decision": "approve"})
        assert response.status_code == 404
        assert client.get(reverse("tasks:head_queue")).context["waiting"] == []
        pending.refresh_from_db()
        assert pending.status == ReportStatus.PENDING_HEAD

    @pytest.mark.parametrize("who", ["liaison_a", "office_user"])
    def test_queue_is_for_heads_only(self, who, request, pending):
        client = _client(request.getfixturevalue(who))
        assert client.get(reverse("tasks:head_queue")).status_code == 403
        assert client.post(reverse("tasks:head_decide", args=[pending.pk]), {"decision": "approve"}).status_code == 403

    def test_queue_query_count_is_constant(self, agency_a, liaison_a, head_a, django_assert_max_num_queries):
        def add(n):
            for _ in range(n):
                task = task_with(lead=[agency_a])
                services.report_submit(user=liaison_a, task=task, period=this_month(), content="进展")
        client = _client(head_a)
        add(2)
        with django_assert_max_num_queries(12) as small:
            client.get(reverse("tasks:head_queue"))
        add(4)
        with django_assert_max_num_queries(len(small.captured_queries)):
            client.get(reverse("tasks:head_queue"))


class TestApi:
    def test_head_returns_over_the_api(self, pending, head_a):
        response = _client(head_a).post(f"/api/reports/{pending.pk}/return/", {"reason": "请补充"},
                                        content_type="application/json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == ReportStatus.RETURNED_BY_HEAD
        assert response.json()["head_comment"] == "请补充"

    def test_return_without_reason_is_400(self, pending, head_a):
        response = _client(head_a).post(f"/api/reports/{pending.pk}/return/", {}, content_type="application/json")
        assert response.status_code == 400
        assert ProgressReport.objects.get(pk=pending.pk).status == ReportStatus.PENDING_HEAD

    def test_head_of_another_agency_cannot_see_or_return(self, pending, head_b):
        response = _client(head_b).post(f"/api/reports/{pending.pk}/return/", {"reason": "不行"},
                                        content_type="application/json")
        assert response.status_code == 404
        assert ProgressReport.objects.get(pk=pending.pk).status == ReportStatus.PENDING_HEAD
