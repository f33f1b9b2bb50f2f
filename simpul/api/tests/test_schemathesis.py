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
def api_schema(live_server):
    call_command("load_frameworks", verbosity=0)
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")


def test_the_api_answers_as_its_schema_says(api_schema):
    """One test (the live server and its frameworks are set up once) over every operation,
    with requests valid by the schema and requests that break it."""
    operations = {result.ok().label: result.ok() for result in api_schema.get_all_operations()}
    assert {"POST /score", "POST /plan"} <= set(operations)
    for operation in operations.values():
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=40,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def call(case):
                case.call_and_validate(checks=CHECKS)

            call()
