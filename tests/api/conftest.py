"""API test helpers: a client logged in by token, and a throttle cache that starts empty."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing every fixture user's password with PBKDF2 would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the token endpoint counts attempts per address in the cache
    yield
    cache.clear()


def token_client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def as_office(office_user):
    return token_client(office_user)


@pytest.fixture
def as_leader(leader_user):
    return token_client(leader_user)


@pytest.fixture
def as_liaison_a(liaison_a):
    return token_client(liaison_a)


@pytest.fixture
def as_liaison_b(liaison_b):
    return token_client(liaison_b)


@pytest.fixture
def as_head_a(head_a):
    return token_client(head_a)
