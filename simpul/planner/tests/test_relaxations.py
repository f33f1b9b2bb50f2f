"""The bounds of the roadmap search: valid always, and lifted by the Lagrange multipliers.

A roadmap's search (`_Problem._search`) prunes with the best of several relaxations: each year
alone, all years added up, and each year kept with the others priced at multipliers from a
subgradient ascent (`_prices`). Any multipliers >= 0 keep the bound valid, so a poor ascent
never changes a plan, only the work. These tests watch the bound itself on small instances
solved by brute force: never above the optimum, and with the prices strictly above the
unpriced bound on most instances where that one falls short.
"""

import itertools
import random

from simpul.planner.optimizer import _Option, _Problem, _relaxations

Instance = tuple[list[list[int]], list[list[tuple[int, ...]]], list[int]]


def instances(count: int, seed: int = 2026) -> list[Instance]:
    """`count` feasible instances of 3 to 6 components over 2 or 3 years: keys, gains capped
    at the needs (each option's gain by the end of each year, never falling), yearly needs."""
    rng = random.Random(seed)
    found = []
    while len(found) < count:
        years = rng.choice([2, 3])
        keys, gains = [], []
        for _component in range(rng.randint(3, 6)):
            own_keys, own_gains = [0], [(0,) * years]
            for _option in range(rng.randint(1, 3)):
                own_keys.append(rng.randint(1, 30))
                own_gains.append(tuple(sorted(rng.randint(0, 4) for _year in range(years))))
            keys.append(own_keys)
            gains.append(own_gains)
        most = [sum(max(g[t] for g in own) for own in gains) for t in range(years)]
        needs = sorted(rng.randint(1, max(1, most[t])) for t in range(years))
        needs = [min(need, most[t]) for t, need in enumerate(needs)]
        capped = [[tuple(map(min, gain, needs)) for gain in own] for own in gains]
        if optimum(keys, capped, needs) is not None:
            found.append((keys, capped, needs))
    return found


def optimum(keys, gains, needs) -> int | None:
    """The least total key meeting every year's need, by trying every choice."""
    best = None
    for pick in itertools.product(*(range(len(own)) for own in keys)):
        if all(
            sum(gains[c][k][t] for c, k in enumerate(pick)) >= need for t, need in enumerate(needs)
        ):
            total = sum(keys[c][k] for c, k in enumerate(pick))
            best = total if best is None else min(best, total)
    return best


def test_every_bound_holds_and_the_prices_lift_most_of_those_that_fall_short() -> None:
    short = lifted = closed = 0
    for keys, gains, needs in instances(150):
        relaxations = _relaxations(keys, gains, needs)
        years = len(needs)
        assert len(relaxations) in (years + 1, 2 * years + 1)  # priced ones when prices > 0
        roots = [relaxation.at(0, tuple(needs)) for relaxation in relaxations]
        best = optimum(keys, gains, needs)
        assert max(roots) <= best  # a bound: never above what a plan must pay
        plain = max(roots[: years + 1])  # each year alone, all years added up
        if plain < best:
            short += 1
            lifted += max(roots) > plain
            closed += max(roots) == best
            assert all(relaxation.prices == (0,) * years for relaxation in relaxations[: years + 1])
            assert any(any(relaxation.prices) for relaxation in relaxations[years + 1 :])
    assert short >= 10  # the instances do test the prices
    assert lifted >= 0.8 * short and closed >= 0.4 * short


def test_one_year_and_needs_no_option_can_help_are_left_unpriced() -> None:
    """One year: the bound is exact without prices. No option gaining anything: nothing to
    price, so the ascent is skipped and only the unpriced relaxations remain."""
    (keys, gains, needs), *_ = instances(1)
    one_year = [[(gain[-1],) for gain in own] for own in gains]
    only = _relaxations(keys, one_year, [needs[-1]])
    assert len(only) == 1 and only[0].at(0, (needs[-1],)) == optimum(keys, one_year, [needs[-1]])
    idle = [[(0,) * len(needs) for _gain in own] for own in gains]
    unpriced = _relaxations(keys, idle, needs)
    assert len(unpriced) == len(needs) + 1


def test_bounds_stay_exact_for_keys_beyond_64_bit_integers() -> None:
    """Keys are exact integers of any size (large efforts, many indicators): the tables switch
    from int64 to Python integers before a sum could overflow. Multiplying every key by F
    multiplies each unpriced bound by F exactly, with F near the switch (the sums of the
    unreachable entries would pass 2**63 in int64) and far beyond it (odd, so that a float
    could not hold the result)."""
    for keys, gains, needs in instances(20, seed=7):
        years = len(needs)
        plain = [r.at(0, tuple(needs)) for r in _relaxations(keys, gains, needs)[: years + 1]]
        widest = sum(max(own) for own in keys)
        for factor in (int(2**63 / 4.05 / widest), 2**70 + 1):
            scaled = [[key * factor for key in own] for own in keys]
            relaxations = _relaxations(scaled, gains, needs)[: years + 1]
            bounds = [r.at(0, tuple(needs)) for r in relaxations]
            assert all(type(bound) is int for bound in bounds)
            assert bounds == [bound * factor for bound in plain], factor


# Roadmaps on which the first depth-first pass fails, so the branch and bound runs, found by
# trying mutants of `_Problem._search` against 10,000 instances of `instances()`: starting
# `improve` at 1 picks a plan one key dearer, an incumbent one below the dearest plan loses the
# only plan, and a `failed` memo read as unset crashes.
SEARCHED = [
    (
        [[0, 21], [0, 22, 24], [0, 25]],
        [[(0, 0), (0, 4)], [(0, 0), (1, 3), (0, 4)], [(0, 0), (2, 3)]],
        [2, 6],
        [1, 0, 1],
    ),
    (
        [[0, 5], [0, 16], [0, 27, 29], [0, 16]],
        [
            [(0, 0, 0), (1, 4, 4)],
            [(0, 0, 0), (2, 3, 4)],
            [(0, 0, 0), (0, 1, 3), (3, 3, 3)],
            [(0, 0, 0), (1, 1, 4)],
        ],
        [5, 9, 13],
        [1, 1, 2, 1],
    ),
    (
        [[0, 22, 30], [0, 27], [0, 21], [0, 22, 19], [0, 12, 24, 30], [0, 11, 7, 10]],
        [
            [(0, 0, 0), (2, 2, 3), (0, 1, 2)],
            [(0, 0, 0), (0, 1, 2)],
            [(0, 0, 0), (0, 1, 4)],
            [(0, 0, 0), (0, 1, 4), (1, 4, 4)],
            [(0, 0, 0), (2, 2, 3), (2, 3, 3), (0, 2, 4)],
            [(0, 0, 0), (2, 3, 4), (2, 3, 4), (0, 1, 4)],
        ],
        [4, 5, 12],
        [0, 0, 1, 2, 1, 2],
    ),
]


def test_the_branch_and_bound_finds_the_least_key_where_the_bounds_disagree() -> None:
    """The search reads only its arguments (no problem: `self` is None), and of each option
    only its key and gains by year."""
    for keys, gains, needs, preferred in SEARCHED:
        options = [
            [_Option(key, gain, (), ()) for key, gain in zip(own, own_gains, strict=True)]
            for own, own_gains in zip(keys, gains, strict=True)
        ]
        roots = [r.at(0, tuple(needs)) for r in _relaxations(keys, gains, needs)]
        best = optimum(keys, gains, needs)
        assert max(roots) < best  # the first pass cannot follow the bound to a plan
        chosen = _Problem._search(None, options, needs)
        assert sum(keys[c][k] for c, k in enumerate(chosen)) == best
        assert chosen == preferred
