"""The office manages accounts in the admin: create for an agency and role, 姓名 and phone, reset a password,
deactivate; it cannot see superusers nor grant more than office rights. Other roles are refused."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import Client
from django_celery_beat.models import PeriodicTask

from agencies.models import Agency, AgencyAlias
from tasks.models import OfficeSettings
from tests import factories
from tests.office_setup import office_self_service_rows

User = get_user_model()
NEW_PASSWORD = "Lake-7-morning-bell"


pytestmark = pytest.mark.usefixtures("fast_passwords")


def _add_form(**overrides):
    zwj = Agency.objects.get(short_name="省政务局")
    data = {
        "username": "wang_xm", "first_name": "王小明", "email": "wxm@hunan.gov.cn",
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
        "profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "0", "profile-MIN_NUM_FORMS": "1",
        "profile-MAX_NUM_FORMS": "1", "profile-0-role": "liaison", "profile-0-agency": str(zwj.pk),
        "profile-0-phone": "0731-88880000", "_save": "保存",
    }
    return {**data, **overrides}


def test_office_creates_a_liaison_with_name_phone_role_group(office_client):
    response = office_client.post("/admin/auth/user/add/", _add_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="wang_xm")
    assert (user.first_name, user.profile.phone, user.profile.role) == ("王小明", "0731-88880000", "liaison")
    assert user.profile.agency.short_name == "省政务局"
    assert list(user.groups.values_list("name", flat=True)) == ["联络员"]
    assert not user.is_staff and not user.is_superuser
    assert authenticate(username="wang_xm", password=NEW_PASSWORD) == user


@pytest.mark.parametrize(("overrides", "message"), [
    ({"profile-0-agency": ""}, "单位联络员必须选择所属单位。"),
    ({"profile-0-role": "office"}, "督查室工作人员不属于具体单位，请清空所属单位。"),
    ({"profile-TOTAL_FORMS": "0"}, "请填写账号的角色（联络员和单位负责人还要选择所属单位）。"),
])
def test_a_bad_account_is_refused_with_a_chinese_reason_and_nothing_is_created(office_client, overrides, message):
    before = User.objects.count()
    response = office_client.post("/admin/auth/user/add/", _add_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == before


def test_office_resets_a_password_and_deactivates_an_account(office_client):
    liaison = factories.UserFactory(role="liaison", agency=Agency.objects.get(short_name="省司法厅"))
    response = office_client.post(f"/admin/auth/user/{liaison.pk}/password/",
                                  {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert authenticate(username=liaison.username, password=NEW_PASSWORD) == liaison
    response = office_client.post("/admin/auth/user/", {"action": "deactivate", "_selected_action": [liaison.pk]})
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert not liaison.is_active
    assert authenticate(username=liaison.username, password=NEW_PASSWORD) is None


def test_office_cannot_see_superusers_nor_grant_power(office_client, office):
    root = User.objects.create_superuser("root", password=NEW_PASSWORD)
    assert "root" not in office_client.get("/admin/auth/user/").content.decode()
    assert office_client.get(f"/admin/auth/user/{root.pk}/password/").status_code == 404
    liaison = factories.UserFactory(role="liaison", agency=Agency.objects.get(short_name="省司法厅"))
    page = office_client.get(f"/admin/auth/user/{liaison.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="groups"' not in page and 'name="is_staff"' not in page
    response = office_client.post(f"/admin/auth/user/{liaison.pk}/change/", {
        "username": liaison.username, "first_name": "赵联络", "email": "", "is_active": "on",
        "is_superuser": "on", "is_staff": "on", "groups": [g.pk for g in office.groups.all()],
        "profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "1", "profile-MIN_NUM_FORMS": "1",
        "profile-MAX_NUM_FORMS": "1", "profile-0-id": str(liaison.profile.pk), "profile-0-user": str(liaison.pk),
        "profile-0-role": "head", "profile-0-agency": str(liaison.profile.agency_id), "profile-0-phone": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    liaison.refresh_from_db()
    assert (liaison.first_name, liaison.profile.role) == ("赵联络", "head")
    assert not liaison.is_superuser and not liaison.is_staff
    assert list(liaison.groups.values_list("name", flat=True)) == ["单位负责人"]  # the group follows the role


def test_office_edits_the_agency_registry(office_client):
    agency = Agency.objects.get(short_name="省司法厅")
    members = list(Agency.objects.filter(kind="prefecture")[:2])
    response = office_client.post(f"/admin/agencies/agency/{agency.pk}/change/", {
        "name": agency.name, "short_name": "司法厅", "kind": agency.kind, "parent": "",
        "members": [m.pk for m in members], "is_active": "on",
        "contact_emails": "sft@hunan.gov.cn\nfz@hunan.gov.cn", "webhook_url": "http://127.0.0.1:9/robot",
        "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0", "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000", "aliases-0-name": "湖南司法厅", "aliases-0-agency": str(agency.pk),
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    agency.refresh_from_db()
    assert agency.short_name == "司法厅" and agency.email_list == ["sft@hunan.gov.cn", "fz@hunan.gov.cn"]
    assert agency.webhook_url == "http://127.0.0.1:9/robot" and set(agency.members.all()) == set(members)
    assert AgencyAlias.objects.get(name="湖南司法厅").agency == agency


@pytest.mark.parametrize("role", ["liaison", "head", "leader"])
@pytest.mark.parametrize("url", ["/admin/auth/user/", "/admin/auth/user/add/", "/admin/auth/user/import/",
                                 "/admin/django_celery_beat/periodictask/", "/admin/tasks/officesettings/"])
def test_other_roles_cannot_manage_accounts_schedule_or_settings(loaded, role, url):
    office_self_service_rows()
    agency = Agency.objects.get(short_name="省政务局") if role in ("liaison", "head") else None
    user = factories.UserFactory(role=role, agency=agency)
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    # Even with staff status given by mistake, their groups carry no permission here (the leaders' group
    # may only look at 督办设置, see the next test).
    User.objects.filter(pk=user.pk).update(is_staff=True)
    if not (role == "leader" and url == "/admin/tasks/officesettings/"):
        assert client.get(url).status_code == 403
    before = User.objects.count()
    assert client.post("/admin/auth/user/add/", {"username": "intruder"}).status_code == 403
    assert User.objects.count() == before


@pytest.mark.parametrize("role", ["liaison", "head", "leader"])
def test_other_roles_cannot_change_settings_schedule_or_passwords(loaded, role):
    office_self_service_rows()
    agency = Agency.objects.get(short_name="省政务局") if role in ("liaison", "head") else None
    user = factories.UserFactory(role=role, agency=agency, is_staff=True)
    victim = factories.UserFactory(role="liaison", agency=Agency.objects.get(short_name="省司法厅"))
    sweep = PeriodicTask.objects.get(name="daily-reminder-sweep")
    client = Client()
    client.force_login(user)
    assert client.post("/admin/tasks/officesettings/1/change/", {"yellow_days": "1"}).status_code == 403
    assert client.post(f"/admin/django_celery_beat/periodictask/{sweep.pk}/change/",
                       {"run_at": "06:00", "enabled": ""}).status_code == 403
    assert client.post(f"/admin/auth/user/{victim.pk}/password/",
                       {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code in (403, 404)
    assert OfficeSettings.objects.get().yellow_days == 7
    after = PeriodicTask.objects.get(pk=sweep.pk)
    assert after.enabled and after.crontab_id == sweep.crontab_id
    assert authenticate(username=victim.username, password=NEW_PASSWORD) is None
