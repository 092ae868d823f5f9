"""修改密码: a signed-in person replaces the password the office handed out, in a page.

The old password must be right, the new one must pass the validators (Chinese messages), a refusal changes
nothing, and a change keeps this session, ends the person's other sessions and revokes their API token.
"""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD

URL = "/accounts/password/"
NEW = "Fgf-Xin-Mima-2026"

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _change(client, old=PASSWORD, new1=NEW, new2=NEW):
    return client.post(URL, {"old_password": old, "new_password1": new1, "new_password2": new2})


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post(URL, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}).status_code == 302


def test_every_page_links_to_it_from_the_signed_in_name(liaison_a):
    page = _signed_in(liaison_a).get("/tasks/").content.decode()
    assert f'href="{URL}"' in page


def test_the_page_is_in_chinese(liaison_a):
    html = _signed_in(liaison_a).get(URL).content.decode()
    assert "修改密码" in html and "旧密码" in html and "新密码" in html


@pytest.mark.parametrize(("old", "new1", "new2", "message"), [
    ("wrong-old-password", NEW, NEW, "旧密码不正确"),
    (PASSWORD, NEW, NEW + "x", "两个密码不一致"),
    (PASSWORD, "12345678901", "12345678901", "密码只包含数字"),
    (PASSWORD, "abc", "abc", "密码长度太短"),
    (PASSWORD, "password123", "password123", "太常见"),
])
def test_a_refused_change_says_why_and_keeps_the_old_password(liaison_a, old, new1, new2, message):
    client = _signed_in(liaison_a)
    token = Token.objects.create(user=liaison_a)
    response = _change(client, old, new1, new2)
    assert response.status_code == 200
    assert message in response.content.decode()
    liaison_a.refresh_from_db()
    assert liaison_a.check_password(PASSWORD) and not liaison_a.check_password(new1)
    assert Token.objects.filter(key=token.key).exists()


def test_a_change_keeps_this_session_ends_the_others_and_revokes_the_token(liaison_a, liaison_b):
    here, elsewhere = _signed_in(liaison_a), _signed_in(liaison_a)
    Token.objects.create(user=liaison_a)
    bystander = Token.objects.create(user=liaison_b)
    response = _change(here)
    assert response.status_code == 302 and response["Location"] == "/"
    liaison_a.refresh_from_db()
    assert liaison_a.check_password(NEW)
    assert not Token.objects.filter(user=liaison_a).exists()
    assert Token.objects.filter(key=bystander.key).exists()  # only the person's own token goes
    followed = here.get("/tasks/")
    assert followed.status_code == 200 and "密码已修改" in followed.content.decode()
    assert "接口令牌已作废" in followed.content.decode()
    assert elsewhere.get("/tasks/").status_code == 302  # the other session must sign in again
    fresh = Client()
    assert fresh.post("/accounts/login/", {"username": liaison_a.username, "password": NEW}).status_code == 302


def test_one_person_cannot_change_another_persons_password(liaison_a, liaison_b):
    # The form changes the signed-in user's password only; a forged username is not a field it reads.
    client = _signed_in(liaison_a)
    response = client.post(URL, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW,
                                 "username": liaison_b.username, "user": liaison_b.pk})
    assert response.status_code == 302
    liaison_b.refresh_from_db()
    assert liaison_b.check_password(PASSWORD)
