"""The answer form in one press: a file goes with the answer (uploaded and linked), saving and
submitting together, and submitting without any evidence asks first. The page folds what the
respondent does not work on and keeps the save bar at hand."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simpul.cycles.models import Answer, AnswerStatus
from simpul.evidence.models import Evidence, EvidenceLink
from simpul.evidence.tests.samples import pdf_bytes

from .conftest import link, make_evidence


def typed(answer, **extra) -> dict:
    return {
        "version": answer.version,
        "self_level": 1,
        "fact": "SK Bupati 4/2025 tentang Tim SPBE, pasal 2",
        "analysis": "Kebijakan ada: kriteria tingkat 1",
        **extra,
    }


def pdf(name="sk-tim-spbe.pdf", text="SK Tim SPBE") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def test_save_and_submit_with_a_file_uploads_links_and_submits_in_one_press(
    as_user, personas, answer
):
    client = as_user(personas.respondent)
    response = client.post(reverse("cycles:submit", args=[answer.pk]), typed(answer, file=pdf()))
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SUBMITTED
    assert answer.fact == "SK Bupati 4/2025 tentang Tim SPBE, pasal 2"
    link = EvidenceLink.objects.select_related("evidence").get(answer=answer)
    # Linked to the level chosen, titled after the file, in the agency's library.
    assert (link.level, link.evidence.title) == (1, "sk-tim-spbe")
    assert link.evidence.agency == personas.agency_a


def test_the_file_goes_to_the_level_named_when_one_is_chosen(as_user, personas, answer):
    client = as_user(personas.respondent)
    response = client.post(
        reverse("cycles:answer", args=[answer.pk]),
        typed(answer, self_level=3, file=pdf(), file_level=2),
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.DRAFT and answer.self_level == 3
    assert list(EvidenceLink.objects.filter(answer=answer).values_list("level", flat=True)) == [2]


def test_a_file_the_library_has_already_is_linked_rather_than_refused(as_user, personas, answer):
    client = as_user(personas.respondent)
    client.post(reverse("cycles:answer", args=[answer.pk]), typed(answer, file=pdf()))
    answer.refresh_from_db()
    response = client.post(
        reverse("cycles:answer", args=[answer.pk]),
        typed(answer, self_level=2, file=pdf("salinan.pdf"), file_level=2),
    )
    assert response.status_code == 302
    assert Evidence.objects.filter(agency=personas.agency_a).count() == 1
    levels = EvidenceLink.objects.filter(answer=answer).values_list("level", flat=True)
    assert sorted(levels) == [1, 2]


def test_a_refused_file_saves_nothing_keeps_the_text_and_names_the_file(as_user, personas, answer):
    client = as_user(personas.respondent)
    empty = SimpleUploadedFile("kosong.pdf", b"", content_type="application/pdf")
    response = client.post(reverse("cycles:submit", args=[answer.pk]), typed(answer, file=empty))
    html = response.content.decode()
    assert response.status_code == 200
    assert "kosong.pdf" in html and "SK Bupati 4/2025 tentang Tim SPBE, pasal 2" in html
    answer.refresh_from_db()
    assert (answer.fact, answer.status, answer.version) == ("", AnswerStatus.DRAFT, 1)
    assert not Evidence.objects.exists()


def test_a_file_without_any_level_asks_for_one_and_saves_nothing(as_user, personas, answer):
    client = as_user(personas.respondent)
    response = client.post(
        reverse("cycles:answer", args=[answer.pk]), typed(answer, self_level="", file=pdf())
    )
    assert response.status_code == 200
    assert "Pilih tingkat untuk berkas “sk-tim-spbe.pdf”" in response.content.decode()
    answer.refresh_from_db()
    assert answer.fact == "" and not EvidenceLink.objects.exists()


def test_submitting_without_any_evidence_asks_first_and_saves_nothing(as_user, personas, answer):
    client = as_user(personas.respondent)
    response = client.post(reverse("cycles:submit", args=[answer.pk]), typed(answer))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="tanpa-bukti"' in html and "Ya, ajukan tanpa data dukung" in html
    # What was typed is on the page, ready to be sent again with the answer.
    assert "SK Bupati 4/2025 tentang Tim SPBE, pasal 2" in html
    answer.refresh_from_db()
    assert (answer.status, answer.fact) == (AnswerStatus.DRAFT, "")


def test_confirming_submits_without_evidence(as_user, personas, answer):
    client = as_user(personas.respondent)
    response = client.post(
        reverse("cycles:submit", args=[answer.pk]), typed(answer, tanpa_bukti="1")
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SUBMITTED


def test_an_answer_with_evidence_is_submitted_without_asking(as_user, personas, answer):
    link(answer, make_evidence(personas.agency_a, "Perbup SPBE"), level=1)
    response = as_user(personas.respondent).post(
        reverse("cycles:submit", args=[answer.pk]), typed(answer)
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SUBMITTED


def test_saving_alone_never_asks_about_evidence(as_user, personas, answer):
    response = as_user(personas.respondent).post(
        reverse("cycles:answer", args=[answer.pk]), typed(answer)
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.fact.startswith("SK Bupati")


def test_the_page_folds_what_is_not_being_worked_on_and_keeps_the_save_bar(
    as_user, personas, answer
):
    html = as_user(personas.respondent).get(reverse("cycles:answer", args=[answer.pk])).content
    html = html.decode()
    for fold in ('id="riwayat"', 'id="diskusi"', 'id="tautkan-pustaka"', 'id="tingkat-1"'):
        tag = html[html.rindex("<details", 0, html.index(fold)) : html.index(fold) + 60]
        assert " open" not in tag, fold
    # The answer form is open, its buttons in the bar at the foot, tied to it by form=.
    assert '<form method="post" action="' + reverse("cycles:answer", args=[answer.pk]) in html
    bar = html[html.index('class="sticky-bar"') :]
    assert 'form="jawaban-form" id="simpan"' in bar and 'id="simpan-ajukan"' in bar
    assert 'enctype="multipart/form-data" id="jawaban-form"' in html
    assert "simpul/answer.js" in html


def test_the_chosen_level_is_open(as_user, personas, answer):
    Answer.objects.filter(pk=answer.pk).update(self_level=2)
    html = as_user(personas.respondent).get(reverse("cycles:answer", args=[answer.pk])).content
    html = html.decode()
    assert '<details class="level fold" id="tingkat-2" open' in html
    assert '<details class="level fold" id="tingkat-3">' in html


def test_a_returned_answer_opens_the_assessors_comment(as_user, personas, answer):
    Answer.objects.filter(pk=answer.pk).update(
        status=AnswerStatus.CHANGES_REQUESTED, review_comment="Pasal 4 tidak ada."
    )
    html = as_user(personas.respondent).get(reverse("cycles:answer", args=[answer.pk])).content
    html = html.decode()
    start = html.index('id="catatan-asesor"')
    assert html[start : start + 30].startswith('id="catatan-asesor" open')
    assert "Pasal 4 tidak ada." in html


def test_an_accepted_answer_keeps_the_old_comment_folded(as_user, personas, answer):
    Answer.objects.filter(pk=answer.pk).update(
        status=AnswerStatus.ACCEPTED, review_comment="Sudah lengkap."
    )
    html = as_user(personas.respondent).get(reverse("cycles:answer", args=[answer.pk])).content
    html = html.decode()
    start = html.index('id="catatan-asesor"')
    assert not html[start : start + 30].startswith('id="catatan-asesor" open')
    # Nothing to save: no bar, no draft script.
    assert "sticky-bar" not in html and "simpul/answer.js" not in html


def test_a_stale_save_with_a_file_uploads_nothing_and_asks_for_the_file_again(
    as_user, personas, answer
):
    stale = typed(answer, file=pdf())
    Answer.objects.filter(pk=answer.pk).update(version=answer.version + 1, fact="Orang lain")
    response = as_user(personas.respondent).post(reverse("cycles:submit", args=[answer.pk]), stale)
    html = response.content.decode()
    assert response.status_code == 409 and 'id="konflik"' in html
    assert "Berkas “sk-tim-spbe.pdf” belum diunggah; pilih lagi." in html
    assert "SK Bupati 4/2025 tentang Tim SPBE, pasal 2" in html
    assert not Evidence.objects.exists()
    answer.refresh_from_db()
    assert (answer.fact, answer.status) == ("Orang lain", AnswerStatus.DRAFT)
