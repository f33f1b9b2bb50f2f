from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from .conftest import add_action

URL = reverse("dashboard:leader")


def test_the_leader_page_shows_index_predicate_and_three_weakest_aspects(personas, cycle, as_user):
    response = as_user(personas.leader).get(URL)
    assert response.status_code == 200
    weakest = response.context["weakest"]
    assert len(weakest) == 3
    aspects = [g for g in response.context["current"].best.groups if g.depth == 1]
    lowest = sorted(aspects, key=lambda g: g.index)[:3]
    assert [code for code, _name, _text in weakest] == [g.code for g in lowest]
    assert weakest[0][2] == response.context["current"].engine.display(lowest[0].index).replace(
        ".", ","
    )
    body = response.content.decode()
    assert 'id="indeks-mandiri">3,22<' in body and 'id="aspek-terlemah"' in body


def test_the_leader_page_ranks_the_steps_that_raise_the_index_most(personas, cycle, as_user):
    action = add_action(personas, 38, timezone.localdate() + timedelta(days=30))
    moves = as_user(personas.leader).get(URL).context["moves"]
    assert 0 < len(moves) <= 5
    assert all(move.gain > 0 and move.to_level == move.from_level + 1 for move in moves)
    planned = [move for move in moves if move.code == "I38"]
    assert not planned or planned[0].action == action


def test_overdue_actions_are_grouped_by_unit(personas, cycle, as_user):
    today = timezone.localdate()
    add_action(personas, 4, today - timedelta(days=3), unit=personas.unit_a2)
    add_action(personas, 6, today + timedelta(days=3), unit=personas.unit_a)
    response = as_user(personas.leader).get(URL)
    grouped = dict(response.context["overdue_units"])
    assert list(grouped) == ["Bappeda"]
    assert [a.indicator.code for a in grouped["Bappeda"]] == ["I04"]
    assert [row.unit for row in response.context["units"]] == [personas.unit_a2]


def test_respondents_and_partners_do_not_get_the_leader_page(personas, cycle, as_user):
    assert as_user(personas.respondent).get(URL).status_code == 403
    assert as_user(personas.partner).get(URL).status_code == 403


def test_the_leader_page_of_another_agency_shows_nothing_of_agency_a(personas, cycle, as_user):
    response = as_user(personas.admin_b).get(URL)
    assert response.status_code == 200
    assert response.context["current"] is None
