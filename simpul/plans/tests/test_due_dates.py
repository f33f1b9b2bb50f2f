"""Plan-created actions get due dates spread over the evaluation year they serve.

Prerequisites (and lower item levels) first, each action a share of the year proportional to its
effort, the last due on the evaluation's deadline (the latest answer due date of that year's
period, else 31 December); never in the past, never after the year's end.
"""

from datetime import date
from decimal import Decimal

from simpul.planner.defaults import assumptions
from simpul.planner.optimizer import Rule, Target, plan
from simpul.plans import operations
from simpul.plans.models import Action
from simpul.plans.schedule import Task, spread, window
from simpul.plans.tests.conftest import level_of
from simpul.plans.tests.test_item_planner import item_cycle, make_actions, pemdi  # noqa: F401


def test_the_year_is_shared_by_effort_with_prerequisites_first():
    tasks = [
        Task("b", (True, 2), Decimal("3")),
        Task("a", (False, 9), Decimal("1")),  # a prerequisite: first, whatever its number
        Task("c", (True, 5), Decimal("0")),  # no effort counts as one unit
    ]
    slots = spread(tasks, start=date(2026, 1, 1), end=date(2026, 6, 10))  # 160 days
    assert [slots[key].due for key in ("a", "b", "c")] == [
        date(2026, 2, 2),  # 1/5 of 160 days
        date(2026, 5, 9),  # 4/5
        date(2026, 6, 10),  # the last on the deadline
    ]
    assert [slots[key].start for key in ("a", "b", "c")] == [
        date(2026, 1, 1),
        date(2026, 2, 2),
        date(2026, 5, 9),
    ]


def test_the_window_is_never_in_the_past_nor_after_the_years_end():
    assert window(2026, today=date(2025, 6, 1)) == (date(2026, 1, 1), date(2026, 12, 31))
    deadline = date(2026, 9, 15)
    assert window(2026, today=date(2026, 3, 1), deadline=deadline) == (date(2026, 3, 1), deadline)
    # The deadline passed: the rest of the year.
    assert window(2026, today=date(2026, 10, 1), deadline=deadline) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    # A deadline in another year is not this evaluation's.
    assert window(2026, today=date(2026, 3, 1), deadline=date(2027, 3, 1))[1] == date(2026, 12, 31)
    # A year already over: its last day, not a day of the next year.
    assert window(2024, today=date(2025, 6, 1)) == (date(2024, 12, 31), date(2024, 12, 31))


def optimum(cycle, target: str, rules=()):
    engine = cycle.framework.engine()
    levels = {item.code: level_of(item.number) for item, _group in engine.spec.indicators()}
    efforts = assumptions(engine.spec).efforts
    return plan(engine, levels, [Target(Decimal(target))], efforts, rules=rules)


def test_a_plans_actions_are_spread_before_the_periods_deadline(personas, cycle, people):
    # The 2025 period's answers are due by 15 September at the latest.
    cycle.answers.update(due_date=date(2025, 8, 1))
    cycle.answers.filter(indicator__code="I02").update(due_date=date(2025, 9, 15))
    result = optimum(cycle, "3.5")
    today = date(2025, 3, 10)
    made = operations.actions_from_plan(
        personas.agency_a,
        result,
        start_cycle=cycle,
        first_year=2025,
        membership=people.admin,
        today=today,
    ).created
    assert len(made) > 3
    dues = sorted(action.due_date for action in made)
    assert dues[-1] == date(2025, 9, 15)  # the last on the deadline, not on 31 December
    assert len(set(dues)) > len(made) // 2  # spread, not all on one day
    for action in Action.objects.filter(pk__in=[a.pk for a in made]):
        assert today <= action.start_date <= action.due_date <= date(2025, 9, 15)
        assert action.cycle == cycle


def test_a_prerequisite_is_due_before_the_indicator_that_needs_it(personas, cycle, people):
    # I11 (level 3) may not go above 3 unless I44 (level 2) reaches 3: I44 comes first,
    # though by number it would come last.
    rules = (Rule("I11", 3, "I44", 3),)
    result = optimum(cycle, "3.5", rules=rules)
    raised = {step.indicator for step in result.steps}
    assert {"I11", "I44"} <= raised
    operations.actions_from_plan(
        personas.agency_a,
        result,
        start_cycle=cycle,
        first_year=2026,
        membership=people.admin,
        today=date(2025, 6, 1),
    )
    due = dict(Action.objects.values_list("indicator__code", "due_date"))
    assert due["I44"] == min(due.values()) < due["I11"]
    assert max(due.values()) == date(2026, 12, 31)  # no 2026 period: the year's end


def test_item_actions_run_lower_levels_first(as_user, personas, item_cycle):  # noqa: F811
    make_actions(as_user(personas.admin), item_cycle, "butir", "1.30")
    made = list(Action.objects.filter(agency=personas.agency_a).order_by("due_date", "pk"))
    assert len(made) > 1
    levels = [action.target_level for action in made]  # per item: the item's level
    assert levels == sorted(levels)
    assert len({action.due_date for action in made}) > 1
    assert made[-1].due_date == date(2027, 12, 31)  # no 2027 period: the year's end
    assert all(date(2027, 1, 1) <= a.start_date <= a.due_date for a in made)
