"""Own progress, lead consolidates: the lead's report form starts from the co-agencies' reports of the month
and shows them beside it; a co-agency's form does not show the others; drafts awaiting a head stay out."""

import pytest
from django.test import Client
from django.urls import reverse

from reporting import services
from tasks.models import OfficeSettings
from tests.factories import PASSWORD, AgencyFactory, UserFactory, task_with
from tests.helpers import this_month

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def test_lead_form_is_prefilled_from_co_agencies_reports(liaison_a, liaison_b, agency_a, agency_b):
    third = AgencyFactory(name="湖南省发展和改革委员会", short_name="省发改委")
    third_liaison = UserFactory(role="liaison", agency=third)
    task = task_with(lead=[agency_a], co=[agency_b, third])
    services.report_submit(user=liaison_b, task=task, period=this_month(), content="完成证明事项清理 12 项。",
                           problems="部分市州未反馈。")
    OfficeSettings.objects.update_or_create(pk=1, defaults={"require_head_approval": True})
    services.report_submit(user=third_liaison, task=task, period=this_month(), content="草稿，待负责人审核。")
    form = client_for(liaison_a).get(reverse("tasks:report", args=[task.pk]))
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert initial["content"] == "【省司法厅】完成证明事项清理 12 项。"
    assert initial["problems"] == "【省司法厅】部分市州未反馈。"
    page = form.content.decode()
    assert "配合单位本月报送" in page and "草稿，待负责人审核" not in page

    co_form = client_for(liaison_b).get(reverse("tasks:report", args=[task.pk]))
    assert "配合单位本月报送" not in co_form.content.decode()
    assert co_form.context["form"].initial.get("content") != initial["content"]


def test_an_existing_lead_report_is_not_overwritten_by_the_prefill(liaison_a, liaison_b, agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b])
    services.report_submit(user=liaison_b, task=task, period=this_month(), content="配合单位进展")
    services.report_submit(user=liaison_a, task=task, period=this_month(), content="牵头单位已写的汇总")
    initial = client_for(liaison_a).get(reverse("tasks:report", args=[task.pk])).context["form"].initial
    assert initial["content"] == "牵头单位已写的汇总"
