"""The login lockout and the token throttle hold across server processes (one database, one Redis).

Two gunicorn processes stand in for two workers or two servers behind a load
balancer: before the shared store each had its own count, so twice the
designed number of guesses got through.
"""

import importlib

import pytest
import requests
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from fangguanfu.api_auth import LoginThrottle
from fangguanfu.login import MAX_FAILED_LOGINS, TOO_MANY
from tests.factories import PASSWORD, UserFactory

from .servers import Server, login

servers_db = pytest.mark.django_db(transaction=True)  # the server processes must see the committed rows


@pytest.fixture
def two_servers(tmp_path):
    cache.clear()
    servers = [Server(tmp_path), Server(tmp_path)]
    yield servers
    for server in servers:
        server.stop()
    cache.clear()


def token(server: Server, username: str, password: str) -> requests.Response:
    return requests.post(f"{server.url}/api/auth/token/", json={"username": username, "password": password},
                         timeout=10)


@pytest.mark.slow
@servers_db
def test_wrong_passwords_split_across_two_servers_lock_the_account_on_both(two_servers):
    user = UserFactory(role="leader", username="lockme")
    bystander = UserFactory(role="leader", username="colleague")
    first, second = two_servers
    for attempt in range(MAX_FAILED_LOGINS - 1):
        response = login(two_servers[attempt % 2], user.username, "wrong")
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.text and TOO_MANY not in response.text
    last = login(second, user.username, "wrong")  # the 20th: checked, wrong, and now the account is locked
    assert last.status_code == 200 and TOO_MANY in last.text

    for server in two_servers:
        refused = login(server, user.username, PASSWORD)
        assert refused.status_code == 429
        assert TOO_MANY in refused.text
        assert "sessionid" not in refused.cookies
        api = token(server, user.username, PASSWORD)
        assert api.status_code == 400
        assert api.json()["detail"] == TOO_MANY and "token" not in api.json()

    # The lockout is for this account from this address: a colleague on the same address still logs in.
    assert login(first, bystander.username, PASSWORD).status_code == 302
    attempt = AccessAttempt.objects.get(username=user.username)
    assert attempt.failures_since_start == MAX_FAILED_LOGINS
    assert attempt.ip_address == "127.0.0.1"

    # The office lifts it in the admin (deleting the attempt); the next login goes through on either server.
    attempt.delete()
    assert login(second, user.username, PASSWORD).status_code == 302


@pytest.mark.slow
@servers_db
def test_token_throttle_counts_once_across_two_servers(two_servers):
    limit = int(LoginThrottle.rate.split("/")[0])
    for attempt in range(limit):  # unknown accounts, so that only the throttle (not the lockout) can refuse
        response = token(two_servers[attempt % 2], f"nobody{attempt}", "guess")
        assert response.status_code == 400, response.text
    for server in two_servers:
        response = token(server, "nobody", "guess")
        assert response.status_code == 429
        assert response.json()["code"] == "throttled"


@pytest.mark.django_db
def test_office_group_may_view_and_lift_lockouts_in_the_admin(client):
    # The data migration's grant, run here because a transactional test elsewhere may have flushed the
    # groups that migrations created; it must also be safe to run on a database that already has them.
    importlib.import_module("ops.migrations.0002_office_sees_and_lifts_lockouts").grant(apps, None)
    office = Group.objects.get(name="督查室")
    granted = set(office.permissions.filter(content_type__app_label="axes").values_list("codename", flat=True))
    assert {"view_accessattempt", "delete_accessattempt", "view_accesslog"} <= granted
    assert "change_accessattempt" not in granted and "add_accessattempt" not in granted
    assert not Permission.objects.filter(group__name="领导", content_type__app_label="axes").exists()

    office_user = UserFactory(role="office", username="duchashi")
    locked = AccessAttempt.objects.create(username="lockme", ip_address="10.1.2.3", user_agent="x",
                                          failures_since_start=MAX_FAILED_LOGINS, get_data="", post_data="",
                                          http_accept="", path_info="/accounts/login/")
    client.force_login(office_user)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "lockme" in listing.content.decode()
    response = client.post(f"/admin/axes/accessattempt/{locked.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(pk=locked.pk).exists()
