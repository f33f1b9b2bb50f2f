"""The answer page: criteria beside the chosen level, evidence per level, warnings, links."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.cycles import operations
from simpul.cycles.models import Answer, AnswerStatus
from simpul.cycles.tests.conftest import answer_of, link, make_evidence
from simpul.evidence.models import DocumentType, EvidenceLink, EvidencePurpose


def url(answer) -> str:
    return reverse("cycles:answer", args=[answer.pk])


def html_of(client, answer, **params) -> str:
    response = client.get(url(answer), params)
    assert response.status_code == 200
    return response.content.decode()


def card(html: str, level: int) -> str:
    part = html[html.index(f'id="tingkat-{level}"') :]
    return part[: part.index("</details>")]


def test_every_level_shows_its_criteria_guidance_and_the_chosen_one_is_marked(
    as_user, personas, answer
):
    Answer.objects.filter(pk=answer.pk).update(self_level=2)
    html = html_of(as_user(personas.respondent), answer)
    levels = list(answer.indicator.levels.order_by("level"))
    assert html.count('<details class="level fold"') == len(levels) == 5
    for level in levels:
        text = card(html, level.level)
        assert level.name in text and level.criteria[:60] in text
        assert level.evidence[:60] in text
    assert "dipilih" in card(html, 2) and "dipilih" not in card(html, 3)


def test_linked_documents_show_per_level_with_type_date_and_purpose(as_user, personas, answer):
    perbup = make_evidence(
        personas.agency_a,
        "Perbup Natuna 12/2023 tentang SPBE",
        issued_on=date(2023, 3, 14),
        document_type=DocumentType.REGULATION,
    )
    link(answer, perbup, 2)
    html = html_of(as_user(personas.respondent), answer)
    text = card(html, 2)
    assert "Perbup Natuna 12/2023 tentang SPBE" in text
    assert "Peraturan Bupati/Wali Kota" in text and "14 Mar 2023" in text
    assert "Bukti umum" in text
    assert "belum ada" in card(html, 1)
    assert f'href="{reverse("evidence:detail", args=[perbup.pk])}"' in text


def test_a_level_without_evidence_for_a_lower_level_is_warned(as_user, personas, answer):
    Answer.objects.filter(pk=answer.pk).update(self_level=3)
    link(answer, make_evidence(personas.agency_a, "Notulen"), 3)
    html = html_of(as_user(personas.respondent), answer)
    assert 'data-warning="missing_levels"' in html
    assert "tingkat 1 dan 2 belum memiliki data dukung" in html


def test_the_framework_rules_warn_about_a_stale_review(as_user, personas, answer):
    Answer.objects.filter(pk=answer.pk).update(self_level=4)
    for level in range(1, 5):
        link(answer, make_evidence(personas.agency_a, f"Bukti {level}"), level)
    old = make_evidence(
        personas.agency_a, "Laporan reviu kebijakan 2019", issued_on=date(2019, 5, 2)
    )
    link(answer, old, 4, EvidencePurpose.REVIEW)
    html = html_of(as_user(personas.respondent), answer)
    assert 'data-warning="review_stale"' in html and "Laporan reviu kebijakan 2019" in html
    assert 'data-warning="missing_levels"' not in html
    # The rule itself is explained from the framework data.
    assert "Mulai tingkat 4: catatan/laporan hasil reviu" in html


def test_a_level_five_policy_without_follow_up_is_warned(as_user, personas, answer):
    Answer.objects.filter(pk=answer.pk).update(self_level=5)
    html = html_of(as_user(personas.admin), answer)
    assert 'data-warning="follow_up_missing"' in html


def test_a_service_indicator_needs_its_review_only_at_level_five(as_user, personas, cycle):
    i32 = answer_of(cycle, "I32")
    Answer.objects.filter(pk=i32.pk).update(self_level=4)
    assert 'data-warning="review_missing"' not in html_of(as_user(personas.admin), i32)
    Answer.objects.filter(pk=i32.pk).update(self_level=5)
    assert 'data-warning="review_missing"' in html_of(as_user(personas.admin), i32)


# --- linking an existing document --------------------------------------------------------------


def test_the_title_search_offers_this_agencys_documents_as_an_htmx_fragment(
    as_user, personas, answer
):
    make_evidence(personas.agency_a, "Notulen Forum SPBE Maret")
    make_evidence(personas.agency_a, "Daftar hadir forum")
    make_evidence(personas.agency_b, "Notulen Bintan")
    response = as_user(personas.respondent).get(
        url(answer), {"q": "notulen"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html and 'type="radio" name="evidence"' in html
    assert "Notulen Forum SPBE Maret" in html
    assert "Daftar hadir forum" not in html and "Notulen Bintan" not in html


def test_the_title_search_works_without_javascript(as_user, personas, answer):
    make_evidence(personas.agency_a, "Notulen Forum SPBE Maret")
    html = html_of(as_user(personas.respondent), answer, q="forum")
    assert "<html" in html and "Notulen Forum SPBE Maret" in html


def test_linking_a_library_document_records_it_in_the_history(as_user, personas, answer):
    document = make_evidence(personas.agency_a, "SK Tim Koordinasi SPBE")
    response = as_user(personas.respondent).post(
        reverse("cycles:link_evidence", args=[answer.pk]),
        {"evidence": document.pk, "level": "2", "purpose": "general", "note": "pasal 3, hal. 2"},
    )
    assert response.status_code == 302
    created = EvidenceLink.objects.get(answer=answer)
    assert (created.evidence, created.level, created.note) == (document, 2, "pasal 3, hal. 2")
    assert answer.events.filter(kind="evidence", actor=personas.respondent).exists()
    assert "SK Tim Koordinasi SPBE" in card(html_of(as_user(personas.respondent), answer), 2)


def test_linking_the_same_document_twice_to_a_level_is_refused(as_user, personas, answer):
    document = make_evidence(personas.agency_a, "SK Tim")
    link(answer, document, 2)
    response = as_user(personas.respondent).post(
        reverse("cycles:link_evidence", args=[answer.pk]),
        {"evidence": document.pk, "level": "2", "purpose": "general"},
    )
    assert response.status_code == 200 and "sudah ditautkan" in response.content.decode()
    assert EvidenceLink.objects.filter(answer=answer).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"level": "2", "purpose": "general"}, "Pilih dokumen dari pustaka data dukung."),
        ({"evidence": "B", "level": "2", "purpose": "general"}, "tidak ada di pustaka"),
        ({"evidence": "A", "level": "6", "purpose": "general"}, 'class="errorlist"'),
        ({"evidence": "A", "level": "2", "purpose": "rahasia"}, 'class="errorlist"'),
    ],
)
def test_a_bad_link_is_refused_with_a_message(as_user, personas, answer, data, message):
    documents = {
        "A": make_evidence(personas.agency_a, "Dokumen A").pk,
        "B": make_evidence(personas.agency_b, "Dokumen Bintan").pk,
    }
    post = {key: documents.get(value, value) for key, value in data.items()}
    response = as_user(personas.respondent).post(
        reverse("cycles:link_evidence", args=[answer.pk]), post
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not EvidenceLink.objects.exists()


def test_a_submitted_answer_gets_no_new_links(as_user, personas, answer):
    Answer.objects.filter(pk=answer.pk).update(status=AnswerStatus.SUBMITTED, self_level=1)
    document = make_evidence(personas.agency_a, "Dokumen A")
    response = as_user(personas.respondent).post(
        reverse("cycles:link_evidence", args=[answer.pk]),
        {"evidence": document.pk, "level": "1", "purpose": "general"},
    )
    assert "hanya dapat diubah selama jawaban masih draf" in response.content.decode()
    assert not EvidenceLink.objects.exists()


def test_unlinking_keeps_the_document_and_records_it(as_user, personas, answer):
    created = link(answer, make_evidence(personas.agency_a, "Dokumen A"), 1)
    response = as_user(personas.respondent).post(
        reverse("cycles:unlink_evidence", args=[answer.pk, created.pk]), follow=True
    )
    assert "Tautan “Dokumen A” dilepas." in response.content.decode()
    assert not EvidenceLink.objects.filter(pk=created.pk).exists()
    assert answer.events.filter(kind="evidence").exists()
    assert personas.agency_a.evidence.filter(title="Dokumen A").exists()


def test_a_link_of_another_answer_cannot_be_unlinked_through_this_one(
    as_user, personas, answer, cycle
):
    other = answer_of(cycle, "I02")
    created = link(other, make_evidence(personas.agency_a, "Dokumen A"), 1)
    response = as_user(personas.respondent).post(
        reverse("cycles:unlink_evidence", args=[answer.pk, created.pk])
    )
    assert response.status_code == 404 and EvidenceLink.objects.filter(pk=created.pk).exists()


@pytest.mark.parametrize("name", ["assessor", "leader", "external"])
def test_readers_cannot_link_documents(as_user, personas, answer, name):
    document = make_evidence(personas.agency_a, "Dokumen A")
    response = as_user(getattr(personas, name)).post(
        reverse("cycles:link_evidence", args=[answer.pk]),
        {"evidence": document.pk, "level": "1", "purpose": "general"},
    )
    assert response.status_code == 403 and not EvidenceLink.objects.exists()


# --- access and queries ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("admin", 200),
        ("respondent", 200),
        ("assessor", 200),
        ("leader", 200),
        ("external", 200),
        ("partner", 403),
        ("admin_b", 404),
    ],
)
def test_who_may_open_an_answer(as_user, personas, answer, name, status):
    assert as_user(getattr(personas, name)).get(url(answer)).status_code == status


def test_the_readers_see_no_forms(as_user, personas, answer):
    html = html_of(as_user(personas.leader), answer)
    assert 'name="fact"' not in html and "Tautkan dokumen" not in html and "Terima" not in html


def test_the_answer_page_query_count_does_not_grow_with_evidence_or_history(
    as_user, personas, people, answer
):
    client = as_user(personas.respondent)
    html_of(client, answer)
    with CaptureQueriesContext(connection) as few:
        html_of(client, answer)
    for n in range(30):
        link(answer, make_evidence(personas.agency_a, f"Dokumen {n}"), 1 + n % 5)
    for level in (1, 2, 3, 2, 1):
        answer.refresh_from_db()
        operations.save_answer(
            answer,
            membership=people.respondent,
            version=answer.version,
            self_level=level,
            fact=f"f{level}",
            analysis="",
        )
    with CaptureQueriesContext(connection) as many:
        html_of(client, answer)
    assert len(many) == len(few) <= 13  # 13: the header's unread inbox count


def test_a_document_stored_with_the_date_9999_12_31_does_not_break_the_answer_page(
    as_user, personas, cycle
):
    i47 = answer_of(cycle, "I47")
    Answer.objects.filter(pk=i47.pk).update(self_level=5)
    for purpose in EvidencePurpose:
        far = make_evidence(personas.agency_a, f"Bertanggal aneh {purpose}", issued_on=date.max)
        for level in range(1, 6):
            link(i47, far, level, purpose)
    assert "Bertanggal aneh review" in html_of(as_user(personas.admin), i47)
