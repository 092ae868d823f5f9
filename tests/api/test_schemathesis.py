"""Property-based run of the whole API against its own OpenAPI schema (schemathesis, bounded for CI).

Schemathesis generates requests from /api/schema/ (valid and invalid ones) and
checks every response: no 5xx, a documented status code and content type, and
a body that matches the documented schema. Requests carry an office token, with
a small world of real rows so that filters and ids sometimes hit something.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.generation import GenerationMode

from fangguanfu.wsgi import application
from reminders.models import Notification
from tasks.models import Review
from tests.api.conftest import token_client
from tests.factories import ReportFactory, UserFactory, task_with

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
# 6 examples per operation, mode and role (office, liaison) keep CI to a few minutes; API_FUZZ_EXAMPLES=200 for a deeper run.
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "6"))
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=EXAMPLES)
# The token endpoint is covered by its own tests; fuzzing it would only trip its throttle.
schema = schema.exclude(path="/api/auth/token/")

# Every check schemathesis has (the CLI's `--checks all`), positive_data_acceptance included: a schema-valid
# request is answered 2xx or 404, never refused.
checks.load_all_checks()
CHECKS = checks.CHECKS.get_all()


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: a request must not close the connection holding the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["office", "liaison"])
def token(request, keep_test_connection, db, office_user, liaison_a, agency_a, agency_b):
    """The office sees everything; a liaison of the co agency B meets other agencies' ids and 404s."""
    task = task_with(lead=[agency_a], co=[agency_b])
    ReportFactory(task=task, agency=agency_a)
    Review.objects.create(task=task, decision="return", reviewer=office_user, reason="材料不足")
    Notification.objects.create(recipient=office_user, title="督查室日报")
    user = office_user if request.param == "office" else UserFactory(role="liaison", agency=agency_b)
    client = token_client(user)
    return client._credentials["HTTP_AUTHORIZATION"]


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None,
          derandomize=os.environ.get("API_FUZZ_RANDOM") != "1")
def test_api_conforms_to_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": token}, checks=CHECKS)
