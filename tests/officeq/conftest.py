import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Attachments written by a test land in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
