"""Fixtures for reports: a 2025 cycle of agency A with every level, last year's cycle, and the
real background worker."""

from types import SimpleNamespace

import pytest

from simpul.cycles.models import AnswerEvent
from simpul.cycles.operations import open_cycle
from simpul.evidence.models import Evidence, EvidenceLink
from simpul.frameworks.models import Framework
from simpul.frameworks.tests.conftest import frameworks_loaded  # noqa: F401 - a fixture


def level_of(number: int) -> int:
    return 1 + number % 5


@pytest.fixture
def cycles(personas, frameworks_loaded) -> SimpleNamespace:  # noqa: F811
    framework = Framework.objects.get(code="spbe-2020")
    agency = personas.agency_a
    before = open_cycle(
        agency, year=2024, framework=framework, include_visit=False, user=personas.admin
    )
    before.answers.update(self_level=2)
    now = open_cycle(
        agency, year=2025, framework=framework, include_visit=False, user=personas.admin
    )
    for answer in now.answers.select_related("indicator"):
        answer.self_level = level_of(answer.indicator.number)
        answer.fact = f"Fakta {answer.indicator.code}"
        answer.analysis = f"Analisis {answer.indicator.code}"
        answer.save(update_fields=["self_level", "fact", "analysis"])
    first = now.answers.select_related("indicator").get(indicator__code="I01")
    evidence = Evidence.objects.create(
        agency=agency, title="Perbup Arsitektur SPBE", number="12/2024", document_type="regulation"
    )
    EvidenceLink.objects.create(evidence=evidence, answer=first, level=3, note="Pasal 4")
    AnswerEvent.objects.create(
        answer=first, kind=AnswerEvent.Kind.EDITED, actor=personas.admin,
        changes={"self_level": [None, 2]}, comment="isi awal",
    )  # fmt: skip
    other = open_cycle(
        personas.agency_b, year=2025, framework=framework, include_visit=False, user=None
    )
    return SimpleNamespace(before=before, now=now, first=first, evidence=evidence, other=other)
