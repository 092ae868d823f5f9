import datetime
import io

import pytest
from django.core.management import call_command

from agencies.choices import AgencyKind
from tasks.models import OfficeSettings
from tests import factories

from .webhook_server import WebhookServer

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(day: str, hour: int = 8, minute: int = 30) -> datetime.datetime:
    """A moment on `day` in Asia/Shanghai, for time_machine.travel."""
    return datetime.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=SHANGHAI)


def office(**fields) -> OfficeSettings:
    cfg = OfficeSettings.load()
    for name, value in fields.items():
        setattr(cfg, name, value)
    cfg.save()
    return cfg


def agency(name: str, *, emails=("lianluo@example.gov.cn",), webhook: str = "", kind=AgencyKind.PROVINCIAL):
    return factories.AgencyFactory(name=name, contact_emails="\n".join(emails), webhook_url=webhook, kind=kind)


@pytest.fixture
def webhook():
    with WebhookServer() as server:
        yield server


def run_command(*args) -> list[str]:
    """send_reminders' output lines."""
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue().splitlines()
