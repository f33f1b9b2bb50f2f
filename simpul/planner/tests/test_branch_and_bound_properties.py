"""Roadmaps that need the branch and bound: the optimum equals brute force and HiGHS.

With several years and a yearly step limit the relaxations that bound the search can disagree
with the true optimum; the search then leaves its fast path (`first` within the bound) for the
branch and bound (`improve` in `_Problem._search`). The property tests in
test_optimizer_properties.py never got there (coverage showed `improve` unexecuted), so these
draw the kind of instance where it happens (mostly three years, one step a year: about one in
four needs it) and keep only those whose plan went through `improve`, watched with
`sys.setprofile` (the optimizer runs unchanged). Killed mutants: `children.sort()` dropped
(the loop's `break` then prunes unsorted children) and the key left out of `spent`.
"""

import sys
from decimal import Decimal
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from simpul.planner import optimizer
from simpul.planner.optimizer import Efforts, Plan, Rule, Target
from simpul.planner.tests.references import (
    check_plan,
    milp_optimum,
    schedules_count,
    small_engine,
)
from simpul.planner.tests.test_optimizer_properties import (
    assert_matches_brute_force,
    efforts,
    examples,
    planned,
)

IMPROVE = "improve"


def through_branch_and_bound(case: dict) -> tuple[Plan, bool]:
    """The plan of `case`, and whether its search called the branch and bound."""
    calls: list[str] = []

    def watch(frame, event: str, _arg) -> None:
        code = frame.f_code
        if event == "call" and code.co_name == IMPROVE and code.co_filename == optimizer.__file__:
            calls.append(code.co_name)

    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        result = planned(case)
    finally:
        sys.setprofile(previous)
    return result, bool(calls)


@st.composite
def roadmaps(
    draw: st.DrawFn, least: int, most: int, years: tuple[int, ...], max_steps: tuple[int, ...]
):
    """Multi-year roadmaps with a yearly step limit, rules, locks and rising targets."""
    weights = draw(
        st.lists(st.integers(1, 40).map(Decimal), min_size=least, max_size=most)
        | st.lists(
            st.integers(1, 400).map(lambda n: Decimal(n) / 100), min_size=least, max_size=most
        )
    )
    engine = small_engine(weights)
    codes = [item.code for item, _group in engine.spec.indicators()]
    count = draw(st.sampled_from(years))
    rules = []
    for _rule in range(draw(st.integers(0, 3))):
        first = draw(st.integers(0, len(codes) - 1))
        other = draw(st.integers(0, len(codes) - 2))
        requires = codes[other + 1 if other >= first else other]
        rules.append(Rule(codes[first], draw(st.integers(1, 5)), requires, draw(st.integers(1, 5))))
    values = draw(st.lists(st.integers(150, 450), min_size=count, max_size=count).map(sorted))
    return {
        "engine": engine,
        "start": {code: draw(st.integers(1, 3)) for code in codes},
        "targets": [Target(Decimal(value) / 100, draw(st.booleans())) for value in values],
        "efforts": Efforts(
            "hari",
            1,
            MappingProxyType(
                {code: tuple(draw(st.lists(efforts, min_size=4, max_size=4))) for code in codes}
            ),
        ),
        "locks": set(draw(st.lists(st.sampled_from(codes), max_size=len(codes) // 4))),
        "max_steps": draw(st.sampled_from(max_steps)),
        "rules": rules,
    }


def branch_and_bound_examples(count: int) -> settings:
    # Building a framework per example is slow, and four in five examples go elsewhere.
    return settings(
        examples(count),
        suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
    )


@branch_and_bound_examples(40)
@given(case=roadmaps(least=3, most=4, years=(3, 3, 2), max_steps=(1, 1, 2)))
def test_a_roadmap_searched_by_branch_and_bound_costs_what_brute_force_finds(case: dict) -> None:
    years = len(case["targets"])
    count = schedules_count(case["engine"], case["start"], years, case["locks"], case["max_steps"])
    assume(count <= 4096)  # four indicators, three years, one step a year
    _result, searched = through_branch_and_bound(case)
    assume(searched)
    assert_matches_brute_force(case)


@branch_and_bound_examples(15)
@given(case=roadmaps(least=6, most=16, years=(3,), max_steps=(1,)))
def test_a_larger_roadmap_searched_by_branch_and_bound_costs_the_milp_optimum(
    case: dict,
) -> None:
    result, searched = through_branch_and_bound(case)
    assume(searched)
    check_plan(**case, result=result)
    optimum = milp_optimum(**case)
    if optimum is None:
        assert not result.feasible
    else:
        assert result.feasible
        assert float(result.total_effort) == pytest.approx(optimum, rel=1e-9, abs=1e-6)


def test_a_one_year_plan_follows_the_exact_bound_without_the_branch_and_bound() -> None:
    """With one year the bound is exact: the first depth-first pass within it finds the plan."""
    engine = small_engine([Decimal(3), Decimal(2), Decimal(1)])
    case = {
        "engine": engine,
        "start": {"K1": 1, "K2": 2, "K3": 1},
        "targets": [Target(Decimal("2.9"))],
        "efforts": Efforts(
            "hari",
            1,
            MappingProxyType(
                dict.fromkeys(("K1", "K2", "K3"), (Decimal(2), Decimal(3), Decimal(5), Decimal(8)))
            ),
        ),  # fmt: skip
        "locks": set(),
        "max_steps": None,
        "rules": [],
    }
    result, searched = through_branch_and_bound(case)
    assert result.feasible and not searched
    assert_matches_brute_force(case)


def test_the_branch_and_bound_remembers_the_least_key_spent_per_state(monkeypatch) -> None:
    """Twelve indicators of weights 1 and 2 over three years, one step a year: many paths
    reach the same (indicator, gain still needed), and a path that spent no less than one
    seen before is cut (`seen`). Measured: 341 nodes; without the memo 377."""
    weights = [2, 2, 1, 2, 1, 1, 1, 1, 2, 2, 1, 2]
    engine = small_engine([Decimal(w) for w in weights])
    steps = [
        (3, 1, 1, 4), (4, 3, 3, 5), (6, 4, 9, 4), (3, 4, 7, 5), (1, 6, 7, 3), (3, 5, 2, 6),
        (5, 1, 6, 2), (5, 6, 5, 8), (6, 3, 8, 8), (3, 1, 5, 1), (6, 7, 1, 9), (7, 6, 7, 1),
    ]  # fmt: skip
    codes = [f"K{number}" for number in range(1, 13)]
    case = {
        "engine": engine,
        "start": dict(zip(codes, (1, 1, 1, 2, 2, 1, 2, 1, 1, 1, 2, 1), strict=True)),
        "targets": [Target(Decimal(value)) for value in ("1.76", "2.89", "2.96")],
        "efforts": Efforts(
            "hari",
            1,
            MappingProxyType(
                {code: tuple(map(Decimal, own)) for code, own in zip(codes, steps, strict=True)}
            ),
        ),  # fmt: skip
        "locks": set(),
        "max_steps": 1,
        "rules": [],
    }
    monkeypatch.setattr(optimizer, "NODE_LIMIT", 341)
    result, searched = through_branch_and_bound(case)
    assert searched and result.feasible and result.total_effort == 71
    check_plan(**case, result=result)
    assert float(result.total_effort) == pytest.approx(milp_optimum(**case))
