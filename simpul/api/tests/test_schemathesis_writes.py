"""The new writes fuzzed with a coordinator's read-write token, so the requests reach the
operations (a read token stops at 403): POST /actions and the two imports answer as the schema
says, never a server error, whatever the body or the file."""

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzzing
from schemathesis import GenerationMode

from simpul.api.operations import create_token
from simpul.api.tests.test_schemathesis import CHECKS
from simpul.cycles import operations as cycle_operations
from simpul.frameworks.models import Framework

pytestmark = pytest.mark.django_db(transaction=True)

OPERATIONS = [
    ("/actions", "POST"),
    ("/cycles/{id}/official-results", "POST"),
    ("/cycles/{id}/item-verdicts", "POST"),
]


def test_the_new_writes_answer_as_the_schema_says(live_server, personas, settings):
    call_command("load_frameworks", verbosity=0)
    settings.API_RATE = settings.API_PLAN_RATE = "100000/minute"
    cycle = cycle_operations.open_cycle(
        personas.agency_a, year=2026, framework=Framework.objects.get(code="pemdi-2026"),
        include_visit=False, user=personas.admin,
    )  # fmt: skip
    _, token = create_token(personas.admin_membership, "uji", "write", days=30)
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    statuses: dict[str, set[int]] = {}
    for path, method in OPERATIONS:
        operation = schema[path][method]
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @fuzzing(
                max_examples=15,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def call(case):
                if "id" in (case.path_parameters or {}):
                    case.path_parameters["id"] = cycle.pk  # the agency's own period
                response = case.call_and_validate(headers=headers, checks=CHECKS)
                statuses.setdefault(case.path, set()).add(response.status_code)

            call()
        # The fuzzing reached the operation's own checks, not only the door.
        assert 400 in statuses[path], (path, statuses)
