"""The item planner (Pemdi 2026): exact least effort, checked against brute force and HiGHS.

The references share no code with the planner: brute force scores every subset of the
missing items with the index engine; the MILP (scipy's HiGHS) models gating item by item
("an item of level L counts only if every item below it is accepted") on binary variables.
"""

import itertools
import random
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from simpul.frameworks.checking import load_framework_file
from simpul.frameworks.scoring import Assessment, IndexEngine
from simpul.frameworks.spec import DATA_DIR, RULE_ITEMS
from simpul.planner.items import plan_item_roadmap, plan_items
from simpul.planner.optimizer import Target

# The parsed spec is shared; the engine is built in each test (fixture `engine`) so that mutmut
# attributes the planner's and the engine's mutants to every test that runs them.
SPEC = load_framework_file(DATA_DIR / "pemdi-2026.json")
VALUED = [
    indicator for indicator, _group in SPEC.indicators() if indicator.value_rule == RULE_ITEMS
]
ALL_ITEMS = [item.code for indicator in VALUED for _level, item in indicator.items()]
# Hypothesis tests take the function-scoped engine: planning does not change it.
FIXTURE_OK = [HealthCheck.function_scoped_fixture]


@pytest.fixture
def engine() -> IndexEngine:
    return IndexEngine(SPEC)


def index_of(engine: IndexEngine, verdicts: dict[str, str], scores: dict[str, Decimal]) -> Fraction:
    return engine.evaluate(Assessment(verdicts=verdicts, scores=scores)).result.index


def reached(index: Fraction, target: Target) -> bool:
    value = Fraction(target.value)
    return index >= value if target.inclusive else index > value


def brute_force(
    engine: IndexEngine,
    verdicts: dict[str, str],
    scores: dict,
    target: Target,
    efforts: dict[str, Decimal],
) -> tuple[Decimal | None, Fraction]:
    """Least effort over every subset of the missing items, and the highest index."""
    missing = [code for code in ALL_ITEMS if verdicts.get(code) != "accepted"]
    best: Decimal | None = None
    highest = Fraction(0)
    for size in range(len(missing) + 1):
        for subset in itertools.combinations(missing, size):
            index = index_of(engine, {**verdicts, **dict.fromkeys(subset, "accepted")}, scores)
            highest = max(highest, index)
            if reached(index, target):
                effort = sum((efforts.get(code, Decimal(1)) for code in subset), Decimal(0))
                best = effort if best is None else min(best, effort)
    return best, highest


def almost_done(rng: random.Random, missing: int) -> dict[str, str]:
    """Every item accepted except `missing` random ones (some revisi, some ditolak)."""
    verdicts = dict.fromkeys(ALL_ITEMS, "accepted")
    for code in rng.sample(ALL_ITEMS, missing):
        verdicts[code] = rng.choice(("revision", "rejected"))
    return verdicts


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURE_OK)
@given(
    seed=st.integers(0, 10**6),
    missing=st.integers(1, 9),
    target=st.decimals(min_value="3.5", max_value="5", places=3),
    inclusive=st.booleans(),
)
def test_the_least_effort_equals_brute_force_over_every_subset(
    seed: int, missing: int, target: Decimal, inclusive: bool, engine: IndexEngine
) -> None:
    rng = random.Random(seed)
    verdicts = almost_done(rng, missing)
    scores = {"I5": Decimal(rng.randint(0, 100))}
    efforts = {code: Decimal(rng.randint(0, 8)) / 2 for code in ALL_ITEMS if rng.random() < 0.5}
    goal = Target(target, inclusive)
    plan = plan_items(engine, Assessment(verdicts=verdicts, scores=scores), goal, efforts)
    best, highest = brute_force(engine, verdicts, scores, goal, efforts)
    assert plan.max_reachable_index == highest
    assert plan.feasible == (best is not None)
    if best is not None:
        assert plan.total_effort == best
    # The plan's own claim holds: accepting exactly its items gives the achieved index.
    after = {**verdicts, **dict.fromkeys(plan.items, "accepted")}
    assert index_of(engine, after, scores) == plan.achieved_index
    assert not set(plan.items) & {code for code, v in verdicts.items() if v == "accepted"}
    assert plan.total_effort == sum((efforts.get(c, Decimal(1)) for c in plan.items), Decimal(0))


def milp_least_effort(
    engine: IndexEngine,
    verdicts: dict[str, str],
    scores: dict,
    target: Fraction,
    efforts: dict[str, Decimal],
) -> Fraction | None:
    """HiGHS on the item model: x = item accepted, u = item counted (gated), z = level complete.

    value(indicator) = floor of level 1 + Σ_levels width/n × Σ counted items of the level;
    an item of level L counts only if level L−1 is complete (u ≤ x, u ≤ z_{L−1}), a level is
    complete only if each of its items is accepted and the level below is (z ≤ x, z ≤ z_{L−1}).
    """
    names: list[str] = []
    position: dict[str, int] = {}

    def var(name: str) -> int:
        position[name] = len(names)
        names.append(name)
        return position[name]

    for code in ALL_ITEMS:
        var(f"x:{code}")
    rows, lows, highs = [], [], []

    def constraint(coefficients: dict[int, float], low: float, high: float) -> None:
        rows.append(coefficients)
        lows.append(low)
        highs.append(high)

    index_terms: dict[int, Fraction] = {}
    constant = Fraction(0)
    for indicator in VALUED:
        weight = Fraction(indicator.weight) / Fraction(SPEC.weight_total)
        constant += weight * Fraction(SPEC.value_band(indicator.levels[0].level).lower)
        below = None
        for level in indicator.levels:
            band = SPEC.value_band(level.level)
            share = Fraction(band.width) / len(level.items)
            complete = var(f"z:{indicator.code}:{level.level}")
            if below is not None:
                constraint({complete: 1, below: -1}, -np.inf, 0)
            for item in level.items:
                counted = var(f"u:{item.code}")
                constraint({counted: 1, position[f"x:{item.code}"]: -1}, -np.inf, 0)
                if below is not None:
                    constraint({counted: 1, below: -1}, -np.inf, 0)
                constraint({complete: 1, position[f"x:{item.code}"]: -1}, -np.inf, 0)
                index_terms[counted] = weight * share
            below = complete
    for indicator, _group in SPEC.indicators():
        if indicator.value_rule != RULE_ITEMS:
            value = next(
                v.value
                for v in engine.evaluate(Assessment(scores=scores)).indicators
                if v.code == indicator.code
            )
            constant += Fraction(indicator.weight) / Fraction(SPEC.weight_total) * value
    # Σ terms ≥ target − constant, scaled to integers so that HiGHS works on exact integers.
    scale = 1
    for term in [*index_terms.values(), target - constant]:
        scale = np.lcm(scale, term.denominator)
    matrix = np.zeros((len(rows) + 1, len(names)))
    for r, coefficients in enumerate(rows):
        for column, value in coefficients.items():
            matrix[r, column] = value
    for column, term in index_terms.items():
        matrix[-1, column] = float(term * scale)
    lows.append(float((target - constant) * scale))
    highs.append(np.inf)
    cost = np.zeros(len(names))
    lower = np.zeros(len(names))
    for code in ALL_ITEMS:
        column = position[f"x:{code}"]
        cost[column] = float(efforts.get(code, Decimal(1)))
        if verdicts.get(code) == "accepted":
            lower[column] = 1
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, lows, highs),
        integrality=np.ones(len(names)),
        bounds=Bounds(lower, np.ones(len(names))),
    )
    if not result.success:
        return None
    chosen = [code for code in ALL_ITEMS if result.x[position[f"x:{code}"]] > 0.5]
    return sum(
        (Fraction(efforts.get(c, Decimal(1))) for c in chosen if verdicts.get(c) != "accepted"),
        Fraction(0),
    )


@pytest.mark.parametrize("seed", range(12))
def test_the_least_effort_equals_highs_on_the_whole_instrument(
    seed: int, engine: IndexEngine
) -> None:
    rng = random.Random(seed)
    depth = rng.uniform(0.3, 2.5)
    verdicts = {
        item.code: "accepted" if rng.random() < depth - level.level + 1 else "revision"
        for indicator in VALUED
        for level, item in indicator.items()
    }
    efforts = {code: Decimal(rng.randint(1, 6)) for code in ALL_ITEMS if rng.random() < 0.6}
    scores = {"I6": Decimal("2.5")}
    start = index_of(engine, verdicts, scores)
    target = Decimal(str(round(float(start) + rng.uniform(0.2, 1.5), 2)))
    plan = plan_items(engine, Assessment(verdicts=verdicts, scores=scores), Target(target), efforts)
    reference = milp_least_effort(engine, verdicts, scores, Fraction(target), efforts)
    assert plan.feasible == (reference is not None)
    if reference is not None:
        assert Fraction(plan.total_effort) == reference
        assert plan.achieved_index >= Fraction(target)


def test_gating_makes_a_cheap_high_level_item_worthless_until_the_level_below_is_complete(
    engine: IndexEngine,
) -> None:
    # I1: L1 has one item; L2 four. With I1-L1-01 missing, the L2 items are worth nothing.
    verdicts = {"I1-L2-01": "accepted", "I1-L2-02": "accepted"}
    start = index_of(engine, verdicts, {})
    assert start == 1  # the two accepted level-2 items do not count yet
    target = Decimal("1.075")  # I1 from 1.00 to 2.50: gain 5 × 1.5 / 100
    efforts = {code: Decimal(100) for code in ALL_ITEMS if not code.startswith("I1-")}
    plan = plan_items(engine, Assessment(verdicts=verdicts), Target(target), efforts)
    assert plan.feasible and plan.total_effort == 3 and plan.achieved_index == target
    i1 = next(change for change in plan.changes if change.code == "I1")
    assert (i1.from_value, i1.to_value) == (1, Fraction(5, 2))
    assert set(i1.items) == {"I1-L1-01", "I1-L2-03", "I1-L2-04"}


def test_an_out_of_reach_target_reports_the_highest_index_with_every_item(
    engine: IndexEngine,
) -> None:
    plan = plan_items(engine, Assessment(), Target(Decimal("4.9")))
    # Every item-valued indicator at 5, the four external ones (weights 5+3+3+3) at 1.
    assert plan.max_reachable_index == Fraction(86 * 5 + 14 * 1, 100)
    assert not plan.feasible and plan.achieved_index == plan.max_reachable_index
    assert len(plan.items) == len(ALL_ITEMS)


def test_a_target_already_reached_needs_nothing(engine: IndexEngine) -> None:
    plan = plan_items(engine, Assessment(), Target(Decimal("1")))
    assert plan.feasible and plan.items == () and plan.total_effort == 0
    strict = plan_items(engine, Assessment(), Target(Decimal("1"), inclusive=False))
    assert strict.feasible and len(strict.items) == 1 and strict.achieved_index > 1


def test_ties_are_broken_by_fewer_items_then_by_more_gain(engine: IndexEngine) -> None:
    efforts = dict.fromkeys(ALL_ITEMS, Decimal(0))
    plan = plan_items(engine, Assessment(), Target(Decimal("1.01")), efforts)
    # Everything is free: the fewest items reaching 1.01 is a single item.
    assert plan.total_effort == 0 and len(plan.items) == 1


def brute_force_within(
    engine: IndexEngine,
    verdicts: dict[str, str],
    pool: list[str],
    target: Target,
    efforts: dict[str, Decimal],
) -> Decimal | None:
    """Least effort over every subset of `pool` reaching the target (None: none does)."""
    best = None
    for size in range(len(pool) + 1):
        for subset in itertools.combinations(pool, size):
            if reached(
                index_of(engine, {**verdicts, **dict.fromkeys(subset, "accepted")}, {}), target
            ):
                effort = sum((efforts.get(code, Decimal(1)) for code in subset), Decimal(0))
                best = effort if best is None else min(best, effort)
    return best


@settings(max_examples=30, deadline=None, suppress_health_check=FIXTURE_OK)
@given(seed=st.integers(0, 10**6), missing=st.integers(2, 8), pool_size=st.integers(0, 8))
def test_a_plan_limited_to_some_items_equals_brute_force_over_them(
    seed: int, missing: int, pool_size: int, engine: IndexEngine
) -> None:
    rng = random.Random(seed)
    verdicts = almost_done(rng, missing)
    open_items = [code for code in ALL_ITEMS if verdicts[code] != "accepted"]
    pool = rng.sample(open_items, min(pool_size, len(open_items)))
    efforts = {code: Decimal(rng.randint(0, 6)) for code in open_items}
    top = index_of(engine, {**verdicts, **dict.fromkeys(pool, "accepted")}, {})
    goal = Target(Decimal(str(float(top) - rng.random() * 0.05)).quantize(Decimal("0.001")))
    plan = plan_items(engine, Assessment(verdicts=verdicts), goal, efforts, available=set(pool))
    assert set(plan.items) <= set(pool)
    assert plan.max_reachable_index == top
    best = brute_force_within(engine, verdicts, pool, goal, efforts)
    assert plan.feasible == (best is not None)
    if best is not None:
        assert plan.total_effort == best


@settings(max_examples=25, deadline=None, suppress_health_check=FIXTURE_OK)
@given(seed=st.integers(0, 10**6), missing=st.integers(2, 8))
def test_a_roadmap_costs_its_hardest_target_and_does_each_year_only_what_it_needs(
    seed: int, missing: int, engine: IndexEngine
) -> None:
    rng = random.Random(seed)
    verdicts = almost_done(rng, missing)
    open_items = [code for code in ALL_ITEMS if verdicts[code] != "accepted"]
    efforts = {code: Decimal(rng.randint(1, 6)) for code in open_items}
    start = index_of(engine, verdicts, {})
    top = index_of(engine, {**verdicts, **dict.fromkeys(open_items, "accepted")}, {})
    cuts = sorted(Fraction(rng.random()) for _ in range(2))
    targets = [Target(Decimal(float(start + (top - start) * cut)).quantize(Decimal("0.0001")))
               for cut in cuts]  # fmt: skip
    roadmap = plan_item_roadmap(engine, Assessment(verdicts=verdicts), targets, efforts)
    alone = plan_items(engine, Assessment(verdicts=verdicts), targets[-1], efforts)
    assert roadmap.total_effort == alone.total_effort
    first, second = roadmap.plans
    assert not set(first.items) & set(second.items)
    assert set(first.items) | set(second.items) <= set(alone.items)
    # The first evaluation takes the cheapest part of the whole plan reaching its own target.
    cheapest = brute_force_within(engine, verdicts, list(alone.items), targets[0], efforts)
    assert first.total_effort == cheapest
    after = {**verdicts, **dict.fromkeys(first.items + second.items, "accepted")}
    assert reached(index_of(engine, after, {}), targets[1]) and roadmap.feasible
    assert second.start_index == first.achieved_index


def test_a_roadmap_with_an_out_of_reach_last_target_says_which_evaluations_fall_short(
    engine: IndexEngine,
) -> None:
    targets = [Target(Decimal("1.5")), Target(Decimal("4.9"))]
    roadmap = plan_item_roadmap(engine, Assessment(), targets)
    first, last = roadmap.plans
    assert first.feasible and first.achieved_index >= Fraction("1.5")
    assert not last.feasible and not roadmap.feasible
    assert last.achieved_index == last.max_reachable_index == Fraction(86 * 5 + 14, 100)
    assert len(roadmap.items) == len(ALL_ITEMS)
    # A later target below an earlier one needs nothing more.
    easy = plan_item_roadmap(engine, Assessment(), [Target(Decimal("2")), Target(Decimal("1.5"))])
    assert easy.plans[1].items == () and easy.plans[1].feasible
