"""Refusals and missing pages answer in Chinese, with the reason the code gave, never Django's English pages."""

import pytest
from django.test import Client

from tests.factories import task_with

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_another_agencys_task_is_a_chinese_404(agency_a, liaison_b):
    task = task_with(lead=[agency_a])
    response = _client(liaison_b).get(f"/tasks/{task.pk}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "任务不存在或您无权查看" in page
    assert "Not Found" not in page and "requested resource" not in page


def test_unknown_address_is_a_chinese_404(liaison_b):
    response = _client(liaison_b).get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_office_only_page_is_a_chinese_403_with_the_reason(liaison_a):
    response = _client(liaison_a).get("/documents/import/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "只有督查室工作人员可以导入文件" in page
    assert "Forbidden" not in page


def test_csrf_failure_is_explained_in_chinese(liaison_a, agency_a):
    task = task_with(lead=[agency_a])
    client = Client(enforce_csrf_checks=True)
    client.force_login(liaison_a)
    response = client.post(f"/tasks/{task.pk}/report/", {"period": "2021-05", "content": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期" in page
    assert "CSRF verification failed" not in page


def test_server_error_page_is_chinese_and_standalone(settings):
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "系统出现错误" in page
