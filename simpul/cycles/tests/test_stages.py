"""Stages move forward in order, only by the admin, and each move is recorded."""

import pytest
from django.urls import reverse

from simpul.cycles import operations
from simpul.cycles.models import CycleEvent, Stage


def walk(cycle, people) -> list[str]:
    operations.lock_self_assessment(cycle, membership=people.admin)
    seen = [cycle.stage]
    while True:
        try:
            cycle = operations.advance_stage(cycle, membership=people.admin)
        except operations.ActionError:
            return seen
        seen.append(cycle.stage)


def test_stages_go_in_order_without_visitasi(cycle, people):
    assert walk(cycle, people) == [
        Stage.SELF_ASSESSMENT,
        Stage.DOCUMENT,
        Stage.INTERVIEW,
        Stage.FINAL,
    ]


def test_stages_include_visitasi_when_the_cycle_has_it(cycle, people):
    cycle.include_visit = True
    cycle.save(update_fields=["include_visit"])
    assert walk(cycle, people) == [
        Stage.SELF_ASSESSMENT,
        Stage.DOCUMENT,
        Stage.INTERVIEW,
        Stage.VISIT,
        Stage.FINAL,
    ]


def test_the_self_assessment_must_be_locked_before_the_document_stage(cycle, people):
    with pytest.raises(operations.ActionError, match="Kunci penilaian mandiri terlebih dahulu"):
        operations.advance_stage(cycle, membership=people.admin)
    cycle.refresh_from_db()
    assert cycle.stage == Stage.SELF_ASSESSMENT


def test_there_is_no_stage_after_hasil_akhir(cycle, people):
    walk(cycle, people)
    cycle.refresh_from_db()
    with pytest.raises(operations.ActionError, match="tahap terakhir"):
        operations.advance_stage(cycle, membership=people.admin)


def test_every_stage_change_is_recorded_with_who_and_what(cycle, people, personas):
    walk(cycle, people)
    moves = list(CycleEvent.objects.filter(cycle=cycle, kind="stage").order_by("at", "pk"))
    assert [event.changes["stage"] for event in moves] == [
        [Stage.SELF_ASSESSMENT, Stage.DOCUMENT],
        [Stage.DOCUMENT, Stage.INTERVIEW],
        [Stage.INTERVIEW, Stage.FINAL],
    ]
    assert {event.actor for event in moves} == {personas.admin}


@pytest.mark.parametrize("name", ["respondent", "assessor", "leader", "external"])
def test_only_the_admin_moves_the_stage(cycle, people, name):
    operations.lock_self_assessment(cycle, membership=people.admin)
    with pytest.raises(operations.ActionError, match="Hanya koordinator"):
        operations.advance_stage(cycle, membership=getattr(people, name))


def test_the_stage_button_moves_the_cycle_and_reports_it(as_user, personas, people, cycle):
    operations.lock_self_assessment(cycle, membership=people.admin)
    client = as_user(personas.admin)
    response = client.post(reverse("cycles:advance", args=[cycle.pk]), follow=True)
    assert "Periode kini pada tahap Penilaian Dokumen." in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.stage == Stage.DOCUMENT


def test_a_refused_stage_move_is_explained_on_the_cycle_page(as_user, personas, cycle):
    response = as_user(personas.admin).post(reverse("cycles:advance", args=[cycle.pk]), follow=True)
    assert "Kunci penilaian mandiri terlebih dahulu" in response.content.decode()


@pytest.mark.parametrize("name", ["respondent", "assessor", "leader", "external", "partner"])
def test_other_roles_cannot_press_the_stage_button(as_user, personas, cycle, name):
    client = as_user(getattr(personas, name))
    assert client.post(reverse("cycles:advance", args=[cycle.pk])).status_code == 403
    assert client.post(reverse("cycles:lock", args=[cycle.pk])).status_code == 403
    cycle.refresh_from_db()
    assert cycle.stage == Stage.SELF_ASSESSMENT and not cycle.is_locked
