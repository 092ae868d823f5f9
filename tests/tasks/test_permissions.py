"""Every write path from the wrong side: the answer is 403 or 404 and the database is unchanged.

Agency B's liaison meets agency A's task only by guessing URLs; it must look
as if the task did not exist (404). Users who can see a task but may not act
on it get 403 with a message. Leadership reads everything and writes nothing.
"""

import pytest
from django.test import Client
from django.urls import reverse

from reporting import services as report_services
from reporting.models import ReportAttachment
from tasks import services
from tasks.choices import ReportStatus, TaskStatus
from tasks.models import OfficeSettings
from tests.factories import PASSWORD, ReportFactory, UserFactory, task_with
from tests.helpers import db_state, pdf, put_in_status, this_month


def _client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def task_a(agency_a):
    return task_with(lead=[agency_a])


@pytest.fixture
def report_a(task_a, liaison_a):
    return report_services.report_submit(user=liaison_a, task=task_a, period=this_month(), content="A 的进展",
                                  attachments=[pdf()])


@pytest.fixture
def attachment_a(report_a):
    return ReportAttachment.objects.get(report=report_a)


def _write_requests(task, report, attachment):
    """(method, url, data) for every page a user could try on `task`."""
    month = this_month().strftime("%Y-%m")
    return [
        ("get", reverse("tasks:detail", args=[task.pk]), None),
        ("get", reverse("tasks:report", args=[task.pk]), None),
        ("post", reverse("tasks:report", args=[task.pk]), {"period": month, "content": "篡改", "version": "1"}),
        ("post", reverse("tasks:report", args=[task.pk]), {"period": month, "content": "新建"}),
        ("get", reverse("tasks:attachment", args=[task.pk, attachment.pk]), None),
        ("post", reverse("tasks:report_approve", args=[task.pk, report.pk]), {}),
        ("get", reverse("tasks:signoff_request", args=[task.pk]), None),
        ("post", reverse("tasks:signoff_request", args=[task.pk]), {"summary": "完成"}),
        ("post", reverse("tasks:review", args=[task.pk]), {"decision": "sign_off"}),
        ("post", reverse("tasks:review", args=[task.pk]), {"decision": "return", "reason": "不行"}),
        ("post", reverse("tasks:reopen", args=[task.pk]), {"reason": "再看"}),
    ]


def test_other_agency_gets_404_everywhere_and_nothing_changes(task_a, report_a, attachment_a, liaison_b):
    client = _client(liaison_b)
    state = db_state()
    for method, url, data in _write_requests(task_a, report_a, attachment_a):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
    assert db_state() == state
    listing = client.get(reverse("tasks:list")).content.decode()
    assert task_a.text not in listing


def test_other_agency_head_gets_404_too(task_a, report_a, attachment_a, agency_b):
    head_b = UserFactory(role="head", agency=agency_b)
    client = _client(head_b)
    state = db_state()
    for method, url, data in _write_requests(task_a, report_a, attachment_a):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
    assert db_state() == state


def test_attachment_cannot_be_fetched_through_own_task_url(task_a, attachment_a, agency_b, liaison_b):
    own_task = task_with(lead=[agency_b])
    client = _client(liaison_b)
    response = client.get(reverse("tasks:attachment", args=[own_task.pk, attachment_a.pk]))
    assert response.status_code == 404


def test_leadership_reads_but_cannot_write(task_a, report_a, attachment_a, leader_user):
    client = _client(leader_user)
    state = db_state()
    assert client.get(reverse("tasks:detail", args=[task_a.pk])).status_code == 200
    assert client.get(reverse("tasks:attachment", args=[task_a.pk, attachment_a.pk])).status_code == 200
    for method, url, data in _write_requests(task_a, report_a, attachment_a):
        if method == "get" and ("detail" in url or "attachments" in url or url.endswith(f"/{task_a.pk}/")):
            continue
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 403, (method, url, response.status_code)
    assert db_state() == state
    for call in (
        lambda: report_services.report_submit(user=leader_user, task=task_a, period=this_month(), content="x"),
        lambda: services.signoff_request(user=leader_user, task=task_a, summary="x"),
        lambda: services.signoff_approve(user=leader_user, task=task_a),
        lambda: services.task_return(user=leader_user, task=task_a, reason="x"),
        lambda: services.task_reopen(user=leader_user, task=task_a, reason="x"),
    ):
        with pytest.raises(services.NotAllowed, match="只读"):
            call()
    assert db_state() == state


@pytest.mark.parametrize("decision", ["sign_off", "return"])
def test_liaison_cannot_decide_on_own_task(decision, task_a, liaison_a):
    services.signoff_request(user=liaison_a, task=task_a, summary="完成")
    client = _client(liaison_a)
    state = db_state()
    response = client.post(reverse("tasks:review", args=[task_a.pk]), {"decision": decision, "reason": "自己批"})
    assert response.status_code == 403
    assert "督查室" in response.content.decode()
    assert client.get(reverse("tasks:review_queue")).status_code == 403
    assert db_state() == state
    with pytest.raises(services.NotAllowed):
        services.signoff_approve(user=liaison_a, task=task_a)
    assert db_state() == state


def test_liaison_cannot_reopen(task_a, liaison_a, head_a):
    put_in_status(task_a, TaskStatus.SIGNED_OFF)
    state = db_state()
    for user in (liaison_a, head_a):
        response = _client(user).post(reverse("tasks:reopen", args=[task_a.pk]), {"reason": "重来"})
        assert response.status_code == 403
    assert db_state() == state


def test_co_agency_cannot_request_signoff(agency_a, agency_b, liaison_b):
    task = task_with(lead=[agency_a], co=[agency_b])
    client = _client(liaison_b)
    state = db_state()
    assert client.get(reverse("tasks:signoff_request", args=[task.pk])).status_code == 403
    response = client.post(reverse("tasks:signoff_request", args=[task.pk]), {"summary": "完成"})
    assert response.status_code == 403
    assert "牵头单位" in response.content.decode()
    assert db_state() == state
    # …but does report its own part.
    assert client.post(reverse("tasks:report", args=[task.pk]),
                       {"period": this_month().strftime("%Y-%m"), "content": "配合部分"}).status_code == 302


def test_co_agency_sees_only_its_own_reports(agency_a, agency_b, liaison_a, liaison_b):
    task = task_with(lead=[agency_a], co=[agency_b])
    lead_report = report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="牵头单位内容",
                                         attachments=[pdf("牵头.pdf")])
    report_services.report_submit(user=liaison_b, task=task, period=this_month(), content="配合单位内容")
    lead_page = _client(liaison_a).get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "牵头单位内容" in lead_page and "配合单位内容" in lead_page  # the lead sees the co part
    co_client = _client(liaison_b)
    co_page = co_client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "配合单位内容" in co_page and "牵头单位内容" not in co_page
    attachment = lead_report.attachments.get()
    assert co_client.get(reverse("tasks:attachment", args=[task.pk, attachment.pk])).status_code == 404


def test_pending_report_is_hidden_from_office_until_head_approves(task_a, liaison_a, office_user):
    cfg = OfficeSettings.load()
    cfg.require_head_approval = True
    cfg.save()
    report_services.report_submit(user=liaison_a, task=task_a, period=this_month(), content="尚待负责人审核的内容")
    page = _client(office_user).get(reverse("tasks:detail", args=[task_a.pk])).content.decode()
    assert "尚待负责人审核的内容" not in page


def test_office_cannot_report_for_an_agency(task_a, office_user):
    client = _client(office_user)
    state = db_state()
    assert client.get(reverse("tasks:report", args=[task_a.pk])).status_code == 403
    response = client.post(reverse("tasks:report", args=[task_a.pk]),
                           {"period": this_month().strftime("%Y-%m"), "content": "代报"})
    assert response.status_code == 403
    assert db_state() == state


def test_liaison_cannot_approve_own_agency_report(task_a, agency_a, liaison_a):
    report = ReportFactory(task=task_a, agency=agency_a, period=this_month(), status=ReportStatus.PENDING_HEAD)
    state = db_state()
    response = _client(liaison_a).post(reverse("tasks:report_approve", args=[task_a.pk, report.pk]))
    assert response.status_code == 403
    assert db_state() == state


def test_anonymous_is_sent_to_login_and_nothing_changes(task_a):
    state = db_state()
    response = Client().post(reverse("tasks:report", args=[task_a.pk]), {"period": "2021-05", "content": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert db_state() == state


def test_user_without_role_gets_403(task_a, django_user_model):
    django_user_model.objects.create_user("norole", password=PASSWORD)
    client = Client()
    client.login(username="norole", password=PASSWORD)
    assert client.get(reverse("tasks:list")).status_code == 403
    assert client.get(reverse("tasks:detail", args=[task_a.pk])).status_code == 403


def test_get_never_writes(task_a, liaison_a, office_user):
    services.signoff_request(user=liaison_a, task=task_a, summary="完成")
    client = _client(office_user)
    state = db_state()
    for name in ("tasks:review", "tasks:reopen"):
        assert client.get(reverse(name, args=[task_a.pk]), {"decision": "sign_off", "reason": "x"}).status_code == 405
    assert db_state() == state


def test_posts_without_csrf_token_are_refused(task_a, liaison_a):
    client = Client(enforce_csrf_checks=True)
    client.login(username=liaison_a.username, password=PASSWORD)
    state = db_state()
    response = client.post(reverse("tasks:report", args=[task_a.pk]),
                           {"period": this_month().strftime("%Y-%m"), "content": "x"})
    assert response.status_code == 403
    assert db_state() == state
