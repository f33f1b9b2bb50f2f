"""Independent references for the planner's tests: brute force, a MILP, and a plan checker.

None of them shares code with the optimizer: they read the framework spec themselves, work
in exact fractions (brute force) or in the integer-scaled MILP of the textbook formulation,
and enumerate schedules year by year rather than trusting the earliest-schedule argument.
"""

from __future__ import annotations

import copy
import itertools
import json
from decimal import Decimal
from fractions import Fraction
from math import ceil, floor

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from simpul.frameworks.checking import parse_framework_document
from simpul.frameworks.scoring import IndexEngine
from simpul.frameworks.spec import DATA_DIR
from simpul.planner.optimizer import Efforts, Plan, Rule, Target

_SPBE = json.loads((DATA_DIR / "spbe-2020.json").read_text("utf-8"))
_TEMPLATE = _SPBE["groups"][0]["groups"][0]["indicators"][0]


def small_engine(weights: list[Decimal]) -> IndexEngine:
    """A one-group framework "kecil" with indicators K1… of the given weights (SPBE bands)."""
    # Everything but the groups (copying SPBE's 47 indicators is the slow part).
    document = {key: copy.deepcopy(value) for key, value in _SPBE.items() if key != "groups"}
    indicators = []
    for number, weight in enumerate(weights, start=1):
        item = copy.deepcopy(_TEMPLATE)
        item.update(number=number, code=f"K{number}", weight=str(weight))
        indicators.append(item)
    total = str(sum(weights))
    document.update(code="kecil", weight_total=total)
    document.pop("collaboration", None)  # its indicators are not in the small framework
    document["groups"] = [
        {
            "code": "G",
            "name": "Kelompok",
            "kind": "domain",
            "weight": total,
            "groups": [],
            "indicators": indicators,
        }
    ]
    return IndexEngine(parse_framework_document(document))


def _indicators(engine: IndexEngine) -> list:
    return sorted((item for item, _group in engine.spec.indicators()), key=lambda i: i.number)


def _reached(index: Fraction, target: Target) -> bool:
    value = Fraction(target.value)
    return index >= value if target.inclusive else index > value


def brute_force(
    engine: IndexEngine,
    start: dict[str, int],
    targets: list[Target],
    efforts: Efforts,
    locks: set[str],
    max_steps: int | None,
    rules: list[Rule],
) -> tuple[tuple[Decimal, int, int] | None, list[Fraction]]:
    """(least (effort, steps, Σ raise × number) over every schedule meeting every target, or
    None; the highest index each year over every schedule), by trying every schedule."""
    spec = engine.spec
    items = _indicators(engine)
    total = sum(Fraction(item.weight) for item in items)
    years = len(targets)

    def paths(code: str) -> list[tuple[int, ...]]:
        if code in locks:
            return [(start[code],) * years]
        out = []

        def extend(previous: int, path: tuple[int, ...]) -> None:
            if len(path) == years:
                out.append(path)
                return
            top = spec.level_max if max_steps is None else min(spec.level_max, previous + max_steps)
            for level in range(previous, top + 1):
                extend(level, (*path, level))

        extend(start[code], ())
        return out

    best = None
    highest: list[Fraction | None] = [None] * years
    for schedule in itertools.product(*(paths(item.code) for item in items)):
        indexes = []
        for year in range(years):
            levels = {item.code: path[year] for item, path in zip(items, schedule, strict=True)}
            if not all(rule.allows(levels, start) for rule in rules):
                break
            indexes.append(sum(Fraction(item.weight) * levels[item.code] for item in items) / total)
        else:
            for year, index in enumerate(indexes):
                if highest[year] is None or index > highest[year]:
                    highest[year] = index
            if all(_reached(index, target) for index, target in zip(indexes, targets, strict=True)):
                final = {item.code: path[-1] for item, path in zip(items, schedule, strict=True)}
                key = (
                    sum(
                        (efforts.between(code, start[code], final[code]) for code in final),
                        Decimal(0),
                    ),
                    sum(final[code] - start[code] for code in final),
                    sum((final[item.code] - start[item.code]) * item.number for item in items),
                )
                if best is None or key < best:
                    best = key
    return best, highest


def schedules_count(
    engine: IndexEngine, start: dict[str, int], years: int, locks: set[str], max_steps: int | None
) -> int:
    """How many schedules brute_force would try (to keep examples small)."""
    high = engine.spec.level_max
    count = 1
    for code, level in start.items():
        if code in locks:
            continue
        if max_steps is None:
            per = high - level + 1
            count *= per**years  # an upper bound is enough here
        else:
            count *= (min(high - level, max_steps) + 1) ** years
    return count


def milp_optimum(
    engine: IndexEngine,
    start: dict[str, int],
    targets: list[Target | None],
    efforts: Efforts,
    locks: set[str],
    max_steps: int | None,
    rules: list[Rule],
    maximise_year: int | None = None,
) -> float | None:
    """The least total effort by HiGHS (scipy.optimize.milp), None when infeasible.

    z[i, s, t] = 1 when indicator i has taken its s-th step by the end of year t. With
    `maximise_year`, the highest index gain (in weight units) that year instead.
    """
    items = _indicators(engine)
    years = len(targets)
    high = engine.spec.level_max
    exponent = max(-min(item.weight.as_tuple().exponent, 0) for item in items)
    scale = 10**exponent
    weight = {item.code: int(item.weight * scale) for item in items}
    variables: dict[tuple[str, int, int], int] = {}
    for item in items:
        if item.code in locks:
            continue
        reach = high - start[item.code]
        if max_steps is not None:
            reach = min(reach, max_steps * years)
        for step in range(1, reach + 1):
            for year in range(years):
                variables[(item.code, step, year)] = len(variables)
    count = len(variables)
    rows, lower, upper = [], [], []

    def constraint(coefficients: dict[int, float], low: float, up: float) -> None:
        row = np.zeros(count)
        for column, value in coefficients.items():
            row[column] += value
        rows.append(row)
        lower.append(low)
        upper.append(up)

    for (code, step, year), column in variables.items():
        if step > 1:
            constraint({column: 1, variables[(code, step - 1, year)]: -1}, -np.inf, 0)
        if year > 0:
            constraint({column: -1, variables[(code, step, year - 1)]: 1}, -np.inf, 0)
    if max_steps is not None:
        for item in items:
            steps = [key for key in variables if key[0] == item.code]
            for year in range(years):
                taken = {variables[k]: 1 for k in steps if k[2] == year}
                if year > 0:
                    for k in steps:
                        if k[2] == year - 1:
                            taken[variables[k]] = -1
                if taken:
                    constraint(taken, -np.inf, max_steps)
    total = sum(weight.values())
    start_sum = sum(weight[code] * start[code] for code in weight)
    for year, target in enumerate(targets):
        if target is None:
            continue
        missing = Fraction(target.value) * total - start_sum
        need = ceil(missing) if target.inclusive else floor(missing) + 1
        gains = {variables[k]: weight[k[0]] for k in variables if k[2] == year}
        if need > 0:
            if not gains:
                return None
            constraint(gains, need, np.inf)
    for rule in rules:
        ceiling = max(rule.max_level, start[rule.indicator])
        step_x = ceiling + 1 - start[rule.indicator]
        step_y = rule.min_level - start[rule.requires]
        for year in range(years):
            x = variables.get((rule.indicator, step_x, year))
            if x is None or step_y <= 0:
                continue
            y = variables.get((rule.requires, step_y, year))
            constraint({x: 1} if y is None else {x: 1, y: -1}, -np.inf, 0)
    cost = np.zeros(count)
    if maximise_year is None:
        for (code, step, year), column in variables.items():
            if year == years - 1:
                cost[column] = float(efforts.step(code, start[code] + step - 1))
    else:
        for (code, _step, year), column in variables.items():
            if year == maximise_year:
                cost[column] = -weight[code]
    if count == 0:
        return 0.0 if maximise_year is None else start_sum / total
    result = milp(
        cost,
        constraints=[LinearConstraint(np.array(rows), lower, upper)] if rows else [],
        integrality=np.ones(count),
        bounds=Bounds(0, 1),
    )
    if result.status == 2:
        return None
    assert result.status == 0, result.message
    if maximise_year is not None:
        return (start_sum - result.fun) / total
    return result.fun


def check_plan(
    engine: IndexEngine,
    result: Plan,
    start: dict[str, int],
    targets: list[Target],
    efforts: Efforts,
    locks: set[str],
    max_steps: int | None,
    rules: list[Rule],
) -> None:
    """Every promise of a plan, checked from the outside."""
    previous = dict(start)
    assert len(result.years) == len(targets)
    for year, target in zip(result.years, targets, strict=True):
        levels = dict(year.levels)
        assert engine.score(levels).index == year.index
        assert engine.predicate(year.index) == year.predicate
        if year.feasible:
            assert target.reached_by(year.index)
        else:
            assert year.index == year.max_reachable and not target.reached_by(year.index)
        assert all(rule.allows(levels, start) for rule in rules)
        for code, level in levels.items():
            assert level >= previous[code]
            if max_steps is not None:
                assert level - previous[code] <= max_steps
            if code in locks:
                assert level == start[code]
        raised = {s.indicator: s for s in year.steps}
        for code, level in levels.items():
            if level > previous[code]:
                step = raised.pop(code)
                assert (step.from_level, step.to_level) == (previous[code], level)
                assert step.effort == efforts.between(code, previous[code], level)
        assert not raised
        previous = levels
    assert result.total_effort == sum(
        (efforts.between(code, start[code], previous[code]) for code in start), Decimal(0)
    )
    assert result.feasible == all(year.feasible for year in result.years)
