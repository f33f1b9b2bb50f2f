"""Locking the self-assessment: no more edits, a snapshot, and the Berita Acara as PDF."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from simpul.cycles import operations
from simpul.cycles.models import Answer, AnswerEvent, AnswerStatus, Stage
from simpul.cycles.tests.conftest import answer_of


@pytest.fixture
def answered(cycle, personas):
    """Every indicator at level 2 except I47 at 4; I01 accepted."""
    Answer.objects.filter(cycle=cycle).update(self_level=2)
    Answer.objects.filter(cycle=cycle, indicator__code="I47").update(self_level=4)
    Answer.objects.filter(cycle=cycle, indicator__code="I01").update(status=AnswerStatus.ACCEPTED)
    answer_of(cycle, "I01").units.add(personas.unit_a2)
    return cycle


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )


def test_locking_stores_levels_index_and_predicate(answered, people, personas):
    cycle = operations.lock_self_assessment(answered, membership=people.admin)
    snapshot = cycle.self_assessment_snapshot
    # 46 indicators at 2 and one weighing 3 % at 4: 2 + 3 × 2 / 100 = 2.06.
    assert (snapshot["index"], snapshot["index_display"], snapshot["predicate"]) == (
        "2.06",
        "2.06",
        "Cukup",
    )
    assert snapshot["answered"] == snapshot["total"] == 47
    i01 = snapshot["indicators"][0]
    assert (i01["code"], i01["level"], i01["status"], i01["units"]) == (
        "I01",
        2,
        "accepted",
        ["Bappeda"],
    )
    assert cycle.is_locked and cycle.self_assessment_locked_by == personas.admin
    assert AnswerEvent.objects.filter(answer__cycle=cycle, kind="locked").count() == 47


def test_after_the_lock_nobody_edits_the_self_assessment(answered, people):
    operations.lock_self_assessment(answered, membership=people.admin)
    answer = answer_of(answered, "I02")
    answer.units.add(people.respondent.unit)
    for membership in (people.respondent, people.admin):
        with pytest.raises(operations.ActionError, match="sudah dikunci"):
            operations.save_answer(
                answer,
                membership=membership,
                version=answer.version,
                self_level=3,
                fact="",
                analysis="",
            )
    with pytest.raises(operations.ActionError, match="sudah dikunci"):
        operations.submit_answer(answer, membership=people.respondent)
    answer.refresh_from_db()
    assert answer.self_level == 2


def test_the_answer_page_offers_no_form_after_the_lock(as_user, answered, people, personas):
    operations.lock_self_assessment(answered, membership=people.admin)
    answer = answer_of(answered, "I02")
    answer.units.add(personas.unit_a2)
    page = as_user(personas.respondent).get(reverse("cycles:answer", args=[answer.pk]))
    assert 'name="fact"' not in page.content.decode()
    response = as_user(personas.respondent).post(
        reverse("cycles:answer", args=[answer.pk]),
        {"version": answer.version, "self_level": "3", "fact": "baru", "analysis": ""},
    )
    assert "sudah dikunci" in response.content.decode()
    answer.refresh_from_db()
    assert answer.fact == ""


def test_a_cycle_is_locked_only_once_and_only_in_the_mandiri_stage(answered, people):
    operations.lock_self_assessment(answered, membership=people.admin)
    with pytest.raises(operations.ActionError, match="sudah dikunci"):
        operations.lock_self_assessment(answered, membership=people.admin)


def test_the_berita_acara_is_a_pdf_with_header_index_table_and_signature(
    as_user, answered, people, personas
):
    operations.lock_self_assessment(answered, membership=people.admin)
    response = as_user(personas.leader).get(reverse("cycles:berita_acara", args=[answered.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "berita-acara-penilaian-mandiri-natuna-2025.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "PEMERINTAH KABUPATEN NATUNA" in text
    assert "BERITA ACARA PENILAIAN MANDIRI" in text
    assert "tahun 2025" in text
    assert "2,06" in text and "Cukup" in text
    assert "Tingkat Kematangan Kebijakan Internal Arsitektur SPBE" in text
    assert "Diterima" in text and "Bappeda" in text
    assert "Koordinator SPBE" in text and "NIP." in text


def test_the_berita_acara_keeps_the_lock_time_values(as_user, answered, people, personas):
    operations.lock_self_assessment(answered, membership=people.admin)
    Answer.objects.filter(cycle=answered).update(self_level=5)
    response = as_user(personas.admin).get(reverse("cycles:berita_acara", args=[answered.pk]))
    assert "2,06" in pdf_text(response.content)


def test_there_is_no_berita_acara_before_the_lock(as_user, answered, personas):
    response = as_user(personas.admin).get(reverse("cycles:berita_acara", args=[answered.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "status"), [("respondent", 403), ("partner", 403)])
def test_the_berita_acara_is_not_for_respondents_or_partners(
    as_user, answered, people, personas, name, status
):
    operations.lock_self_assessment(answered, membership=people.admin)
    url = reverse("cycles:berita_acara", args=[answered.pk])
    assert as_user(getattr(personas, name)).get(url).status_code == status


def test_the_berita_acara_of_another_agency_is_404(as_user, answered, people, personas):
    operations.lock_self_assessment(answered, membership=people.admin)
    url = reverse("cycles:berita_acara", args=[answered.pk])
    assert as_user(personas.admin_b).get(url).status_code == 404


def test_the_lock_button_locks_and_links_the_berita_acara(as_user, answered, personas):
    url = reverse("cycles:lock", args=[answered.pk])
    response = as_user(personas.admin).post(url, {"konfirmasi": "kunci"}, follow=True)
    page = response.content.decode()
    assert "Penilaian mandiri dikunci" in page
    assert reverse("cycles:berita_acara", args=[answered.pk]) in page


def test_locking_shows_what_it_seals_and_asks_for_the_typed_word(as_user, answered, personas):
    client = as_user(personas.admin)
    url = reverse("cycles:lock", args=[answered.pk])
    detail = client.get(reverse("cycles:detail", args=[answered.pk])).content.decode()
    assert f'href="{url}"' in detail  # a link to the summary, not a one-click form
    page = client.get(url).content.decode()
    drafts = answered.answers.filter(status__in=["draft", "changes_requested"]).count()
    assert "Yang akan dikunci" in page and "Tanpa data dukung" in page
    assert f"{drafts} dari {answered.answers.count()} jawaban belum diajukan" in page
    refused = client.post(url, {"konfirmasi": "ya"})
    assert refused.status_code == 400 and "Ketik KUNCI untuk mengunci" in refused.content.decode()
    answered.refresh_from_db()
    assert not answered.is_locked
    assert client.post(url).status_code == 400  # no word at all
    answered.refresh_from_db()
    assert not answered.is_locked


def test_the_berita_acara_states_what_was_and_was_not_submitted(answered, people):
    from simpul.cycles.reports import berita_acara_pdf

    drafts = answered.answers.filter(status__in=["draft", "changes_requested"]).count()
    operations.lock_self_assessment(answered, membership=people.admin)
    answered.refresh_from_db()
    text = pdf_text(berita_acara_pdf(answered))
    assert "dinyatakan selesai" not in text
    assert f"Dari {answered.answers.count()} indikator" in text
    if drafts:
        assert f"{drafts} jawaban tidak diajukan ke asesor internal sebelum dikunci" in text
    else:
        assert "Semua jawaban diajukan sebelum dikunci" in text


def test_the_coordinator_unlocks_with_a_reason_until_the_external_stage(
    as_user, answered, people, personas
):
    operations.lock_self_assessment(answered, membership=people.admin)
    client = as_user(personas.admin)
    url = reverse("cycles:unlock", args=[answered.pk])
    client.post(url, {"alasan": ""})
    answered.refresh_from_db()
    assert answered.is_locked  # no reason, no unlock
    client.post(url, {"alasan": "Dua jawaban Bappeda belum diajukan"})
    answered.refresh_from_db()
    assert not answered.is_locked and answered.self_assessment_open
    event = answered.events.get(kind="unlocked")
    assert event.changes["reason"] == "Dua jawaban Bappeda belum diajukan"
    assert as_user(personas.respondent).post(url, {"alasan": "x"}).status_code == 403
    operations.lock_self_assessment(answered, membership=people.admin)
    answered.stage = Stage.DOCUMENT
    answered.save(update_fields=["stage"])
    response = client.post(url, {"alasan": "terlambat"}, follow=True)
    assert "asesor eksternal sudah dimulai" in response.content.decode()
    answered.refresh_from_db()
    assert answered.is_locked


def test_the_berita_acara_writes_the_lock_time_in_the_agencys_zone(answered, people):
    from simpul.cycles.reports import berita_acara_pdf

    answered.agency.time_zone = "Asia/Jayapura"
    answered.agency.save(update_fields=["time_zone"])
    operations.lock_self_assessment(answered, membership=people.admin)
    answered.refresh_from_db()
    locked_at = datetime.datetime.fromisoformat(answered.self_assessment_snapshot["locked_at"])
    wit = timezone.localtime(locked_at, ZoneInfo("Asia/Jayapura"))
    text = " ".join(pdf_text(berita_acara_pdf(answered)).split())
    assert f"{wit:%H:%M} WIT" in text
