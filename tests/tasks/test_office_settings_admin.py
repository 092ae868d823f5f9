"""督办设置 is one row from the migration: the admin opens its form directly, without add or delete."""

import pytest
from django.test import Client

from tasks.models import OfficeSettings
from tests import factories
from tests.office_setup import office_self_service_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_client():
    office_self_service_rows()
    client = Client()
    client.force_login(factories.UserFactory(role="office"))
    return client


def test_the_row_exists_and_the_list_opens_the_form(office_client):
    assert OfficeSettings.objects.count() == 1
    response = office_client.get("/admin/tasks/officesettings/")
    assert response.status_code == 302 and response["Location"] == "/admin/tasks/officesettings/1/change/"
    form = office_client.get(response["Location"]).content.decode()
    assert "黄牌预警提前工作日数" in form and "/admin/tasks/officesettings/add/" not in form
    assert "/delete/" not in form
    assert office_client.get("/admin/tasks/officesettings/add/").status_code == 403
    assert office_client.post("/admin/tasks/officesettings/1/delete/", {"post": "yes"}).status_code == 403


def _current_values(office_client) -> dict:
    """What the browser posts back: every field of the form as it is shown (other rooms add settings)."""
    form = office_client.get("/admin/tasks/officesettings/1/change/").context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    return data


def test_saving_stays_on_the_form_and_keeps_one_row(office_client):
    data = _current_values(office_client) | {"yellow_days": "10", "report_window_day": "20", "_save": "保存"}
    response = office_client.post("/admin/tasks/officesettings/1/change/", data)
    assert response.status_code == 302 and response["Location"] == "/admin/tasks/officesettings/1/change/"
    assert OfficeSettings.objects.get().yellow_days == 10 and OfficeSettings.objects.count() == 1


def test_a_database_without_the_row_gets_it_back_with_defaults(office_client):
    OfficeSettings.objects.all().delete()
    response = office_client.get("/admin/tasks/officesettings/")
    assert response["Location"] == "/admin/tasks/officesettings/1/change/"
    assert OfficeSettings.objects.get().yellow_days == 7
