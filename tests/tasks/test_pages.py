"""The pages people use: filters of 我的任务, the review queue, reopening, head approval, the timeline."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reporting import services as report_services
from reporting.models import ProgressReport
from tasks import services
from tasks.choices import ReportStatus, TaskStatus
from tasks.models import Assignment, OfficeSettings
from tests.factories import PASSWORD, AgencyFactory, DocumentFactory, SectionFactory, task_with
from tests.helpers import db_state, put_in_status, this_month


def _client(user) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def _listed(client, **params) -> set[str]:
    response = client.get(reverse("tasks:list"), params)
    assert response.status_code == 200
    return {task.number for task in response.context["page"]}


def test_task_list_filters(agency_a, agency_b, liaison_a):
    today = timezone.localdate()
    other_doc = SectionFactory(plan__document=DocumentFactory())
    task_with(lead=[agency_a], number="1", text="推进“一网通办”", deadline=today - datetime.timedelta(days=2))
    task_with(co=[agency_a], lead=[agency_b], number="2", text="证明事项告知承诺",
              deadline=today + datetime.timedelta(days=60))
    task_with(lead=[agency_a], number="3", text="优化营商环境", section=other_doc,
              deadline=today + datetime.timedelta(days=3))
    task_with(lead=[agency_b], number="4", text="不属于本单位")
    client = _client(liaison_a)
    assert _listed(client) == {"1", "2", "3"}
    assert _listed(client, role="co") == {"2"}
    assert _listed(client, role="lead") == {"1", "3"}
    assert _listed(client, warning="red") == {"1"}
    assert _listed(client, q="营商") == {"3"}
    assert _listed(client, document=other_doc.plan.document_id) == {"3"}
    assert _listed(client, status="in_progress") == set()
    html = client.get(reverse("tasks:list")).content.decode()
    assert "逾期 2 天" in html and "剩余 3 天" in html and "牵头" in html and "配合" in html


def test_office_sees_every_task_with_its_lead(agency_a, agency_b, office_user):
    task_with(lead=[agency_a], number="1")
    task_with(lead=[agency_b], number="2")
    html = _client(office_user).get(reverse("tasks:list")).content.decode()
    assert "全部任务" in html and agency_a.short_name in html and agency_b.short_name in html


def test_queue_lists_oldest_first_and_return_needs_a_reason(agency_a, agency_b, liaison_a, liaison_b, office_user):
    first = task_with(lead=[agency_b], number="先")
    second = task_with(lead=[agency_a], number="后")
    services.signoff_request(user=liaison_b, task=first, summary="先申请的")
    services.signoff_request(user=liaison_a, task=second, summary="后申请的")
    client = _client(office_user)
    html = client.get(reverse("tasks:review_queue")).content.decode()
    assert html.index("先申请的") < html.index("后申请的")
    state = db_state()
    response = client.post(reverse("tasks:review", args=[first.pk]),
                           {"decision": "return", "reason": "", "next": reverse("tasks:review_queue")}, follow=True)
    assert "退回时请填写理由" in response.content.decode()
    assert db_state() == state
    client.post(reverse("tasks:review", args=[first.pk]), {"decision": "return", "reason": "材料不全"})
    first.refresh_from_db()
    assert first.status == TaskStatus.RETURNED
    html = client.get(reverse("tasks:review_queue")).content.decode()
    assert "先申请的" not in html and "后申请的" in html


def test_second_decision_on_same_request_is_refused(agency_a, liaison_a, office_user):
    task = task_with(lead=[agency_a])
    services.signoff_request(user=liaison_a, task=task, summary="完成")
    client = _client(office_user)
    client.post(reverse("tasks:review", args=[task.pk]), {"decision": "sign_off"})
    state = db_state()
    response = client.post(reverse("tasks:review", args=[task.pk]), {"decision": "return", "reason": "迟到的退回"},
                           follow=True)
    assert "任务当前状态为“已销号”，不能退回" in response.content.decode()
    assert db_state() == state


def test_reopen_from_the_task_page(agency_a, office_user):
    task = put_in_status(task_with(lead=[agency_a]), TaskStatus.SIGNED_OFF)
    client = _client(office_user)
    assert "重新打开" in client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    response = client.post(reverse("tasks:reopen", args=[task.pk]), {"reason": "督查发现问题"}, follow=True)
    assert "已重新打开" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.signed_off_at is None


def test_head_approves_through_the_page(agency_a, liaison_a, head_a):
    cfg = OfficeSettings.load()
    cfg.require_head_approval = True
    cfg.save()
    task = task_with(lead=[agency_a])
    response = _client(liaison_a).post(reverse("tasks:report", args=[task.pk]),
                                       {"period": this_month().strftime("%Y-%m"), "content": "待审"}, follow=True)
    assert "待本单位负责人审核" in response.content.decode()
    report = ProgressReport.objects.get()
    head = _client(head_a)
    assert "审核通过并报送" in head.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    head.post(reverse("tasks:report_approve", args=[task.pk, report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_report_form_refuses_future_months_and_percent_over_100(agency_a, liaison_a):
    task = task_with(lead=[agency_a])
    client = _client(liaison_a)
    state = db_state()
    next_month = (this_month() + datetime.timedelta(days=32)).strftime("%Y-%m")
    response = client.post(reverse("tasks:report", args=[task.pk]), {"period": next_month, "content": "x"})
    assert response.status_code == 400 and "不能报送未来月份" in response.content.decode()
    response = client.post(reverse("tasks:report", args=[task.pk]),
                           {"period": this_month().strftime("%Y-%m"), "content": "x", "percent": "120"})
    assert response.status_code == 400 and "完成进度不能大于 100" in response.content.decode()
    assert db_state() == state


@pytest.mark.django_db
def test_timeline_shows_changes_made_outside_the_workflow(agency_a, agency_b, liaison_a, office_user):
    task = task_with(lead=[agency_a])
    report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="第一版")
    # An office user edits things in the admin: no service, so no TaskEvent, only history rows.
    task.deadline = datetime.date(2021, 12, 31)
    task.save()
    Assignment.objects.create(task=task, agency=AgencyFactory(name="湖南省财政厅", short_name="省财政厅"), role="co")
    report = ProgressReport.objects.get()
    report.content = "管理后台改过的内容"
    report.save()
    html = _client(liaison_a).get(reverse("tasks:detail", args=[task.pk])).content.decode()
    timeline = html[html.index('id="timeline"'):]
    assert "完成时限：2021-09-30 → 2021-12-31" in timeline
    assert "省财政厅（配合）" in timeline
    assert "修改进展报送" in timeline and "工作进展：第一版 → 管理后台改过的内容" in timeline
    # The service's own history rows are not shown twice.
    assert timeline.count("报送进展") == 1
