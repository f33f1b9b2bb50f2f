"""Draft → submitted → accepted, or changes requested and back; stage levels; history."""

import pytest
from django.urls import reverse

from simpul.cycles import operations
from simpul.cycles.models import AnswerStatus, Stage


def save(answer, membership, level=2, **fields):
    return operations.save_answer(
        answer,
        membership=membership,
        version=answer.version,
        self_level=level,
        fact=fields.get("fact", "Perbup 1/2024 pasal 2"),
        analysis=fields.get("analysis", "Kriteria tingkat 2 terpenuhi"),
    )


def test_an_answer_without_a_level_cannot_be_submitted(people, answer):
    with pytest.raises(operations.ActionError, match="Pilih dan simpan tingkat"):
        operations.submit_answer(answer, membership=people.respondent)
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.DRAFT


def test_the_whole_review_round_trip(people, answer, personas):
    answer = save(answer, people.respondent)
    answer = operations.submit_answer(answer, membership=people.respondent, version=answer.version)
    assert answer.status == AnswerStatus.SUBMITTED
    answer = operations.request_changes(
        answer, membership=people.assessor, comment="Lampirkan pasalnya.", version=answer.version
    )
    assert (answer.status, answer.review_comment) == (
        AnswerStatus.CHANGES_REQUESTED,
        "Lampirkan pasalnya.",
    )
    answer = save(answer, people.respondent, level=3)
    answer = operations.submit_answer(answer, membership=people.respondent)
    answer = operations.accept_answer(answer, membership=people.assessor)
    assert (answer.status, answer.internal_level, answer.review_comment) == (
        AnswerStatus.ACCEPTED,
        3,
        "",
    )
    kinds = list(answer.events.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == [
        "created",
        "edited",
        "submitted",
        "changes_requested",
        "edited",
        "submitted",
        "accepted",
    ]
    returned = answer.events.get(kind="changes_requested")
    assert returned.actor == personas.assessor and returned.comment == "Lampirkan pasalnya."
    assert returned.changes["status"] == ["submitted", "changes_requested"]


def test_the_assessor_may_accept_at_a_different_level(people, answer):
    answer = save(answer, people.respondent, level=4)
    operations.submit_answer(answer, membership=people.respondent)
    answer = operations.accept_answer(answer, membership=people.assessor, internal_level=3)
    assert (answer.self_level, answer.internal_level) == (4, 3)


def test_changes_cannot_be_requested_without_a_comment(people, answer):
    operations.submit_answer(save(answer, people.respondent), membership=people.respondent)
    with pytest.raises(operations.ActionError, match="Tulis catatan"):
        operations.request_changes(answer, membership=people.assessor, comment="   ")


@pytest.mark.parametrize(
    ("act", "message"),
    [
        (lambda a, p: operations.accept_answer(a, membership=p.assessor), "tidak dapat diterima"),
        (
            lambda a, p: operations.request_changes(a, membership=p.assessor, comment="x"),
            "tidak dapat dikembalikan",
        ),
    ],
)
def test_a_draft_cannot_be_reviewed(people, answer, act, message):
    with pytest.raises(operations.ActionError, match=message):
        act(save(answer, people.respondent), people)


def test_an_accepted_answer_cannot_be_submitted_again(people, answer):
    operations.submit_answer(save(answer, people.respondent), membership=people.respondent)
    operations.accept_answer(answer, membership=people.assessor)
    with pytest.raises(operations.ActionError, match="berstatus “Diterima” tidak dapat diajukan"):
        operations.submit_answer(answer, membership=people.respondent)


def test_the_assessor_may_send_an_accepted_answer_back(people, answer):
    operations.submit_answer(save(answer, people.respondent), membership=people.respondent)
    operations.accept_answer(answer, membership=people.assessor)
    answer = operations.request_changes(answer, membership=people.assessor, comment="Salah pasal")
    assert answer.status == AnswerStatus.CHANGES_REQUESTED and answer.internal_level is None


@pytest.mark.parametrize("name", ["respondent", "leader", "external"])
def test_only_assessors_and_the_admin_review(people, answer, name):
    operations.submit_answer(save(answer, people.respondent), membership=people.respondent)
    with pytest.raises(operations.ActionError, match="Hanya asesor internal"):
        operations.accept_answer(answer, membership=getattr(people, name))


def test_the_admin_may_review_too(people, answer):
    operations.submit_answer(save(answer, people.respondent), membership=people.respondent)
    assert operations.accept_answer(answer, membership=people.admin).status == AnswerStatus.ACCEPTED


# --- through the pages ------------------------------------------------------------------------


def test_the_pages_take_an_answer_through_the_workflow(as_user, personas, answer):
    respondent, assessor = as_user(personas.respondent), as_user(personas.assessor)
    url = reverse("cycles:answer", args=[answer.pk])
    respondent.post(url, {"version": 1, "self_level": "2", "fact": "F", "analysis": "A"})
    response = respondent.post(reverse("cycles:submit", args=[answer.pk]), {"ajukan-version": 2})
    assert response.status_code == 302
    page = assessor.get(url).content.decode()
    assert "Terima" in page and "Minta perbaikan" in page
    response = assessor.post(
        reverse("cycles:request_changes", args=[answer.pk]),
        {"perbaikan-version": 3, "perbaikan-comment": ""},
    )
    assert "Tulis catatan untuk responden" in response.content.decode()
    assessor.post(
        reverse("cycles:request_changes", args=[answer.pk]),
        {"perbaikan-version": 3, "perbaikan-comment": "Tambahkan halaman."},
    )
    page = respondent.get(url).content.decode()
    assert "Catatan asesor internal" in page and "Tambahkan halaman." in page
    respondent.post(reverse("cycles:submit", args=[answer.pk]), {"ajukan-version": 4})
    assessor.post(
        reverse("cycles:accept", args=[answer.pk]),
        {"terima-version": 5, "terima-internal_level": ""},
    )
    answer.refresh_from_db()
    assert (answer.status, answer.internal_level) == (AnswerStatus.ACCEPTED, 2)


def test_the_history_shows_who_when_old_and_new_and_the_comment(as_user, personas, people, answer):
    answer = save(answer, people.respondent)
    operations.submit_answer(answer, membership=people.respondent)
    operations.request_changes(answer, membership=people.assessor, comment="Kurang bukti tingkat 1")
    page = as_user(personas.leader).get(reverse("cycles:answer", args=[answer.pk])).content.decode()
    history = page[page.index("<h2>Riwayat</h2>") :]
    assert "Assessor" in history and "Respondent" in history
    assert "perlu perbaikan" in history and "“Kurang bukti tingkat 1”" in history
    assert "status: Diajukan → Perlu perbaikan" in history
    assert "tingkat penilaian mandiri: — → 2" in history


@pytest.mark.parametrize(
    ("url", "name"),
    [("cycles:submit", "assessor"), ("cycles:accept", "respondent"), ("cycles:accept", "leader")],
)
def test_workflow_buttons_refuse_the_wrong_role(as_user, personas, answer, url, name):
    response = as_user(getattr(personas, name)).post(reverse(url, args=[answer.pk]), {"version": 1})
    assert response.status_code == 403


def test_a_stale_accept_is_a_conflict_and_accepts_nothing(as_user, personas, people, answer):
    answer = save(answer, people.respondent)
    operations.submit_answer(answer, membership=people.respondent)
    response = as_user(personas.assessor).post(
        reverse("cycles:accept", args=[answer.pk]),
        {"terima-version": 2, "terima-internal_level": ""},
    )
    assert response.status_code == 409 and "sudah diubah orang lain" in response.content.decode()
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SUBMITTED


# --- stage levels ------------------------------------------------------------------------------


def to_stage(cycle, people, stage):
    operations.lock_self_assessment(cycle, membership=people.admin)
    while cycle.stage != stage:
        cycle = operations.advance_stage(cycle, membership=people.admin)
    return cycle


def test_stage_levels_are_refused_during_the_self_assessment(people, answer):
    with pytest.raises(operations.ActionError, match="hanya dapat diisi pada tahap"):
        operations.set_stage_level(answer, membership=people.external, level=3)


@pytest.mark.parametrize(
    ("stage", "field"),
    [(Stage.DOCUMENT, "document_level"), (Stage.INTERVIEW, "interview_level")],
)
def test_the_external_assessor_records_the_level_of_the_current_stage(people, answer, stage, field):
    to_stage(answer.cycle, people, stage)
    answer.refresh_from_db()
    answer = operations.set_stage_level(answer, membership=people.external, level=3, comment="cek")
    assert getattr(answer, field) == 3
    event = answer.events.get(kind="stage_level")
    assert event.changes == {field: [None, 3]} and event.comment == "cek"


def test_the_visit_level_needs_a_cycle_with_visitasi(people, answer):
    cycle = answer.cycle
    cycle.include_visit = True
    cycle.save(update_fields=["include_visit"])
    to_stage(cycle, people, Stage.VISIT)
    answer.refresh_from_db()
    assert operations.set_stage_level(answer, membership=people.admin, level=4).visit_level == 4


@pytest.mark.parametrize("name", ["respondent", "assessor", "leader"])
def test_only_external_assessors_and_the_admin_record_stage_levels(people, answer, name):
    to_stage(answer.cycle, people, Stage.DOCUMENT)
    answer.refresh_from_db()
    with pytest.raises(operations.ActionError, match="Hanya asesor eksternal"):
        operations.set_stage_level(answer, membership=getattr(people, name), level=3)


def test_the_stage_level_form_on_the_answer_page(as_user, personas, people, answer):
    to_stage(answer.cycle, people, Stage.DOCUMENT)
    client = as_user(personas.external)
    page = client.get(reverse("cycles:answer", args=[answer.pk])).content.decode()
    assert "Nilai Penilaian Dokumen" in page
    response = client.post(
        reverse("cycles:stage_level", args=[answer.pk]), {"tahap-version": 1, "tahap-level": "9"}
    )
    assert response.status_code == 200 and 'class="errorlist"' in response.content.decode()
    client.post(
        reverse("cycles:stage_level", args=[answer.pk]), {"tahap-version": 1, "tahap-level": "2"}
    )
    answer.refresh_from_db()
    assert answer.document_level == 2


def test_a_stale_request_for_changes_keeps_the_comment_for_a_second_try(
    as_user, personas, people, answer
):
    answer = save(answer, people.respondent)
    operations.submit_answer(answer, membership=people.respondent)  # now version 3
    client = as_user(personas.assessor)
    response = client.post(
        reverse("cycles:request_changes", args=[answer.pk]),
        {"perbaikan-version": 2, "perbaikan-comment": "Pasal 4 tidak ada."},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Pasal 4 tidak ada.</textarea>" in html
    assert 'name="perbaikan-version" value="3"' in html
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SUBMITTED
    client.post(
        reverse("cycles:request_changes", args=[answer.pk]),
        {"perbaikan-version": 3, "perbaikan-comment": "Pasal 4 tidak ada."},
    )
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.CHANGES_REQUESTED


def test_submit_from_the_answer_form_saves_what_is_on_the_screen_first(as_user, personas, answer):
    client = as_user(personas.respondent)
    url = reverse("cycles:submit", args=[answer.pk])
    typed = {"version": answer.version, "self_level": 3, "fact": "SK Bupati 4/2025 pasal 3",
             "analysis": "Kriteria tingkat 3 terpenuhi", "tanpa_bukti": "1"}  # fmt: skip
    response = client.post(url, typed)
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SUBMITTED
    assert (answer.self_level, answer.fact) == (3, "SK Bupati 4/2025 pasal 3")
    page = client.get(reverse("cycles:answer", args=[answer.pk])).content.decode()
    assert "Tarik kembali pengajuan" in page


def test_a_refused_save_and_submit_writes_nothing_and_keeps_the_text(as_user, personas, answer):
    client = as_user(personas.respondent)
    typed = {"version": answer.version, "self_level": "", "fact": "Teks yang baru diketik",
             "analysis": "", "tanpa_bukti": "1"}  # fmt: skip
    response = client.post(reverse("cycles:submit", args=[answer.pk]), typed)
    html = response.content.decode()
    assert response.status_code == 200 and "Pilih dan simpan tingkat" in html
    assert "Teks yang baru diketik" in html
    answer.refresh_from_db()
    assert answer.fact == "" and answer.status == AnswerStatus.DRAFT  # not half-saved


def test_the_respondent_withdraws_a_submission_until_review_starts(
    people, answer, as_user, personas
):
    answer = save(answer, people.respondent)
    answer = operations.submit_answer(answer, membership=people.respondent, version=answer.version)
    client = as_user(personas.respondent)
    url = reverse("cycles:withdraw", args=[answer.pk])
    assert client.post(url, {"tarik-version": answer.version}).status_code == 302
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.DRAFT
    assert answer.events.filter(kind="withdrawn").count() == 1
    answer = operations.submit_answer(answer, membership=people.respondent, version=answer.version)
    operations.accept_answer(answer, membership=people.assessor, version=answer.version)
    answer.refresh_from_db()
    response = client.post(url, {"tarik-version": answer.version})
    assert "belum ditinjau yang dapat ditarik" in response.content.decode()
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.ACCEPTED
