"""Malformed input on the report form: a clear Chinese error, and nothing saved."""

import pytest
from django.test import Client
from django.urls import reverse

from reporting.models import ProgressReport
from tests.factories import PASSWORD, task_with
from tests.helpers import db_state, this_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def liaison_client(liaison_a):
    client = Client()
    assert client.login(username=liaison_a.username, password=PASSWORD)
    return client


# The API takes YYYY-MM with a year from 2000 to 2100; the page must not store what the API refuses.
@pytest.mark.parametrize("period", ["1-1", "0999-12", "1999-12", "2021-13", "2021-00", "21-05", "2021-05x", "２０２１-05"])
def test_malformed_report_month_is_refused(liaison_client, agency_a, period):
    task = task_with(lead=[agency_a])
    state = db_state()
    response = liaison_client.post(reverse("tasks:report", args=[task.pk]), {"period": period, "content": "进展"})
    assert response.status_code == 400
    assert "请按“年-月”选择报送月份" in response.content.decode()
    assert db_state() == state


@pytest.mark.parametrize("sent", ["{month}", "{month}-01", "{month}-15T08:00"])
def test_month_as_the_browser_or_an_integration_sends_it(liaison_client, agency_a, sent):
    task = task_with(lead=[agency_a])
    period = sent.format(month=this_month().strftime("%Y-%m"))
    response = liaison_client.post(reverse("tasks:report", args=[task.pk]), {"period": period, "content": "进展"})
    assert response.status_code == 302
    assert ProgressReport.objects.get(task=task).period == this_month()


def test_malformed_month_in_the_address_falls_back_to_this_month(liaison_client, agency_a):
    task = task_with(lead=[agency_a])
    response = liaison_client.get(reverse("tasks:report", args=[task.pk]), {"period": "1-1"})
    assert response.status_code == 200
    assert f'value="{this_month():%Y-%m}"' in response.content.decode()
