"""Opening a Pemdi 2026 cycle from last year's SPBE 2020 cycle: suggested, never linked."""

import pytest
from django.urls import reverse

from simpul.cycles import items, operations
from simpul.cycles.models import EvidenceSuggestion, SuggestionStatus
from simpul.cycles.tests.conftest import answer_of, link, make_evidence
from simpul.evidence.models import EvidenceLink
from simpul.frameworks.mappings import SHIPPED_MAPPING, load_mapping_file
from simpul.frameworks.operations import import_framework, import_mapping


@pytest.fixture
def pemdi2026(db, shipped_specs):
    framework = import_framework(shipped_specs["pemdi-2026"]).framework
    return framework


@pytest.fixture
def spbe_2025(personas, spbe, pemdi2026, shipped_specs):
    """A 2025 SPBE cycle: I19 (coordination team) at level 3 with a decree, I20 with minutes."""
    import_mapping(load_mapping_file(SHIPPED_MAPPING, shipped_specs.get))
    cycle = operations.open_cycle(
        personas.agency_a, year=2025, framework=spbe, include_visit=False, user=personas.admin
    )
    i19 = answer_of(cycle, "I19")
    i19.self_level, i19.fact = 3, "SK Bupati 12/2025 Tim Koordinasi SPBE"
    i19.save()
    i19.units.add(personas.unit_a2)
    link(i19, make_evidence(personas.agency_a, "SK Tim Koordinasi SPBE 2025"), 3)
    link(answer_of(cycle, "I20"), make_evidence(personas.agency_a, "Notulen Forum SPBE"), 2)
    return cycle


@pytest.fixture
def pemdi_2026(personas, spbe_2025, pemdi2026):
    return operations.open_cycle(
        personas.agency_a,
        year=2026,
        framework=pemdi2026,
        include_visit=False,
        user=personas.admin,
        copy_from=spbe_2025,
    )


def test_documents_become_suggestions_and_nothing_is_linked(pemdi_2026, personas) -> None:
    i4 = answer_of(pemdi_2026, "I4")  # Kolaborasi: mapped from I19 and I20 (primary)
    titles = set(i4.suggestions.values_list("evidence__title", flat=True))
    assert titles == {"SK Tim Koordinasi SPBE 2025", "Notulen Forum SPBE"}
    assert not EvidenceLink.objects.filter(answer__cycle=pemdi_2026).exists()
    assert list(i4.units.all()) == [personas.unit_a2]  # from I19, the primary predecessor
    assert pemdi_2026.previous_id is not None


def test_the_answer_page_shows_the_mapped_answers_and_the_respondent_decides(
    pemdi_2026, personas, as_user
) -> None:
    i4 = answer_of(pemdi_2026, "I4")
    client = as_user(personas.respondent)
    body = client.get(reverse("cycles:answer", args=[i4.pk])).content.decode()
    assert "Dari periode 2025" in body
    assert 'data-source="I19"' in body and "SK Bupati 12/2025 Tim Koordinasi SPBE" in body
    decree = i4.suggestions.get(evidence__title="SK Tim Koordinasi SPBE 2025")
    minutes = i4.suggestions.get(evidence__title="Notulen Forum SPBE")
    accept = reverse("cycles:accept_suggestion", args=[i4.pk, decree.pk])
    assert client.post(accept, {"item": "I4-L1-01"}).status_code == 302
    decree.refresh_from_db()
    assert decree.status == SuggestionStatus.ACCEPTED and decree.item.code == "I4-L1-01"
    assert EvidenceLink.objects.get(answer=i4).item.code == "I4-L1-01"
    reject = reverse("cycles:reject_suggestion", args=[i4.pk, minutes.pk])
    assert client.post(reject).status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == SuggestionStatus.REJECTED
    assert EvidenceLink.objects.filter(answer=i4).count() == 1
    # Decided suggestions leave the list; a second decision is refused.
    with pytest.raises(operations.ActionError, match="sudah diputuskan"):
        items.reject_suggestion(decree, membership=personas.respondent_membership)


def test_another_agency_cannot_decide_and_an_unmapped_copy_is_refused(
    pemdi_2026, personas, as_user, pemdi
) -> None:
    i4 = answer_of(pemdi_2026, "I4")
    suggestion = i4.suggestions.first()
    other = as_user(personas.admin_b)
    for name in ("accept_suggestion", "reject_suggestion"):
        url = reverse(f"cycles:{name}", args=[i4.pk, suggestion.pk])
        assert other.post(url, {"item": "I4-L1-01"}).status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING
    with pytest.raises(operations.ActionError, match="tidak ada pemetaan"):
        operations.open_cycle(
            personas.agency_a, year=2027, framework=pemdi, include_visit=False,
            user=personas.admin, copy_from=pemdi_2026,
        )  # fmt: skip
    assert EvidenceSuggestion.objects.filter(answer__cycle__year=2027).count() == 0
