"""One click turns a plan into actions: one per raised indicator, owned as its answer is."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.cycles import operations as cycle_operations
from simpul.cycles.models import Answer
from simpul.planner.defaults import assumptions
from simpul.planner.optimizer import Target, plan
from simpul.plans import operations
from simpul.plans.models import Action, ActionSource, ActionStatus
from simpul.plans.tests.conftest import level_of, make_action


def text(response) -> str:
    return " ".join(response.content.decode().split())


def turn(client, cycle, **params):
    data = {"awal": f"self:{cycle.pk}", "target_1": "Sangat Baik", **params}
    return client.post(reverse("plans:plan_to_actions"), data, follow=True)


def optimum(cycle, targets, **constraints):
    engine = cycle.framework.engine()
    levels = {item.code: level_of(item.number) for item, _group in engine.spec.indicators()}
    return plan(engine, levels, targets, assumptions(engine.spec).efforts, **constraints)


def test_one_click_makes_one_action_per_raised_indicator(as_user, personas, cycle):
    response = turn(as_user(personas.admin), cycle, tahun="2026")
    expected = optimum(cycle, [Target(Decimal("3.5"), True, "Sangat Baik")])
    made = {action.indicator.code: action for action in Action.objects.select_related("indicator")}
    # Work starts today, or on 1 January of the target year when that is later, and the
    # actions are spread over the rest of the year (test_due_dates.py).
    start = min(max(timezone.localdate(), date(2026, 1, 1)), date(2026, 12, 31))
    assert set(made) == {step.indicator for step in expected.steps}
    assert max(action.due_date for action in made.values()) == date(2026, 12, 31)
    for step in expected.steps:
        action = made[step.indicator]
        assert action.target_level == step.to_level
        assert start <= action.start_date <= action.due_date <= date(2026, 12, 31)
        assert (action.source, action.status, action.progress) == (
            ActionSource.PLAN,
            ActionStatus.PLANNED,
            0,
        )
        assert action.cycle is None  # no 2026 cycle yet
        assert action.created_by == personas.admin
        assert f"2026: {step.from_level}→{step.to_level}" in action.notes
        if step.number <= 10:
            assert (action.unit, action.pic) == (personas.unit_a2, personas.respondent)
        else:
            assert (action.unit, action.pic) == (personas.unit_a, None)
    html = text(response)
    assert response.redirect_chain[-1][0] == reverse("plans:actions")
    assert f"{len(expected.steps)} rencana aksi dibuat." in html


def test_the_owner_comes_from_the_answer_of_the_target_years_cycle(as_user, personas, cycle):
    following = cycle_operations.open_cycle(
        personas.agency_a,
        year=2026,
        framework=cycle.framework,
        include_visit=False,
        user=personas.admin,
        copy_from=cycle,
    )
    moved = Answer.objects.filter(cycle=following, indicator__number__gt=10)
    for answer in moved:
        answer.units.set([personas.unit_a2])
    client = as_user(personas.admin)
    turn(client, cycle, tahun="2026")
    assert Action.objects.exists()
    for action in Action.objects.all():
        assert action.cycle == following and action.unit == personas.unit_a2
    # No cycle for 2027 yet: the latest cycle's assignment (2026) is the best guess.
    Action.objects.all().delete()
    turn(client, cycle, tahun="2027")
    assert Action.objects.exists()
    for action in Action.objects.all():
        assert action.cycle is None and action.unit == personas.unit_a2


def test_the_pics_own_unit_is_preferred_among_several(personas, cycle, people):
    answer = Answer.objects.get(cycle=cycle, indicator__code="I44")
    answer.units.set([personas.unit_a, personas.unit_a2])
    answer.pic = personas.respondent
    answer.save(update_fields=["pic"])
    result = optimum(cycle, [Target(Decimal("3.3"))], locks=[])
    assert "I44" in {step.indicator for step in result.steps}
    operations.actions_from_plan(
        personas.agency_a,
        result,
        start_cycle=cycle,
        first_year=2026,
        membership=people.admin,
        today=date(2025, 6, 1),
    )
    action = Action.objects.get(indicator__code="I44")
    assert (action.unit, action.pic) == (personas.unit_a2, personas.respondent)


def test_a_second_click_skips_indicators_that_already_have_an_open_action(as_user, personas, cycle):
    client = as_user(personas.admin)
    turn(client, cycle)
    count = Action.objects.count()
    first = Action.objects.order_by("indicator__number").first()
    first.status = ActionStatus.CANCELLED
    first.save(update_fields=["status"])
    html = text(turn(client, cycle))
    assert Action.objects.count() == count + 1  # only the cancelled one is planned again
    assert "1 rencana aksi dibuat." in html
    assert "Sudah ada rencana aksi terbuka, dilewati: indikator " in html


def test_a_roadmap_gives_one_action_per_indicator_due_at_its_last_year(as_user, personas, cycle):
    turn(
        as_user(personas.admin),
        cycle,
        target_1="3.4",
        target_2="3.9",
        maks_langkah="1",
        tahun="2030",
    )
    expected = optimum(cycle, [Target(Decimal("3.4")), Target(Decimal("3.9"))], max_steps=1)
    by_code: dict[str, list] = {}
    for step in expected.steps:
        by_code.setdefault(step.indicator, []).append(step)
    assert any(len(steps) == 2 for steps in by_code.values())
    assert Action.objects.count() == len(by_code)
    for code, steps in by_code.items():
        action = Action.objects.get(indicator__code=code)
        assert action.target_level == steps[-1].to_level
        year = 2029 + steps[-1].year
        assert date(year, 1, 1) <= action.start_date <= action.due_date <= date(year, 12, 31)


def test_a_plan_without_steps_makes_no_actions(as_user, personas, cycle):
    html = text(turn(as_user(personas.admin), cycle, target_1="3.0"))
    assert "Rencana ini tidak berisi kenaikan; tidak ada rencana aksi dibuat." in html
    assert not Action.objects.exists()


def test_bad_planner_input_makes_no_actions(as_user, personas, cycle, cycle_b):
    client = as_user(personas.admin)
    html = text(turn(client, cycle, target_1="tinggi"))
    assert "Masukan perencana tidak lengkap" in html
    html = text(turn(client, cycle_b))
    assert "Masukan perencana tidak lengkap" in html
    assert not Action.objects.exists()


@pytest.mark.parametrize("name", ["leader", "assessor", "respondent", "partner"])
def test_only_the_admin_turns_plans_into_actions(as_user, personas, cycle, name):
    client = as_user(getattr(personas, name))
    response = client.post(
        reverse("plans:plan_to_actions"),
        {"awal": f"self:{cycle.pk}", "target_1": "Sangat Baik"},
    )
    assert response.status_code == 403 and not Action.objects.exists()


def test_the_action_refuses_a_plan_from_another_agencys_cycle(personas, cycle, people):
    result = optimum(cycle, [Target(Decimal("3.3"))])
    with pytest.raises(operations.PlansError, match="bukan dari periode instansi ini"):
        operations.actions_from_plan(
            personas.agency_b,
            result,
            start_cycle=cycle,
            first_year=2026,
            membership=personas.admin_b_membership,
            today=date(2025, 6, 1),
        )
    with pytest.raises(operations.PlansError, match="tidak berwenang"):
        operations.actions_from_plan(
            personas.agency_a,
            result,
            start_cycle=cycle,
            first_year=2026,
            membership=people.leader,
            today=date(2025, 6, 1),
        )
    assert not Action.objects.exists()


def test_a_start_date_never_lies_after_the_due_date(personas, cycle, people):
    result = optimum(cycle, [Target(Decimal("3.3"))])
    operations.actions_from_plan(
        personas.agency_a,
        result,
        start_cycle=cycle,
        first_year=2024,
        membership=people.admin,
        today=date(2025, 6, 1),
    )
    action = Action.objects.first()
    assert action.start_date == action.due_date == date(2024, 12, 31)


def test_the_planner_page_shows_the_plan_before_the_click(as_user, personas, cycle):
    make_action(personas, cycle, "I01")
    html = text(
        as_user(personas.admin).get(
            reverse("plans:planner"), {"awal": f"self:{cycle.pk}", "target_1": "Sangat Baik"}
        )
    )
    form = html[html.index('action="/rencana/perencana/jadikan-aksi/"') :]
    assert f'name="awal" value="self:{cycle.pk}"' in form
    assert 'name="target_1" value="Sangat Baik"' in form
