"""The planner's optimum equals brute force on small instances and HiGHS on full SPBE ones."""

from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from simpul.frameworks.checking import load_framework_file
from simpul.frameworks.scoring import IndexEngine
from simpul.frameworks.tests.conftest import SPBE_FILE
from simpul.planner.defaults import assumptions
from simpul.planner.optimizer import Efforts, Rule, Target, plan
from simpul.planner.tests.references import (
    brute_force,
    check_plan,
    milp_optimum,
    schedules_count,
    small_engine,
)

# The parsed spec is shared; the engine is built in each test (fixture `spbe`) so that mutmut
# attributes the optimizer's and the engine's mutants to every test that runs them.
SPBE_SPEC = load_framework_file(SPBE_FILE)
SPBE_CODES = [item.code for item, _group in SPBE_SPEC.indicators()]


@pytest.fixture
def spbe() -> IndexEngine:
    return IndexEngine(SPBE_SPEC)


def examples(count: int) -> settings:
    # The function-scoped engine is safe to share between examples: planning does not change it.
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
    )


weights = st.integers(1, 400).map(lambda n: Decimal(n) / 100) | st.integers(1, 40).map(Decimal)
efforts = st.integers(0, 60).map(Decimal) | st.integers(0, 400).map(lambda n: Decimal(n) / 8)


def targets(years: int) -> st.SearchStrategy[list[Target]]:
    value = st.integers(100, 500).map(lambda n: Decimal(n) / 100) | st.integers(1000, 5000).map(
        lambda n: Decimal(n) / 1000
    )
    return st.lists(st.builds(Target, value, st.booleans()), min_size=years, max_size=years)


@st.composite
def instances(draw: st.DrawFn, engine: IndexEngine | None, most: int, years: int) -> dict:
    if engine is None:
        engine = small_engine(draw(st.lists(weights, min_size=1, max_size=most)))
    codes = [item.code for item, _group in engine.spec.indicators()]
    start = {code: draw(st.integers(1, 5)) for code in codes}
    steps = {code: tuple(draw(st.lists(efforts, min_size=4, max_size=4))) for code in codes}
    rules = draw(
        st.lists(
            st.builds(
                Rule,
                st.sampled_from(codes),
                st.integers(1, 5),
                st.sampled_from(codes),
                st.integers(1, 5),
            ).filter(lambda rule: rule.indicator != rule.requires),
            max_size=4 if len(codes) > 1 else 0,
        )
    )
    return {
        "engine": engine,
        "start": start,
        "targets": draw(targets(years)),
        "efforts": Efforts("hari", 1, MappingProxyType(steps)),
        "locks": set(draw(st.lists(st.sampled_from(codes), max_size=len(codes) // 3))),
        "max_steps": draw(st.none() | st.integers(0, 3)),
        "rules": rules,
    }


def planned(case: dict):
    return plan(
        case["engine"],
        case["start"],
        case["targets"],
        case["efforts"],
        locks=case["locks"],
        max_steps=case["max_steps"],
        rules=case["rules"],
    )


def assert_matches_brute_force(case: dict) -> None:
    result = planned(case)
    best, highest = brute_force(**case)
    for year, top in zip(result.years, highest, strict=True):
        # A quotient that does not terminate carries 40 significant digits.
        assert abs(Fraction(year.max_reachable) - top) < Fraction(1, 10**30)
    if best is None:
        assert not result.feasible
    else:
        assert result.feasible
        steps = sum(s.to_level - s.from_level for s in result.steps)
        numbered = sum((s.to_level - s.from_level) * s.number for s in result.steps)
        assert (result.total_effort, steps, numbered) == best
    check_plan(**case, result=result)


@examples(150)
@given(case=instances(None, most=8, years=1))
def test_one_year_plans_cost_exactly_what_brute_force_finds_on_up_to_8_indicators(
    case: dict,
) -> None:
    assume(
        schedules_count(case["engine"], case["start"], 1, case["locks"], case["max_steps"]) <= 4000
    )
    assert_matches_brute_force(case)


@examples(80)
@given(data=st.data())
def test_roadmaps_cost_exactly_what_brute_force_finds_over_every_schedule(
    data: st.DataObject,
) -> None:
    years = data.draw(st.integers(2, 3))
    case = data.draw(instances(None, most=4, years=years))
    count = schedules_count(case["engine"], case["start"], years, case["locks"], case["max_steps"])
    assume(count <= 4000)
    assert_matches_brute_force(case)


def spbe_case(data: st.DataObject, spbe: IndexEngine, years: int) -> dict:
    case = data.draw(instances(spbe, most=47, years=years))
    if data.draw(st.booleans()):
        case["rules"] = [*case["rules"], *assumptions(spbe.spec).rules]
    # Mostly targets between the start and what the constraints allow, so most are feasible.
    start = spbe.score(case["start"]).index
    chosen = []
    for year in range(years):
        top = planned({**case, "targets": [Target(Decimal(5))] * (year + 1)}).years[-1]
        low = max([start, *chosen])
        fraction = data.draw(st.integers(0, 100)) / Decimal(100)
        value = (low + (top.max_reachable - low) * fraction).quantize(Decimal("0.001"))
        chosen.append(value if data.draw(st.integers(0, 9)) else Decimal(5))
    case["targets"] = [Target(value) for value in chosen]
    return case


@examples(40)
@given(data=st.data())
def test_on_47_spbe_indicators_the_effort_equals_the_milp_optimum_and_the_target_is_met(
    data: st.DataObject, spbe: IndexEngine
) -> None:
    case = spbe_case(data, spbe, years=1)
    result = planned(case)
    check_plan(**case, result=result)
    optimum = milp_optimum(**case)
    if optimum is None:
        assert not result.feasible
        top = milp_optimum(**{**case, "targets": [None]}, maximise_year=0)
        assert float(result.final.max_reachable) == pytest.approx(top, abs=1e-9)
    else:
        assert result.feasible and case["targets"][0].reached_by(result.final.index)
        assert float(result.total_effort) == pytest.approx(optimum, rel=1e-9, abs=1e-6)


@examples(12)
@given(data=st.data())
def test_on_47_spbe_indicators_a_roadmap_costs_the_milp_optimum(
    data: st.DataObject, spbe: IndexEngine
) -> None:
    case = spbe_case(data, spbe, years=data.draw(st.integers(2, 3)))
    case["max_steps"] = data.draw(st.integers(1, 2))
    result = planned(case)
    check_plan(**case, result=result)
    optimum = milp_optimum(**case)
    if optimum is None:
        assert not result.feasible
    else:
        assert result.feasible
        assert float(result.total_effort) == pytest.approx(optimum, rel=1e-9, abs=1e-6)


@pytest.mark.parametrize("code", ["I01", "I32"])
def test_a_plan_never_uses_more_than_it_needs(code: str, spbe: IndexEngine) -> None:
    """Dropping any one level step of an optimal plan misses the target (no waste)."""
    start = dict.fromkeys(SPBE_CODES, 2)
    start[code] = 1
    result = plan(spbe, start, [Target(Decimal("3.1"))], assumptions(spbe.spec).efforts)
    assert result.feasible
    for step in result.steps:
        fewer = {**result.levels, step.indicator: step.to_level - 1}
        assert not Target(Decimal("3.1")).reached_by(spbe.score(fewer).index)
