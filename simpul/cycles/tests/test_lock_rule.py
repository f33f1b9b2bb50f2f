"""The framework rule "lock_requires_complete": locking is refused while answers are incomplete.

No shipped framework sets it (docs/framework-format.md says why), so the tests import SPBE 2020
under a new code with the rule on.
"""

import dataclasses
import json

import pytest
from django.urls import reverse

from simpul.cycles import operations
from simpul.cycles.models import Answer, AnswerStatus, Cycle
from simpul.cycles.tests.conftest import link, make_evidence
from simpul.frameworks.canonical import canonical_document
from simpul.frameworks.checking import parse_framework_document
from simpul.frameworks.operations import import_framework
from simpul.frameworks.spec import FrameworkFileError


@pytest.fixture
def strict_cycle(personas, shipped_specs) -> Cycle:
    spec = dataclasses.replace(
        shipped_specs["spbe-2020"], code="spbe-2020-lengkap", lock_requires_complete=True
    )
    framework = import_framework(spec).framework
    return operations.open_cycle(
        personas.agency_a, year=2027, framework=framework, include_visit=False, user=personas.admin
    )


def complete(cycle: Cycle, personas, *, except_codes=()) -> None:
    """Every answer submitted at level 2 with a document, except `except_codes` (left as
    drafts without level or evidence)."""
    document = make_evidence(personas.agency_a, "Renstra Diskominfo")
    answers = cycle.answers.exclude(indicator__code__in=except_codes)
    answers.update(self_level=2, status=AnswerStatus.SUBMITTED)
    for answer in answers:
        link(answer, document, 2)


def test_the_rule_refuses_locking_and_names_the_incomplete_answers(strict_cycle, people, personas):
    complete(strict_cycle, personas, except_codes=["I03", "I07"])
    Answer.objects.filter(cycle=strict_cycle, indicator__code="I09").update(
        status=AnswerStatus.CHANGES_REQUESTED
    )
    with pytest.raises(operations.ActionError) as refused:
        operations.lock_self_assessment(strict_cycle, membership=people.admin)
    message = refused.value.message
    assert "mewajibkan semua jawaban lengkap" in message
    assert "Masih draf: indikator 3, 7" in message
    assert "tanpa data dukung: indikator 3, 7" in message
    assert "belum bertingkat: indikator 3, 7" in message
    assert "dalam revisi: indikator 9" in message
    strict_cycle.refresh_from_db()
    assert not strict_cycle.is_locked and not strict_cycle.self_assessment_snapshot


def test_the_lock_page_says_beforehand_that_locking_will_be_refused(
    strict_cycle, as_user, personas
):
    complete(strict_cycle, personas, except_codes=["I05"])
    client = as_user(personas.admin)
    url = reverse("cycles:lock", args=[strict_cycle.pk])
    page = client.get(url).content.decode()
    assert 'id="kunci-ditolak"' in page and "Masih draf: indikator 5" in page
    assert 'name="konfirmasi"' not in page  # no button that can only fail
    response = client.post(url, {"konfirmasi": "KUNCI"})
    assert response.status_code == 400
    assert "Masih draf: indikator 5" in response.content.decode()
    strict_cycle.refresh_from_db()
    assert not strict_cycle.is_locked


def test_the_rule_locks_once_every_answer_is_complete(strict_cycle, people, personas):
    complete(strict_cycle, personas)
    cycle = operations.lock_self_assessment(strict_cycle, membership=people.admin)
    assert cycle.is_locked
    assert cycle.self_assessment_snapshot["status_counts"]["submitted"] == 47


def test_without_the_rule_drafts_are_locked_as_they_are(cycle, people, as_user, personas):
    assert not cycle.framework.spec().lock_requires_complete
    page = as_user(personas.admin).get(reverse("cycles:lock", args=[cycle.pk])).content.decode()
    assert 'id="kunci-ditolak"' not in page and 'name="konfirmasi"' in page
    locked = operations.lock_self_assessment(cycle, membership=people.admin)
    assert locked.is_locked and locked.self_assessment_snapshot["status_counts"]["draft"] == 47


def test_the_rule_survives_the_canonical_document(shipped_specs):
    spec = dataclasses.replace(shipped_specs["spbe-2020"], lock_requires_complete=True)
    document = canonical_document(spec)
    assert document["lock_requires_complete"] is True
    assert parse_framework_document(document).lock_requires_complete is True
    # Off is the default and is not written, so existing digests do not change.
    assert "lock_requires_complete" not in canonical_document(shipped_specs["spbe-2020"])


@pytest.mark.parametrize("value", ["ya", 1, None, {"aktif": True}])
def test_a_malformed_rule_is_refused_with_a_message(shipped_specs, value):
    document = canonical_document(shipped_specs["spbe-2020"])
    document["lock_requires_complete"] = value
    with pytest.raises(FrameworkFileError) as refused:
        parse_framework_document(json.loads(json.dumps(document)))
    assert [str(p) for p in refused.value.problems] == [
        'Kerangka spbe-2020: kolom "lock_requires_complete" harus true atau false.'
    ]
