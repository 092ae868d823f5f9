import pytest
from django.test import Client

from agencies.services import agencies_load
from tests import factories
from tests.office_setup import office_self_service_rows


@pytest.fixture
def loaded(db):
    """The agencies of fixtures/agencies.yaml, as `manage.py load_agencies` leaves them."""
    return agencies_load()


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def office(loaded):
    """An office user whose group holds what the migrations grant (restored after any flush)."""
    office_self_service_rows()
    return factories.UserFactory(role="office", username="duchashi", first_name="李督查")


@pytest.fixture
def office_client(office):
    client = Client()
    client.force_login(office)
    return client
