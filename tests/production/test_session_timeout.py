"""Inactivity ends a session; activity keeps it alive without a session write on every page."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC)


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _session_writes(client, url="/tasks/"):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE \"django_session\"")]


def test_activity_pushes_expiry_on_once_a_minute(client, liaison_a):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(liaison_a)
        _session_writes(client)
        first = _expiry(client)
        assert _session_writes(client) == []  # the same minute: the session is read, not written
        clock.shift(datetime.timedelta(minutes=30))
        assert len(_session_writes(client)) == 1
        assert _expiry(client) - first == datetime.timedelta(minutes=30)


def test_a_session_idle_longer_than_the_age_is_logged_out(client, liaison_a):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(liaison_a)
        assert client.get("/tasks/").status_code == 200
        clock.shift(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
        response = client.get("/tasks/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_token_api_call_creates_no_session(office_user):
    from tests.api.conftest import token_client

    before = Session.objects.count()
    assert token_client(office_user).get("/api/tasks/").status_code == 200
    assert Session.objects.count() == before
