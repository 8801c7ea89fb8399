"""API fuzzing: schemathesis generates requests from the app's own OpenAPI schema, for every
operation, as each role. No request may cause a server error, and every documented response
must match its schema. Bounded (ROGATORY_FUZZ_EXAMPLES per operation and role) and
derandomised so CI is repeatable; raise the bound locally to dig deeper."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from rogatory.accounts.models import ApiToken
from rogatory.wsgi import application

EXAMPLES = int(os.environ.get("ROGATORY_FUZZ_EXAMPLES", "6"))
FUZZ_ROLES = ["anonymous", "practitioner", "officer_a", "focal_a", "secretariat"]
SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """schemathesis calls the WSGI app directly, so Django's end-of-request hook would close
    the connection that holds the test's transaction; Django's own test client unhooks it too."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", FUZZ_ROLES)
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_server_error_and_responses_match_schema(actors, label, role):
    user = actors.by_name(role)
    headers = {}
    if user is not None:
        _token, key = ApiToken.issue(user, "fuzz")
        headers["Authorization"] = f"Token {key}"

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=OPERATIONS[label].as_strategy())
    def exercise(case) -> None:
        case.headers = {**(case.headers or {}), **headers}
        response = case.call()
        case.validate_response(response, checks=[not_a_server_error,
                                                 response_schema_conformance])

    exercise()
