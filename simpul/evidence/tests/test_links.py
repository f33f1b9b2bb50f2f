"""Using library documents as evidence: link_evidence / unlink_evidence (the contract the
cycles app relies on), the upload that links at once, and reuse of an existing document."""

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.cycles.models import AnswerEvent, AnswerStatus
from simpul.evidence import operations
from simpul.evidence.models import Evidence, EvidenceLink, EvidencePurpose
from simpul.evidence.views import answer_url

from . import samples


def test_linking_records_the_link_and_the_answer_history(personas, answers, add_pdf):
    evidence = add_pdf("Perbup Arsitektur SPBE")
    link = operations.link_evidence(
        answers.i01,
        evidence,
        level=2,
        purpose=EvidencePurpose.GENERAL,
        note="Pasal 3, halaman 4",
        user=personas.respondent,
    )
    assert (link.answer, link.evidence, link.level) == (answers.i01, evidence, 2)
    assert link.note == "Pasal 3, halaman 4" and link.created_by == personas.respondent
    event = AnswerEvent.objects.get(answer=answers.i01)
    assert event.kind == AnswerEvent.Kind.EVIDENCE
    assert event.actor == personas.respondent
    assert event.changes == {"evidence": [None, "Perbup Arsitektur SPBE (tingkat 2)"]}


def test_unlinking_removes_the_link_keeps_the_document_and_records_it(personas, answers, add_pdf):
    evidence = add_pdf("Perbup Arsitektur SPBE")
    link = operations.link_evidence(
        answers.i01, evidence, level=2, purpose="general", note="", user=None
    )
    operations.unlink_evidence(link, user=personas.admin)
    assert not EvidenceLink.objects.exists()
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    last = AnswerEvent.objects.filter(answer=answers.i01).first()
    assert last.actor == personas.admin
    assert last.changes == {"evidence": ["Perbup Arsitektur SPBE (tingkat 2)", None]}


def test_one_document_serves_many_answers_and_levels(personas, answers, add_pdf):
    evidence = add_pdf("Perbup Arsitektur SPBE")
    for answer, level in [(answers.i01, 1), (answers.i01, 2), (answers.i02, 3)]:
        operations.link_evidence(
            answer, evidence, level=level, purpose="general", note="", user=None
        )
    assert evidence.links.count() == 3


def test_a_document_of_another_agency_cannot_be_linked(personas, answers, add_pdf):
    foreign = add_pdf("Perbup Bintan", agency=personas.agency_b)
    with pytest.raises(operations.EvidenceError, match="milik instansi lain"):
        operations.link_evidence(
            answers.i01, foreign, level=1, purpose="general", note="", user=None
        )
    assert not EvidenceLink.objects.exists() and not AnswerEvent.objects.exists()


@pytest.mark.parametrize("level", [0, 6, 99])
def test_a_level_outside_the_framework_scale_is_refused(personas, answers, add_pdf, level):
    evidence = add_pdf()
    with pytest.raises(operations.EvidenceError, match=f"Tingkat {level} tidak ada .* I01 .*1–5"):
        operations.link_evidence(
            answers.i01, evidence, level=level, purpose="general", note="", user=None
        )


def test_linking_the_same_document_to_the_same_level_twice_is_refused(personas, answers, add_pdf):
    evidence = add_pdf("Perbup Arsitektur SPBE")
    operations.link_evidence(answers.i01, evidence, level=2, purpose="general", note="", user=None)
    with pytest.raises(
        operations.EvidenceError, match="sudah ditautkan ke tingkat 2 indikator I01"
    ):
        operations.link_evidence(
            answers.i01, evidence, level=2, purpose="audit", note="", user=None
        )
    assert EvidenceLink.objects.count() == 1
    assert AnswerEvent.objects.count() == 1


def upload_url(answer, level: int) -> str:
    return f"{reverse('evidence:upload')}?answer={answer.pk}&level={level}"


def test_an_upload_from_the_answer_page_links_the_document_and_goes_back(
    as_user, personas, answers
):
    response = as_user(personas.respondent).post(
        upload_url(answers.i01, 2),
        {
            "file": samples.upload("perbup.pdf", samples.pdf_bytes("Perbup")),
            "title": "Perbup Arsitektur SPBE",
            "document_type": "regulation",
            "tautan-purpose": "general",
            "tautan-note": "Pasal 2",
        },
    )
    link = EvidenceLink.objects.get()
    assert (link.answer, link.level, link.note) == (answers.i01, 2, "Pasal 2")
    expected = answer_url(answers.i01) or reverse("evidence:detail", args=[link.evidence_id])
    assert response.status_code == 302 and response.url == expected


def test_the_upload_page_says_where_the_document_will_be_linked(as_user, personas, answers):
    page = as_user(personas.respondent).get(upload_url(answers.i01, 2)).content.decode()
    assert "langsung ditautkan ke indikator I01" in page and "tingkat 2" in page


def test_a_respondent_cannot_upload_for_an_answer_of_another_unit(as_user, personas, answers):
    response = as_user(personas.respondent).get(upload_url(answers.i02, 1))
    assert response.status_code == 403


def test_an_answer_of_another_agency_is_not_found(as_user, personas, answers):
    response = as_user(personas.admin_b).get(upload_url(answers.i01, 1))
    assert response.status_code == 404


def test_a_level_outside_the_scale_in_the_upload_address_is_not_found(as_user, personas, answers):
    assert as_user(personas.admin).get(upload_url(answers.i01, 9)).status_code == 404


def test_the_same_file_uploaded_for_an_answer_offers_to_link_the_existing_one(
    as_user, personas, answers, add_pdf
):
    existing = add_pdf("Perbup Arsitektur SPBE", text="Arsitektur")
    client = as_user(personas.respondent)
    response = client.post(
        upload_url(answers.i01, 2),
        {
            "file": samples.upload("salinan.pdf", samples.pdf_bytes("Arsitektur")),
            "document_type": "other",
            "tautan-purpose": "general",
        },
    )
    page = response.content.decode()
    assert reverse("evidence:link", args=[existing.pk]) in page
    assert "Tautkan dokumen itu ke I01 tingkat 2" in page
    # Accepting the offer links the existing document instead of storing a copy.
    client.post(
        reverse("evidence:link", args=[existing.pk]),
        {"answer": answers.i01.pk, "level": 2, "purpose": "general", "note": ""},
    )
    assert EvidenceLink.objects.get().evidence == existing
    assert Evidence.objects.count() == 1


def test_the_detail_page_shows_where_a_document_is_used(as_user, personas, answers, add_pdf):
    evidence = add_pdf("Perbup Arsitektur SPBE")
    operations.link_evidence(
        answers.i01, evidence, level=2, purpose="general", note="Pasal 3", user=None
    )
    operations.link_evidence(answers.i02, evidence, level=4, purpose="review", note="", user=None)
    page = as_user(personas.leader).get(reverse("evidence:detail", args=[evidence.pk]))
    text = page.content.decode()
    assert "I01" in text and "I02" in text and "Pasal 3" in text
    assert "Hasil reviu/evaluasi" in text


def test_the_admin_unlinks_from_the_detail_page(as_user, personas, answers, add_pdf):
    evidence = add_pdf()
    link = operations.link_evidence(
        answers.i01, evidence, level=1, purpose="general", note="", user=None
    )
    response = as_user(personas.admin).post(reverse("evidence:unlink", args=[link.pk]))
    assert response.status_code == 302
    assert not EvidenceLink.objects.exists()


def test_links_of_another_agency_cannot_be_removed(as_user, personas, answers, add_pdf):
    evidence = add_pdf()
    link = operations.link_evidence(
        answers.i01, evidence, level=1, purpose="general", note="", user=None
    )
    response = as_user(personas.admin_b).post(reverse("evidence:unlink", args=[link.pk]))
    assert response.status_code == 404
    assert EvidenceLink.objects.exists()


def test_a_respondent_cannot_unlink_evidence_of_another_units_answer(
    as_user, personas, answers, add_pdf
):
    evidence = add_pdf()
    link = operations.link_evidence(
        answers.i02, evidence, level=1, purpose="general", note="", user=None
    )
    response = as_user(personas.respondent).post(reverse("evidence:unlink", args=[link.pk]))
    assert response.status_code == 403
    assert EvidenceLink.objects.exists()


def test_no_evidence_is_attached_to_an_answer_already_submitted(
    as_user, personas, answers, add_pdf
):
    answers.i01.status = AnswerStatus.SUBMITTED
    answers.i01.save()
    evidence = add_pdf()
    client = as_user(personas.respondent)
    assert client.get(upload_url(answers.i01, 1)).status_code == 403
    response = client.post(
        reverse("evidence:link", args=[evidence.pk]),
        {"answer": answers.i01.pk, "level": 1, "purpose": "general", "note": ""},
    )
    assert response.status_code == 403
    assert not EvidenceLink.objects.exists()


def test_no_evidence_is_attached_once_the_self_assessment_is_locked(
    as_user, personas, answers, add_pdf
):
    answers.i01.cycle.self_assessment_locked_at = timezone.now()
    answers.i01.cycle.save()
    assert as_user(personas.admin).get(upload_url(answers.i01, 1)).status_code == 403


@pytest.mark.parametrize("level", ["²", "9" * 25, "abc"])
def test_an_unreadable_level_on_the_upload_page_is_a_404(as_user, personas, answers, level):
    url = f"{reverse('evidence:upload')}?answer={answers.i01.pk}&level={level}"
    assert as_user(personas.respondent).get(url).status_code == 404
