"""Security headers and settings a government security review asks for, checked on real responses."""

import datetime
import json
import os
import subprocess
import sys

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.foundation.test_settings import ROOT, production_env

pytestmark = pytest.mark.django_db


def test_pages_carry_a_csp_that_allows_only_this_sites_scripts(client, office_user):
    client.force_login(office_user)
    for url in ("/accounts/login/", "/tasks/", "/dashboard/", "/api/docs/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'", url
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        # No page relies on an inline script, which this policy would block.
        html = response.content.decode()
        assert "<script>" not in html, url


def test_swagger_ui_start_up_script_is_a_file_the_policy_allows(client, office_user):
    client.force_login(office_user)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def test_session_expires_after_two_hours_without_a_request(client, office_user):
    client.force_login(office_user)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=100), tick=False):
        pushed = client.get("/tasks/")  # this request pushes the expiry on
        assert pushed.status_code == 200
        assert pushed.cookies["sessionid"]["max-age"] == ""  # and the cookie ends with the browser
    stored = Session.objects.get(session_key=client.session.session_key)
    expected = timezone.now() + datetime.timedelta(minutes=100 + 120)
    assert abs((stored.expire_date - expected).total_seconds()) < 60
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=100 + 121), tick=False):
        response = client.get("/tasks/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_json_body_over_the_limit_gets_the_apis_json_error(client, settings):
    body = json.dumps({"username": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1), "password": "p"})
    response = client.post("/api/auth/token/", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "提交的数据过大（上限 12 MB），请减少内容或分批提交；附件请用上传接口。",
                               "code": "payload_too_large"}


def test_a_form_body_over_the_limit_outside_the_api_is_a_chinese_page(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = client.post("/accounts/login/", {f"f{i}": "x" for i in range(10)})
    assert response.status_code == 400
    assert "请求无法处理" in response.content.decode()


def test_production_sends_hsts_and_secure_cookies():
    code = (
        "from django.conf import settings as s;import json;"
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        "s.SECURE_SSL_REDIRECT, s.HEALTH_REQUIRE_SCHEDULE]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(production_env())
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [31536000, True, True, True, True]
