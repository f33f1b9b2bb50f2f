"""The API against its own OpenAPI document, fuzzed by Schemathesis over the live test server.

Every operation gets requests generated from the schema, valid ones and invalid ones: no
answer may be a server error, and every status code and body must be one the document
declares, in the declared content type. So the document describes what the server answers.
(Hypothesis drives the strategies directly: Schemathesis' pytest plugin does not run on
pytest 9 yet.)
"""

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(live_server, settings):
    call_command("load_frameworks", verbosity=0)
    # Hundreds of requests in a few seconds: the rate limits have their own tests.
    settings.API_RATE = settings.API_PLAN_RATE = "100000/minute"
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")


def test_the_api_answers_as_its_schema_says(api_schema, api_token):
    """One test (the live server and its frameworks are set up once) over every operation,
    with requests valid by the schema and requests that break it, signed with a token (the
    planner needs one; `test_auth.py` tries every operation without)."""
    operations = {result.ok().label: result.ok() for result in api_schema.get_all_operations()}
    # (Schemathesis leaves out the operation that serves the schema it was loaded from.)
    assert {"POST /score", "POST /plan", "GET /docs/"} <= set(operations)
    headers = {"Authorization": f"Bearer {api_token}"}
    for operation in operations.values():
        # An operation that takes no input (the docs page) has no invalid request to make.
        takes_input = bool(operation.body) or bool(operation.query)
        modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        for mode in modes if takes_input else modes[:1]:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                # Each example is a request through the live server (the planner's are the
                # slowest): 20 per operation and mode halve what 40 took, and every
                # operation is still fuzzed with valid and invalid requests.
                max_examples=20,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def call(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            call()
