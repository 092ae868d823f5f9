"""Token login, anonymous access, the error body, the schema and the offline Swagger UI."""

import re

import pytest
from django.contrib.staticfiles import finders
from rest_framework.test import APIClient

from tests.factories import PASSWORD, task_with

pytestmark = pytest.mark.django_db


def test_token_login_then_token_use(office_user, agency_a):
    task_with(lead=[agency_a])
    client = APIClient()
    response = client.post("/api/auth/token/", {"username": office_user.username, "password": PASSWORD},
                           format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert re.fullmatch(r"[0-9a-f]{40}", token)
    again = client.post("/api/auth/token/", {"username": office_user.username, "password": PASSWORD}, format="json")
    assert again.json()["token"] == token  # one token per user, stable
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/tasks/").json()["count"] == 1


@pytest.mark.parametrize("password", ["wrong", ""])
def test_bad_credentials_are_400_in_chinese(office_user, password):
    response = APIClient().post("/api/auth/token/", {"username": office_user.username, "password": password},
                                format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    if password:
        assert body["detail"] == "用户名或密码错误，或账号已停用。"
    else:
        assert "password" in body["errors"]


def test_inactive_user_gets_no_token(office_user):
    office_user.is_active = False
    office_user.save()
    response = APIClient().post("/api/auth/token/", {"username": office_user.username, "password": PASSWORD},
                                format="json")
    assert response.status_code == 400


def test_password_guessing_is_throttled(office_user):
    client = APIClient()
    codes = [
        client.post("/api/auth/token/", {"username": office_user.username, "password": "x"}, format="json").status_code
        for _ in range(31)
    ]
    assert codes[:30] == [400] * 30 and codes[30] == 429


def test_anonymous_and_bad_token_get_401_with_the_token_scheme():
    anonymous = APIClient().get("/api/tasks/")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"
    assert anonymous.json() == {"detail": "身份认证信息未提供。", "code": "not_authenticated"}
    forged = APIClient(HTTP_AUTHORIZATION="Token " + "0" * 40).get("/api/tasks/")
    assert forged.status_code == 401 and forged.json()["code"] == "authentication_failed"


def test_unknown_api_address_and_wrong_method_answer_json(as_office):
    missing = as_office.get("/api/no-such-thing/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    wrong = as_office.delete("/api/tasks/")
    assert wrong.status_code == 405 and "DELETE" in wrong.json()["detail"]


def test_malformed_json_body_is_400(as_liaison_a, agency_a):
    task = task_with(lead=[agency_a])
    response = as_liaison_a.post(f"/api/tasks/{task.pk}/reports/", "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "parse_error"


def test_session_posts_need_the_csrf_token(office_user, agency_a):
    task = task_with(lead=[agency_a])
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(office_user)
    response = client.post(f"/api/tasks/{task.pk}/signoff/", {}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_schema_is_openapi3_with_chinese_descriptions_and_stable_paths():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in ("/api/tasks/", "/api/tasks/{id}/", "/api/tasks/{id}/reports/", "/api/reports/", "/api/documents/",
                 "/api/agencies/", "/api/notifications/", "/api/dashboard/", "/api/reviews/",
                 "/api/tasks/{id}/signoff-request/", "/api/tasks/{id}/signoff/", "/api/tasks/{id}/return/",
                 "/api/tasks/{id}/reopen/", "/api/documents/import/preview/", "/api/documents/import/confirm/",
                 "/api/auth/token/"):
        assert path in paths, path
    task_list = paths["/api/tasks/"]["get"]
    assert task_list["summary"] == "任务列表"
    params = {p["name"]: p for p in task_list["parameters"]}
    for name in ("document", "year", "section", "agency", "role", "status", "warning", "deadline_before",
                 "deadline_after", "overdue", "has_report_this_month", "q", "ordering", "page", "page_size"):
        assert name in params, name
    assert params["warning"]["description"].startswith("预警")
    assert set(params["warning"]["schema"]["enum"]) == {"red", "orange", "yellow", "green"}
    assert "400" in task_list["responses"] and "404" in paths["/api/tasks/{id}/"]["get"]["responses"]


def test_swagger_ui_is_served_from_local_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert not re.search(r"https?://", html.replace("http://testserver", ""))  # no CDN
    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name
