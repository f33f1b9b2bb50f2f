"""Saving an answer: who may, what is checked, and two people saving the same answer."""

import pytest
from django.urls import reverse

from simpul.agencies.models import Membership, Role
from simpul.conftest import make_user
from simpul.cycles import operations
from simpul.cycles.models import AnswerEvent, AnswerStatus


def post(client, answer, **fields):
    data = {"version": answer.version, "self_level": "", "fact": "", "analysis": ""}
    data.update({key: str(value) for key, value in fields.items()})
    return client.post(reverse("cycles:answer", args=[answer.pk]), data)


def test_the_respondent_saves_level_and_explanation(as_user, personas, answer):
    response = post(
        as_user(personas.respondent),
        answer,
        self_level=2,
        fact="Perbup 12/2023, pasal 4, hal. 3",
        analysis="Kebijakan sudah ditetapkan: kriteria tingkat 2.",
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.self_level, answer.version, answer.updated_by) == (2, 2, personas.respondent)
    assert answer.fact.startswith("Perbup")
    event = answer.events.get(kind="edited")
    assert event.actor == personas.respondent and event.version == 2
    assert event.changes["self_level"] == [None, 2]


def test_a_save_without_changes_writes_nothing(people, answer):
    operations.save_answer(
        answer, membership=people.respondent, version=1, self_level=None, fact="", analysis=""
    )
    answer.refresh_from_db()
    assert answer.version == 1 and not answer.events.filter(kind="edited").exists()


@pytest.mark.parametrize("level", ["6", "0", "tiga", "2.5"])
def test_a_level_outside_the_scale_is_refused_and_the_text_kept(as_user, personas, answer, level):
    response = post(as_user(personas.respondent), answer, self_level=level, fact="teks saya")
    page = response.content.decode()
    assert response.status_code == 200 and 'class="errorlist"' in page
    assert "teks saya" in page
    answer.refresh_from_db()
    assert answer.self_level is None and answer.version == 1


def test_a_level_off_the_indicator_scale_is_refused_by_the_action(people, answer):
    with pytest.raises(operations.ActionError, match="Tingkat 7 tidak ada"):
        operations.save_answer(
            answer, membership=people.admin, version=1, self_level=7, fact="", analysis=""
        )


def test_a_respondent_of_another_unit_cannot_see_or_edit_the_answer(as_user, personas, answer):
    other = make_user("responden_lain")
    Membership.objects.create(
        user=other, agency=personas.agency_a, role=Role.RESPONDENT, unit=personas.unit_a
    )
    client = as_user(other)
    assert client.get(reverse("cycles:answer", args=[answer.pk])).status_code == 404
    assert post(client, answer, self_level=3).status_code == 404
    answer.refresh_from_db()
    assert answer.self_level is None


def test_a_respondent_who_is_the_pic_edits_without_their_unit(as_user, personas, answer):
    answer.units.clear()
    answer.pic = personas.respondent
    answer.save(update_fields=["pic"])
    assert post(as_user(personas.respondent), answer, self_level=1).status_code == 302


@pytest.mark.parametrize("name", ["assessor", "leader", "external"])
def test_readers_cannot_save_an_answer(as_user, personas, answer, name):
    assert post(as_user(getattr(personas, name)), answer, self_level=3).status_code == 403
    answer.refresh_from_db()
    assert answer.self_level is None


def test_a_submitted_answer_cannot_be_edited(people, answer):
    answer.self_level = 2
    answer.status = AnswerStatus.SUBMITTED
    answer.save()
    with pytest.raises(operations.ActionError, match="berstatus “Diajukan” tidak dapat diubah"):
        operations.save_answer(
            answer, membership=people.respondent, version=1, self_level=3, fact="", analysis=""
        )


# --- two people, one answer -------------------------------------------------------------------


def test_the_second_save_of_the_same_version_is_a_conflict_that_shows_the_first(
    as_user, personas, answer
):
    respondent, admin = as_user(personas.respondent), as_user(personas.admin)
    # Both open the page at version 1; the admin saves first.
    assert post(admin, answer, self_level=3, fact="Fakta dari koordinator").status_code == 302
    response = post(respondent, answer, self_level=2, fact="Fakta dari responden")

    assert response.status_code == 409
    page = response.content.decode()
    conflict = page[page.index('id="konflik"') :]
    conflict = conflict[: conflict.index("</section>")]
    assert "sudah diubah orang lain" in conflict
    assert "Admin" in conflict  # who
    assert "Fakta dari koordinator" in conflict  # their values
    assert "Tingkat: 3" in conflict
    assert "tingkat penilaian mandiri: — → 3" in conflict  # what changed, old → new
    # The respondent's typed input is still in the form, now carrying the current version.
    form = page[page.index('action="' + reverse("cycles:answer", args=[answer.pk])) :]
    assert "Fakta dari responden" in form
    assert 'name="version" value="2"' in form
    assert '<input type="radio" name="self_level" value="2" id="id_self_level_2" checked>' in form
    # Nothing was overwritten.
    answer.refresh_from_db()
    assert (answer.self_level, answer.fact, answer.version) == (3, "Fakta dari koordinator", 2)
    assert AnswerEvent.objects.filter(answer=answer, kind="edited").count() == 1


def test_after_seeing_the_conflict_the_user_may_save_their_version_on_purpose(
    as_user, personas, answer
):
    admin, respondent = as_user(personas.admin), as_user(personas.respondent)
    post(admin, answer, self_level=3, fact="Fakta dari koordinator")
    post(respondent, answer, self_level=2, fact="Fakta dari responden")  # conflict
    answer.refresh_from_db()
    response = post(respondent, answer, self_level=2, fact="Fakta dari responden")
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.self_level, answer.fact, answer.version) == (2, "Fakta dari responden", 3)
    # Both saves are in the history: nothing disappeared silently.
    edits = answer.events.filter(kind="edited").order_by("version")
    assert [e.changes["fact"][1] for e in edits] == [
        "Fakta dari koordinator",
        "Fakta dari responden",
    ]


def test_a_review_in_between_is_a_conflict_too(people, answer):
    operations.save_answer(
        answer, membership=people.respondent, version=1, self_level=2, fact="", analysis=""
    )
    operations.submit_answer(answer, membership=people.respondent, version=2)
    with pytest.raises(operations.AnswerConflict) as caught:
        operations.save_answer(
            answer, membership=people.respondent, version=2, self_level=1, fact="", analysis=""
        )
    assert [event.kind for event in caught.value.events] == ["submitted"]
    assert caught.value.answer.status == AnswerStatus.SUBMITTED


def test_an_evidence_link_added_meanwhile_is_shown_but_does_not_block(people, answer, personas):
    from simpul.cycles.tests.conftest import make_evidence
    from simpul.evidence.operations import link_evidence

    operations.save_answer(
        answer, membership=people.admin, version=1, self_level=1, fact="a", analysis=""
    )
    link_evidence(answer, make_evidence(personas.agency_a, "Notulen"), level=1, user=personas.admin)
    with pytest.raises(operations.AnswerConflict) as caught:
        operations.save_answer(
            answer, membership=people.respondent, version=1, self_level=2, fact="b", analysis=""
        )
    assert [event.kind for event in caught.value.events] == ["edited", "evidence"]
    # A link alone does not change the version: the current form still saves.
    saved = operations.save_answer(
        answer, membership=people.respondent, version=2, self_level=2, fact="b", analysis=""
    )
    assert saved.version == 3


@pytest.mark.parametrize("version", ["abc", "", "9" * 30, "-1"])
def test_an_invalid_hidden_version_says_so_and_keeps_what_was_typed(
    as_user, personas, answer, version
):
    client = as_user(personas.respondent)
    response = client.post(
        reverse("cycles:answer", args=[answer.pk]),
        {"version": version, "self_level": "2", "fact": "Perbup 12/2023", "analysis": ""},
    )
    body = response.content.decode()
    assert "isian tersembunyi “versi” tidak sah" in body
    assert "Perbup 12/2023" in body
    answer.refresh_from_db()
    assert answer.version == 1 and answer.fact == ""


def test_an_invalid_version_on_submit_says_so(as_user, personas, answer):
    client = as_user(personas.respondent)
    response = client.post(reverse("cycles:submit", args=[answer.pk]), {"ajukan-version": "x"})
    assert "isian tersembunyi “versi” tidak sah" in response.content.decode()
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.DRAFT


def test_a_fact_over_twenty_thousand_characters_is_refused_and_kept_on_screen(
    as_user, personas, answer
):
    long_fact = "Perbup 12/2023 pasal 4. " * 900  # 21.600 characters
    response = post(as_user(personas.respondent), answer, self_level=2, fact=long_fact)
    body = response.content.decode()
    assert response.status_code == 200
    assert "paling banyak 20000 karakter" in body
    assert long_fact.strip() in body
    answer.refresh_from_db()
    assert answer.version == 1 and answer.fact == ""


def test_the_action_refuses_an_overlong_analysis_with_its_length(people, answer):
    with pytest.raises(
        operations.ActionError,
        match="Analisis paling panjang 20.000 karakter; yang tertulis 20.001 karakter",
    ):
        operations.save_answer(
            answer,
            membership=people.respondent,
            version=1,
            self_level=2,
            fact="",
            analysis="x" * 20_001,
        )
    answer.refresh_from_db()
    assert answer.version == 1


def test_the_history_stores_only_the_changed_words_of_a_long_text(people, answer):
    before = "Kebijakan internal arsitektur SPBE ditetapkan. " * 100
    after = before.replace("ditetapkan", "direviu", 1)
    operations.save_answer(
        answer, membership=people.respondent, version=1, self_level=2, fact=before, analysis=""
    )
    operations.save_answer(
        answer, membership=people.respondent, version=2, self_level=2, fact=after, analysis=""
    )
    old, new = answer.events.get(version=3).changes["fact"]
    assert "ditetapkan" in old and "direviu" in new
    assert len(old) < 150 and len(new) < 150
    assert old.endswith("…") and new.endswith("…")
    assert "self_level" not in answer.events.get(version=3).changes


def test_the_history_of_a_short_text_keeps_it_whole(people, answer):
    operations.save_answer(
        answer, membership=people.respondent, version=1, self_level=2, fact="Perbup 12", analysis=""
    )
    operations.save_answer(
        answer, membership=people.respondent, version=2, self_level=2, fact="Perbup 13", analysis=""
    )
    assert answer.events.get(version=3).changes["fact"] == ["Perbup 12", "Perbup 13"]
