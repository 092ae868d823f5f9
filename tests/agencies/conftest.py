import pytest

from agencies.services import agencies_load


@pytest.fixture
def loaded(db):
    """The agencies of fixtures/agencies.yaml, as `manage.py load_agencies` leaves them."""
    return agencies_load()
