"""The assessment endpoints' real answers against the OpenAPI document, over the live server.

The fuzzing test (`test_schemathesis.py`) mostly meets 404s on these endpoints: random ids find
no period of the token's agency. Here each one is called with ids that exist, for a framework
valued by level and one valued by items, and Schemathesis checks the 200 bodies (and the
download's headers) against the schema.
"""

from decimal import Decimal

import pytest
import schemathesis
from django.core.management import call_command

from simpul.api.operations import create_token
from simpul.cycles import operations as cycle_operations
from simpul.cycles.models import Answer, ItemReview, ItemVerdict, ReviewStage
from simpul.evidence import operations as evidence_operations
from simpul.evidence.tests import samples
from simpul.frameworks.models import Framework
from simpul.national.matching import normalise
from simpul.national.models import PublishedResult

from .test_schemathesis import CHECKS

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_assessment_endpoints_answer_as_the_schema_says(
    live_server, settings, personas, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.API_RATE = "100000/minute"
    call_command("load_frameworks", verbosity=0)
    admin = personas.admin
    by_level = cycle_operations.open_cycle(
        personas.agency_a,
        year=2025,
        framework=Framework.objects.get(code="spbe-2020"),
        include_visit=False,
        user=admin,
    )
    Answer.objects.filter(cycle=by_level).update(self_level=3, fact="Fakta", analysis="Analisis")
    Answer.objects.filter(cycle=by_level, indicator__number=1).update(final_level=4)
    by_items = cycle_operations.open_cycle(
        personas.agency_a,
        year=2026,
        framework=Framework.objects.get(code="pemdi-2026"),
        include_visit=True,
        user=admin,
    )
    answer = by_items.answers.filter(indicator__items__isnull=False).distinct().first()
    item = answer.indicator.items.order_by("position").first()
    ItemReview.objects.create(
        answer=answer, item=item, stage=ReviewStage.INTERNAL, verdict=ItemVerdict.REVISION
    )
    answer.stage_values.create(stage=ReviewStage.DOCUMENT, value=Decimal("1.500000"), reason="uji")
    document = evidence_operations.upload_evidence(
        personas.agency_a,
        samples.upload("perbup.pdf", samples.pdf_bytes("Perbup")),
        title="Perbup",
        user=admin,
    )
    evidence_operations.link_evidence(
        by_level.answers.get(indicator__number=1), document, level=1, user=admin
    )
    PublishedResult.objects.create(
        year=2031, category="regency", province="Kepulauan Riau", name=personas.agency_a.name,
        key=normalise(personas.agency_a.name), d1=Decimal("2.10"), d2=Decimal("2.20"),
        d3=Decimal("2.30"), d4=Decimal("2.40"), index=Decimal("2.25"), predicate="Cukup",
        source="uji",
    )  # fmt: skip
    _, token = create_token(personas.admin_membership, "uji", "read", days=30)
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {token}"}
    calls = [("/national/results", {}, {"page_size": 200})]
    for cycle, number in ((by_level, 1), (by_items, answer.indicator.number)):
        calls += [
            ("/cycles/{id}/answers", {"id": cycle.pk}, {"page_size": 50}),
            ("/cycles/{id}/answers", {"id": cycle.pk}, {"ordering": "-indicator", "group": "D1"}),
            ("/cycles/{id}/answers/{indicator}", {"id": cycle.pk, "indicator": number}, {}),
            ("/cycles/{id}/evidence", {"id": cycle.pk}, {}),
            ("/cycles/{id}/figures", {"id": cycle.pk}, {}),
        ]
    calls.append(("/evidence/{id}/download", {"id": document.pk}, {}))
    for path, parameters, query in calls:
        operation = schema[path]["GET"]
        case = operation.Case(path_parameters=parameters, query=query)
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        assert response.status_code == 200, (path, parameters, response.status_code)
