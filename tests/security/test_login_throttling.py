"""Password guessing is slowed on both doors: the API's token login and the login page.

A throttle keyed on a header the client writes itself (X-Forwarded-For without
a trusted proxy count) is no throttle: every guess would start a fresh count.
"""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from fangguanfu.api_auth import LoginThrottle
from fangguanfu.login import MAX_FAILED_LOGINS
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _one_throttle_window(settings):
    """All attempts of a test fall in one rate window, however slow the machine.

    On a loaded CI machine thirty PBKDF2 checks took longer than the throttle's minute, so the
    earliest attempts had left the window before the last one was counted. The clock stands still
    (time-machine also stops DRF's and axes' clocks) and passwords hash fast.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def _token_limit() -> int:
    return int(LoginThrottle.rate.split("/")[0])


def test_token_login_throttle_ignores_a_forged_forwarded_for(office_user):
    client = APIClient()
    for attempt in range(_token_limit()):
        response = client.post("/api/auth/token/", {"username": office_user.username, "password": "guess"},
                               format="json", HTTP_X_FORWARDED_FOR=f"10.0.{attempt // 250}.{attempt % 250}")
        assert response.status_code == 400
    response = client.post("/api/auth/token/", {"username": office_user.username, "password": PASSWORD},
                           format="json", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429
    assert "token" not in response.json()


def test_behind_one_proxy_the_proxy_added_address_counts(office_user, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = APIClient()
    for _ in range(_token_limit()):
        # The client forges the first entry; the proxy appends the real address last.
        client.post("/api/auth/token/", {"username": office_user.username, "password": "guess"}, format="json",
                    HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    blocked = client.post("/api/auth/token/", {"username": office_user.username, "password": PASSWORD},
                          format="json", HTTP_X_FORWARDED_FOR="5.6.7.8, 203.0.113.7")
    assert blocked.status_code == 429
    other = client.post("/api/auth/token/", {"username": office_user.username, "password": PASSWORD},
                        format="json", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.8")
    assert other.status_code == 200


def test_login_page_stops_guessing_after_too_many_failures(office_user):
    client = Client()
    for _ in range(MAX_FAILED_LOGINS):
        response = client.post("/accounts/login/", {"username": office_user.username, "password": "guess"})
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.content.decode()
    # Even the right password is refused until the window has passed: the guesser learns nothing.
    response = client.post("/accounts/login/", {"username": office_user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_page_counts_only_failures_and_per_address(office_user):
    client = Client()
    for _ in range(MAX_FAILED_LOGINS - 1):
        client.post("/accounts/login/", {"username": office_user.username, "password": "guess"})
    response = client.post("/accounts/login/", {"username": office_user.username, "password": PASSWORD})
    assert response.status_code == 302
    other = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(MAX_FAILED_LOGINS):
        other.post("/accounts/login/", {"username": office_user.username, "password": "guess"})
    assert other.post("/accounts/login/", {"username": office_user.username, "password": PASSWORD}).status_code == 429
    fresh = Client(REMOTE_ADDR="192.0.2.11")
    assert fresh.post("/accounts/login/", {"username": office_user.username, "password": PASSWORD}).status_code == 302


def test_admin_login_is_the_throttled_login_page():
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
