"""Fixtures for cycle tests: the Pemdi draft, a cycle of agency A, documents, links (the shipped
frameworks and SPBE 2020 come from simpul/conftest.py)."""

from datetime import date
from types import SimpleNamespace

import pytest

from simpul.cycles import operations
from simpul.cycles.models import Answer, Cycle
from simpul.evidence.models import DocumentType, Evidence, EvidenceLink, EvidencePurpose
from simpul.frameworks.models import Framework
from simpul.frameworks.operations import import_framework


@pytest.fixture
def pemdi(db, shipped_specs) -> Framework:
    return import_framework(shipped_specs["pemdi-2026-draft"]).framework


@pytest.fixture
def cycle(personas, spbe) -> Cycle:
    return operations.open_cycle(
        personas.agency_a, year=2025, framework=spbe, include_visit=False, user=personas.admin
    )


def answer_of(cycle: Cycle, code: str) -> Answer:
    return Answer.objects.select_related("cycle__framework", "indicator").get(
        cycle=cycle, indicator__code=code
    )


@pytest.fixture
def answer(cycle, personas) -> Answer:
    """Indicator I01 of the cycle, assigned to the respondent's unit (Bappeda)."""
    item = answer_of(cycle, "I01")
    item.units.add(personas.unit_a2)
    return item


def make_evidence(agency, title: str, *, issued_on: date | None = None, **extra) -> Evidence:
    extra.setdefault("document_type", DocumentType.REPORT)
    return Evidence.objects.create(agency=agency, title=title, issued_on=issued_on, **extra)


def link(answer: Answer, evidence: Evidence, level: int, purpose=EvidencePurpose.GENERAL):
    return EvidenceLink.objects.create(
        answer=answer, evidence=evidence, level=level, purpose=purpose
    )


def member(personas, name: str):
    return getattr(personas, f"{name}_membership")


@pytest.fixture
def people(personas) -> SimpleNamespace:
    """The personas' memberships by role name, for calling actions directly."""
    names = ["admin", "respondent", "assessor", "leader", "partner", "external"]
    return SimpleNamespace(**{name: member(personas, name) for name in names})


def demo_answer(settings, tmp_path, framework: str, code: str) -> Answer:
    """For browser journeys: the demo loaded, a fresh 2027 cycle on `framework` opened from
    scratch (the demo has 2024–2026), and indicator `code` assigned to the respondent's unit."""
    from simpul.agencies.models import Agency, Membership, Role
    from simpul.core.management.commands.load_demo import DEMO_AGENCY
    from simpul.testing.demo import load_demo

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    agency = Agency.objects.get(short_code=DEMO_AGENCY["short_code"])
    admin = Membership.objects.get(agency=agency, role=Role.ADMIN)
    respondent = Membership.objects.get(agency=agency, role=Role.RESPONDENT)
    cycle = operations.open_cycle(
        agency,
        year=2027,
        framework=Framework.objects.get(code=framework),
        include_visit=False,
        user=admin.user,
    )
    answer = cycle.answers.get(indicator__code=code)
    operations.assign_answers(cycle, [answer], membership=admin, units=[respondent.unit])
    return answer
