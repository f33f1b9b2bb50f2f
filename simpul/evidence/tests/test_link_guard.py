"""The link actions themselves refuse to change evidence of a submitted or locked answer."""

import pytest
from django.utils import timezone

from simpul.cycles.models import AnswerStatus
from simpul.evidence.models import Evidence, EvidenceLink
from simpul.evidence.operations import EvidenceError, link_evidence, unlink_evidence


@pytest.fixture
def linkable(personas, frameworks_loaded):
    from simpul.cycles.models import Answer, Cycle
    from simpul.frameworks.models import Framework

    cycle = Cycle.objects.create(
        agency=personas.agency_a, year=2025, framework=Framework.objects.get(code="spbe-2020")
    )
    indicator = cycle.framework.indicators.get(code="I01")
    answer = Answer.objects.create(cycle=cycle, indicator=indicator)
    evidence = Evidence.objects.create(
        agency=personas.agency_a, title="Perbup SPBE", url="https://jdih.example/perbup"
    )
    return answer, evidence


def test_evidence_cannot_be_linked_to_a_submitted_answer(linkable, personas):
    answer, evidence = linkable
    answer.status = AnswerStatus.SUBMITTED
    answer.save(update_fields=["status"])
    with pytest.raises(EvidenceError, match="tidak dapat diubah"):
        link_evidence(answer, evidence, level=1, user=personas.respondent)
    assert not EvidenceLink.objects.exists()


def test_evidence_cannot_be_unlinked_after_the_lock(linkable, personas):
    answer, evidence = linkable
    link = link_evidence(answer, evidence, level=1, user=personas.respondent)
    answer.cycle.self_assessment_locked_at = timezone.now()
    answer.cycle.save(update_fields=["self_assessment_locked_at"])
    answer.refresh_from_db()
    with pytest.raises(EvidenceError, match="tidak dapat diubah"):
        unlink_evidence(link, user=personas.respondent)
    assert EvidenceLink.objects.filter(pk=link.pk).exists()
