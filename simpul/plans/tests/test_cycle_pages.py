"""What the cycle and answer pages show of planning: actions done, counts, links."""

import pytest
from django.urls import reverse

from simpul.cycles import operations as cycle_operations
from simpul.cycles.models import Answer
from simpul.evidence.models import Evidence
from simpul.plans import operations
from simpul.plans.models import ActionStatus
from simpul.plans.tests.conftest import make_action


def text(response) -> str:
    return " ".join(response.content.decode().split())


def answer_page(client, cycle, code="I05") -> str:
    answer = Answer.objects.get(cycle=cycle, indicator__code=code)
    response = client.get(reverse("cycles:answer", args=[answer.pk]))
    assert response.status_code == 200
    return text(response)


def test_a_done_action_shows_on_its_indicators_answer_page(as_user, personas, cycle, people):
    action = make_action(personas, cycle, "I05", target_level=4)
    document = Evidence.objects.create(agency=personas.agency_a, title="Perbup SPBE 2025")
    operations.update_action_progress(
        action, membership=people.respondent, status=ActionStatus.DONE, evidence=[document]
    )
    html = answer_page(as_user(personas.respondent), cycle)
    section = html[html.index("Rencana aksi indikator ini") :]
    assert 'data-action-status="done"' in section and "Menuju tingkat 4" in section
    assert "<strong>selesai " in section and "Perbup SPBE 2025" in section
    # Another indicator's page does not show it.
    assert "Menuju tingkat 4" not in answer_page(as_user(personas.admin), cycle, "I06")


def test_actions_aimed_at_another_cycle_stay_on_that_cycles_page(as_user, personas, cycle):
    later = cycle_operations.open_cycle(
        personas.agency_a, year=2026, framework=cycle.framework, include_visit=False, user=None
    )
    make_action(personas, cycle, "I05", cycle=later, target_level=5)
    make_action(personas, cycle, "I05", cycle=None, target_level=4)
    html = answer_page(as_user(personas.admin), cycle)
    assert "Menuju tingkat 4" in html and "Menuju tingkat 5" not in html


def test_the_answer_page_shows_only_what_the_person_may_see(as_user, personas, cycle):
    make_action(personas, cycle, "I05", unit=personas.unit_a, pic=personas.admin, target_level=4)
    assert "Menuju tingkat 4" not in answer_page(as_user(personas.respondent), cycle)
    assert "Menuju tingkat 4" in answer_page(as_user(personas.leader), cycle)
    external = answer_page(as_user(personas.external), cycle)
    assert "Rencana aksi indikator ini" not in external


def test_only_the_admin_gets_the_add_link_on_the_answer_page(as_user, personas, cycle):
    answer = Answer.objects.get(cycle=cycle, indicator__code="I05")
    link = f"/rencana/aksi/baru/?indikator={answer.indicator_id}&amp;periode={cycle.pk}"
    assert link in answer_page(as_user(personas.admin), cycle)
    assert link not in answer_page(as_user(personas.leader), cycle)


def test_the_cycle_page_counts_done_actions_and_links_to_planning(as_user, personas, cycle):
    make_action(personas, cycle, "I05", status=ActionStatus.DONE)
    make_action(personas, cycle, "I06")
    make_action(personas, cycle, "I07", status=ActionStatus.CANCELLED)
    html = text(as_user(personas.admin).get(reverse("cycles:detail", args=[cycle.pk])))
    assert 'Rencana aksi selesai</a></th><td class="num">1/2</td>' in html
    assert f'href="/rencana/periode/{cycle.pk}/simulasi/"' in html


@pytest.mark.parametrize(("name", "links"), [("leader", True), ("respondent", False)])
def test_planning_links_follow_the_role(as_user, personas, cycle, name, links):
    html = text(as_user(getattr(personas, name)).get(reverse("cycles:detail", args=[cycle.pk])))
    assert (f"/rencana/periode/{cycle.pk}/simulasi/" in html) == links


def test_the_cycle_page_without_actions_shows_no_count(as_user, personas, cycle):
    html = text(as_user(personas.admin).get(reverse("cycles:detail", args=[cycle.pk])))
    assert "Rencana aksi selesai" not in html
