"""The target planner: the least effort that raises an index to a target, exactly.

Pure computation over a framework spec (through its IndexEngine): no database, no SPBE
constant. docs/planner.md explains the model and the method; in short:

- A plan chooses a final level for every indicator (never lower than its start). Its effort
  is the sum of the efforts of the level steps taken, so it depends on the final levels only.
- Constraints: locked indicators stay; an indicator climbs at most `max_steps` levels a year;
  prerequisite rules "X may not exceed L unless Y is at least M" hold at every year's end
  (a rule restricts raises only: an X that already starts above L is not lowered).
- Index gains are integers once the Decimal weights are scaled by 10^k and divided by their
  gcd; efforts are integers once scaled by 10^d. Indicators joined by rules form components;
  each component's feasible joint final levels are enumerated (a singleton has at most
  "levels left" of them). A multiple-choice knapsack DP over components, with the state the
  gain still needed (capped), gives the exact minimum of (effort, steps).
- Several years: the earliest schedule of a set of final levels is the componentwise greatest
  feasible one (feasible schedules are closed under max), so it reaches the highest index in
  every year at once; a choice of final levels is feasible iff its earliest schedule meets
  every year's target. Branch and bound over components, with one exact DP table per year as
  lower bounds, finds the optimum; it is exact because it only discards subtrees whose lower
  bound is no better than a plan already found.
- Ties: least effort, then fewest level steps, then, component by component in the order of
  their lowest indicator number, the larger raise on the lower-numbered indicator. Steps are
  scheduled as early as possible.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Context, Decimal, localcontext
from fractions import Fraction
from math import gcd
from types import MappingProxyType

import numpy as np
from django.utils.translation import gettext as _

from simpul.frameworks.scoring import IndexEngine
from simpul.frameworks.spec import FrameworkSpec

_EXACT = Context(prec=40)
# Enumerating a rule-joined component, and the multi-year search, stop past these counts.
COMPONENT_LIMIT = 200_000
NODE_LIMIT = 2_000_000
# The searches go one call deeper per indicator; past this they would exhaust Python's stack
# (about 1,000 frames, shared with the web request around them). Frameworks have 20 to 47.
INDICATOR_LIMIT = 500

KIND_LOCK = "lock"
KIND_MAX_STEPS = "max_steps"
KIND_RULE = "rule"


class PlanTooComplex(ValueError):
    """The instance is beyond the exact method's budget; `field` names the input to shrink."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# --- inputs -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """An index to reach: at least `value`, or above it when `inclusive` is False.

    `predicate` is the band name when the target was given as a predicate (its lower bound).
    """

    value: Decimal
    inclusive: bool = True
    predicate: str | None = None

    def reached_by(self, index: Decimal) -> bool:
        return index >= self.value if self.inclusive else index > self.value

    @classmethod
    def of_predicate(cls, spec: FrameworkSpec, name: str) -> Target:
        """The lower bound of the band `name` (exclusive when the band says so)."""
        band = next(band for band in spec.predicates if band.name == name)
        if band.lower is None:
            return cls(Decimal(spec.level_min), True, band.name)
        return cls(band.lower, band.lower_inclusive, band.name)


@dataclass(frozen=True, slots=True)
class Rule:
    """Indicator `indicator` may not exceed `max_level` unless `requires` is at least `min_level`.

    Codes, not numbers. The rule restricts raises: an indicator that starts above
    `max_level` may stay where it is.
    """

    indicator: str
    max_level: int
    requires: str
    min_level: int

    def allows(self, levels: Mapping[str, int], start: Mapping[str, int]) -> bool:
        ceiling = max(self.max_level, start[self.indicator])
        return levels[self.indicator] <= ceiling or levels[self.requires] >= self.min_level


@dataclass(frozen=True)
class Efforts:
    """The effort of every level step: `steps[code][k]` is from level_min + k to the next."""

    unit: str
    level_min: int
    steps: Mapping[str, tuple[Decimal, ...]]

    def step(self, code: str, from_level: int) -> Decimal:
        return self.steps[code][from_level - self.level_min]

    def between(self, code: str, from_level: int, to_level: int) -> Decimal:
        own = self.steps[code]
        return sum(
            (own[level - self.level_min] for level in range(from_level, to_level)), Decimal(0)
        )

    def replaced(self, changes: Mapping[tuple[str, int], Decimal], unit: str | None = None):
        """A copy with the effort of the steps (code, from_level) changed."""
        steps = {code: list(values) for code, values in self.steps.items()}
        for (code, from_level), effort in changes.items():
            steps[code][from_level - self.level_min] = effort
        frozen = {code: tuple(values) for code, values in steps.items()}
        return Efforts(unit or self.unit, self.level_min, MappingProxyType(frozen))


# --- outputs ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    """One indicator raised in one year: from → to, its exact index gain and its effort."""

    indicator: str
    number: int
    from_level: int
    to_level: int
    gain: Decimal
    effort: Decimal
    year: int


@dataclass(frozen=True, slots=True)
class Limit:
    """Why an indicator cannot climb higher: its reachable `level` is below `ceiling`.

    kind "lock": locked (ceiling = scale maximum); "max_steps": the per-year step limit
    (ceiling = scale maximum); "rule": prerequisite `rules` whose required indicator cannot
    get there in time (ceiling = what locks and step limits alone would allow).
    """

    indicator: str
    number: int
    kind: str
    level: int
    ceiling: int
    lost_gain: Decimal
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True)
class Leverage:
    """One single level step on its own ("daya ungkit"), ranked by gain per effort."""

    indicator: str
    number: int
    from_level: int
    to_level: int
    gain: Decimal
    effort: Decimal
    blocked_by: tuple[Rule, ...]

    @property
    def gain_per_effort(self) -> Fraction | None:
        """Exact ratio; None for a step that costs nothing (it ranks first)."""
        return None if not self.effort else Fraction(self.gain) / Fraction(self.effort)


@dataclass(frozen=True, slots=True)
class YearPlan:
    """One year of a plan: the levels at its end, its index and its steps."""

    year: int
    target: Target
    feasible: bool
    levels: Mapping[str, int]
    index: Decimal
    predicate: str
    effort: Decimal
    steps: tuple[Step, ...]
    max_reachable: Decimal


@dataclass(frozen=True, slots=True)
class Plan:
    """The outcome. When some year's target is out of reach, `feasible` is False, that
    year's plan reaches its highest reachable index instead, and `limits` says what holds
    the index down in the first such year (`limits_year`)."""

    framework: str
    feasible: bool
    start_levels: Mapping[str, int]
    start_index: Decimal
    start_predicate: str
    years: tuple[YearPlan, ...]
    steps: tuple[Step, ...]
    total_effort: Decimal
    effort_unit: str
    limits: tuple[Limit, ...]
    limits_year: int | None
    leverage: tuple[Leverage, ...]
    rules: tuple[Rule, ...] = field(default=())

    @property
    def final(self) -> YearPlan:
        return self.years[-1]

    @property
    def target(self) -> Target:
        return self.final.target

    @property
    def index(self) -> Decimal:
        return self.final.index

    @property
    def levels(self) -> Mapping[str, int]:
        return self.final.levels


# --- the planner --------------------------------------------------------------------------


def plan(
    engine: IndexEngine,
    levels: Mapping[str, int],
    targets: Sequence[Target],
    efforts: Efforts,
    *,
    locks: Collection[str] = (),
    max_steps: int | None = None,
    rules: Sequence[Rule] = (),
) -> Plan:
    """The minimum-effort plan reaching `targets[t]` by the end of year t + 1.

    `levels` must give every indicator a level (by code); `locks` and rules name codes;
    `max_steps` (None = no limit) bounds each indicator's climb per year. One target is a
    one-year plan. Raises ValueError on inconsistent input (the request layer checks user
    input first, with friendly messages) and PlanTooComplex past the exact method's budget.
    """
    problem = _Problem(engine, levels, len(targets), efforts, locks, max_steps, rules)
    return problem.solve(list(targets))


def rank_leverage(
    engine: IndexEngine,
    levels: Mapping[str, int],
    efforts: Efforts,
    *,
    locks: Collection[str] = (),
    max_steps: int | None = None,
    rules: Sequence[Rule] = (),
) -> tuple[Leverage, ...]:
    """Every indicator's next single step, best gain per effort first ("daya ungkit")."""
    return _Problem(engine, levels, 1, efforts, locks, max_steps, rules).leverage()


@dataclass(slots=True)
class _Option:
    """One feasible joint choice of final levels for one component."""

    key: int
    gains: tuple[int, ...]  # index gain per year, in units, uncapped
    levels: tuple[int, ...]  # final level per member
    schedule: tuple[tuple[int, ...], ...]  # levels per member at the end of each year


class _Problem:
    def __init__(
        self,
        engine: IndexEngine,
        levels: Mapping[str, int],
        years: int,
        efforts: Efforts,
        locks: Collection[str],
        max_steps: int | None,
        rules: Sequence[Rule],
    ) -> None:
        spec = engine.spec
        self.engine = engine
        self.spec = spec
        self.years = years
        self.efforts = efforts
        self.max_steps = max_steps
        self.rules = tuple(rules)
        indicators = sorted((item for item, _group in spec.indicators()), key=lambda i: i.number)
        if len(indicators) > INDICATOR_LIMIT:
            raise PlanTooComplex(
                "framework",
                _(
                    "kerangka ini memiliki %(count)s indikator; perencana menghitung tepat "
                    "paling banyak %(limit)s"
                )
                % {"count": len(indicators), "limit": INDICATOR_LIMIT},
            )
        self.codes = [item.code for item in indicators]
        self.numbers = [item.number for item in indicators]
        self.weights = [item.weight for item in indicators]
        self.position = {code: pos for pos, code in enumerate(self.codes)}
        if years < 1:
            raise ValueError("at least one target is needed")
        if max_steps is not None and max_steps < 0:
            raise ValueError("max_steps must not be negative")
        if set(levels) != set(self.codes):
            raise ValueError("levels must give every indicator of the framework a level")
        unknown = set(locks) - set(self.codes)
        if unknown:
            raise ValueError(f"unknown locked indicators: {sorted(unknown)}")
        self.low, self.high = spec.level_min, spec.level_max
        self.start = [levels[code] for code in self.codes]
        if any(type(v) is not int or not self.low <= v <= self.high for v in self.start):
            raise ValueError("every level must be a whole level on the scale")
        for rule in self.rules:
            if rule.indicator not in self.position or rule.requires not in self.position:
                raise ValueError(f"rule {rule} names an unknown indicator")
            if rule.indicator == rule.requires:
                raise ValueError(f"rule {rule} makes an indicator its own prerequisite")
        for code in self.codes:
            own = efforts.steps.get(code, ())
            if len(own) != self.high - self.low or not all(e.is_finite() and e >= 0 for e in own):
                raise ValueError(f"efforts must give every step of {code}, none negative")
        locked = {self.position[code] for code in locks}
        self.locked = locked
        reach = self.high if max_steps is None else None
        # The level each indicator could reach by the last year, before rules.
        self.ceiling = [
            start
            if pos in locked
            else (reach if reach is not None else min(self.high, start + max_steps * years))
            for pos, start in enumerate(self.start)
        ]
        self._scale_numbers()
        self._apply_rules()

    # numbers as exact integers

    def _scale_numbers(self) -> None:
        exponent = max(-min(w.as_tuple().exponent, 0) for w in self.weights)
        scaled = [int(w.scaleb(exponent)) for w in self.weights]
        movable = [scaled[p] for p in range(len(scaled)) if self.ceiling[p] > self.start[p]]
        divisor = 0
        for value in movable:
            divisor = gcd(divisor, value)
        divisor = divisor or 1
        self.unit_weight = [value // divisor for value in scaled]
        # One gain unit, in (level × weight); index gain = units × unit / weight sum.
        self.unit = Fraction(divisor, 10**exponent)
        self.weight_sum = sum(self.weights, Decimal(0))
        used = [
            effort
            for pos, code in enumerate(self.codes)
            for effort in self.efforts.steps[code][
                self.start[pos] - self.low : self.ceiling[pos] - self.low
            ]
        ]
        places = max((-min(e.as_tuple().exponent, 0) for e in used), default=0)
        self.prefix = []
        for code in self.codes:
            total, sums = 0, [0]
            for effort in self.efforts.steps[code]:
                total += int(effort.scaleb(places))
                sums.append(total)
            self.prefix.append(sums)
        # key = (effort × S + steps) × T + Σ raise × indicator number: one exact integer
        # ordering plans by least effort, then fewest steps, then steps on lower numbers.
        raises = list(zip(self.ceiling, self.start, self.numbers, strict=True))
        self.step_factor = sum(c - s for c, s, _n in raises) + 1
        self.number_factor = sum((c - s) * n for c, s, n in raises) + 1

    def _cost(self, pos: int, level: int) -> int:
        sums = self.prefix[pos]
        return sums[level - self.low] - sums[self.start[pos] - self.low]

    # rules

    def _apply_rules(self) -> None:
        """Lower ceilings that a rule fixes for good; keep the rules that still couple."""
        rules = []
        for rule in self.rules:
            x, y = self.position[rule.indicator], self.position[rule.requires]
            rules.append((x, max(rule.max_level, self.start[x]), y, rule.min_level, rule))
        changed = True
        while changed:
            changed = False
            for x, ceiling, y, minimum, _rule in rules:
                if self.ceiling[y] < minimum and self.ceiling[x] > ceiling:
                    self.ceiling[x] = ceiling
                    changed = True
        self.active = [
            (x, ceiling, y, minimum, rule)
            for x, ceiling, y, minimum, rule in rules
            if self.ceiling[x] > ceiling and self.start[y] < minimum
        ]
        parent = list(range(len(self.codes)))

        def root(p: int) -> int:
            while parent[p] != p:
                parent[p] = parent[parent[p]]
                p = parent[p]
            return p

        for x, _ceiling, y, _minimum, _rule in self.active:
            parent[root(x)] = root(y)
        groups: dict[int, list[int]] = {}
        for pos in range(len(self.codes)):
            groups.setdefault(root(pos), []).append(pos)
        # Positions follow indicator numbers, so sorting by first member orders by number.
        self.components = sorted(groups.values(), key=lambda members: members[0])

    # options

    def _options(self, members: list[int]) -> list[_Option]:
        """Feasible joint final levels, most preferred first (larger raises on lower numbers)."""
        if len(members) == 1:
            pos = members[0]
            choices: list[tuple[int, ...]] = [
                (level,) for level in range(self.ceiling[pos], self.start[pos] - 1, -1)
            ]
            rules: list[tuple[int, int, int, int]] = []
        else:
            index = {pos: k for k, pos in enumerate(members)}
            rules = [
                (index[x], ceiling, index[y], minimum)
                for x, ceiling, y, minimum, _rule in self.active
                if x in index
            ]
            choices = self._enumerate(members, rules)
        options = []
        for choice in choices:
            schedule = self._schedule(members, choice, rules)
            if schedule is None:
                continue
            cost = sum(self._cost(pos, level) for pos, level in zip(members, choice, strict=True))
            steps = sum(level - self.start[pos] for pos, level in zip(members, choice, strict=True))
            gains = tuple(
                sum(
                    (level - self.start[pos]) * self.unit_weight[pos]
                    for pos, level in zip(members, year, strict=True)
                )
                for year in schedule
            )
            numbered = sum(
                (level - self.start[pos]) * self.numbers[pos]
                for pos, level in zip(members, choice, strict=True)
            )
            key = (cost * self.step_factor + steps) * self.number_factor + numbered
            options.append(_Option(key, gains, choice, schedule))
        return options

    def _enumerate(
        self, members: list[int], rules: list[tuple[int, int, int, int]]
    ) -> list[tuple[int, ...]]:
        checks: list[list[tuple[int, int, int, int]]] = [[] for _member in members]
        for rule in rules:
            checks[max(rule[0], rule[2])].append(rule)
        chosen = [0] * len(members)
        out: list[tuple[int, ...]] = []
        visited = 0

        def visit(k: int) -> None:
            nonlocal visited
            if k == len(members):
                out.append(tuple(chosen))
                return
            pos = members[k]
            for level in range(self.ceiling[pos], self.start[pos] - 1, -1):
                visited += 1
                if visited > COMPONENT_LIMIT:
                    raise PlanTooComplex(
                        "rules",
                        _(
                            "aturan prasyarat menghubungkan terlalu banyak indikator "
                            "(%(count)s) untuk dihitung tepat"
                        )
                        % {"count": len(members)},
                    )
                chosen[k] = level
                if all(chosen[x] <= c or chosen[y] >= m for x, c, y, m in checks[k]):
                    visit(k + 1)

        visit(0)
        return out

    def _schedule(
        self, members: list[int], final: tuple[int, ...], rules: list[tuple[int, int, int, int]]
    ) -> tuple[tuple[int, ...], ...] | None:
        """The earliest schedule reaching `final`, or None if it cannot in the years given."""
        if self.years == 1:
            return (final,)
        step = self.max_steps
        current = [self.start[pos] for pos in members]
        out = []
        for _year in range(self.years):
            if step is None:
                upper = list(final)
            else:
                upper = [min(f, c + step) for f, c in zip(final, current, strict=True)]
            changed = bool(rules)
            while changed:
                changed = False
                for x, ceiling, y, minimum in rules:
                    if upper[x] > ceiling and upper[y] < minimum:
                        upper[x] = ceiling
                        changed = True
            current = upper
            out.append(tuple(upper))
        return tuple(out) if out[-1] == final else None

    # the search

    def solve(self, targets: list[Target]) -> Plan:
        options = [self._options(members) for members in self.components]
        # The componentwise greatest option is itself feasible: it gives each year's maximum.
        best = []
        for opts in options:
            top = tuple(max(column) for column in zip(*(o.levels for o in opts), strict=True))
            best.append(next(o for o in opts if o.levels == top))
        max_gains = [sum(o.gains[t] for o in best) for t in range(self.years)]
        required = [self._required(target) for target in targets]
        feasible = [need <= top for need, top in zip(required, max_gains, strict=True)]
        needs = [min(need, top) for need, top in zip(required, max_gains, strict=True)]
        chosen = self._search(options, needs)
        return self._result(targets, options, chosen, best, feasible)

    def _required(self, target: Target) -> int:
        """The gain in units needed to reach the target from the start (0 if reached)."""
        start_sum = sum(
            (Fraction(w) * s for w, s in zip(self.weights, self.start, strict=True)), Fraction(0)
        )
        missing = (Fraction(target.value) * Fraction(self.weight_sum) - start_sum) / self.unit
        if target.inclusive:
            need = -((-missing.numerator) // missing.denominator)
        else:
            need = missing.numerator // missing.denominator + 1
        return max(need, 0)

    def _search(self, options: list[list[_Option]], needs: list[int]) -> list[int]:
        """The option index per component of the plan with the least key."""
        count = len(options)
        capped = [
            [tuple(min(g, n) for g, n in zip(o.gains, needs, strict=True)) for o in opts]
            for opts in options
        ]
        keys = [[o.key for o in opts] for opts in options]
        relaxations = _relaxations(keys, capped, needs)

        def bound(j: int, remaining: tuple[int, ...]) -> int:
            return max(relaxation.at(j, remaining) for relaxation in relaxations)

        start = tuple(needs)
        budget = [NODE_LIMIT]

        def spend() -> None:
            budget[0] -= 1
            if budget[0] < 0:
                raise PlanTooComplex(
                    "years",
                    _(
                        "peta jalan ini terlalu rumit untuk dihitung tepat; kurangi jumlah "
                        "tahun, kunci, atau aturan"
                    ),
                )

        chosen = [0] * count
        # (j, remaining) -> least key spent on a path there that found nothing within limit.
        failed: dict[tuple[int, tuple[int, ...]], int] = {}

        def first(j: int, spent: int, remaining: tuple[int, ...], limit: int) -> bool:
            """Depth first in order of preference: the first plan with key <= limit."""
            if j == count:
                return True
            if failed.get((j, remaining), limit + 1) <= spent:
                return False
            for k, key in enumerate(keys[j]):
                spend()
                after = tuple(
                    r - g if r > g else 0 for r, g in zip(remaining, capped[j][k], strict=True)
                )
                if spent + key + bound(j + 1, after) <= limit:
                    chosen[j] = k
                    if first(j + 1, spent + key, after, limit):
                        return True
            failed[(j, remaining)] = spent
            return False

        lower = bound(0, start)
        # One year: the bound is exact, so this follows it without backtracking.
        if first(0, 0, start, lower):
            return chosen
        # Several years whose relaxations disagree: branch and bound for the least key, with
        # the least key spent to reach each (j, remaining) remembered, then the preferred plan.
        incumbent = [sum(max(own) for own in keys) + 1]
        seen: dict[tuple[int, tuple[int, ...]], int] = {}

        def improve(j: int, spent: int, remaining: tuple[int, ...]) -> None:
            if j == count:
                incumbent[0] = spent
                return
            if seen.get((j, remaining), incumbent[0]) <= spent:
                return
            seen[(j, remaining)] = spent
            children = []
            for k, key in enumerate(keys[j]):
                spend()
                after = tuple(
                    r - g if r > g else 0 for r, g in zip(remaining, capped[j][k], strict=True)
                )
                estimate = spent + key + bound(j + 1, after)
                if estimate < incumbent[0]:
                    children.append((estimate, k, after))
            children.sort()
            for estimate, k, after in children:
                if estimate >= incumbent[0]:
                    break
                improve(j + 1, spent + keys[j][k], after)

        improve(0, 0, start)
        failed.clear()
        found = first(0, 0, start, incumbent[0])
        assert found, "the search lost its own optimum"
        return chosen

    # the result

    def _result(
        self,
        targets: list[Target],
        options: list[list[_Option]],
        chosen: list[int],
        best: list[_Option],
        feasible: list[bool],
    ) -> Plan:
        engine = self.engine
        start = {code: level for code, level in zip(self.codes, self.start, strict=True)}
        start_result = engine.score(start)
        previous = dict(start)
        years: list[YearPlan] = []
        all_steps: list[Step] = []
        for t, target in enumerate(targets):
            levels = dict(previous)
            maximum = dict(start)
            for members, opts, k, top in zip(self.components, options, chosen, best, strict=True):
                for pos, level, high in zip(
                    members, opts[k].schedule[t], top.schedule[t], strict=True
                ):
                    levels[self.codes[pos]] = level
                    maximum[self.codes[pos]] = high
            steps = tuple(
                Step(
                    code,
                    self.numbers[pos],
                    previous[code],
                    levels[code],
                    self._gain(pos, levels[code] - previous[code]),
                    self.efforts.between(code, previous[code], levels[code]),
                    t + 1,
                )
                for pos, code in enumerate(self.codes)
                if levels[code] > previous[code]
            )
            index = engine.score(levels).index
            top_index = engine.score(maximum).index
            if feasible[t] and not target.reached_by(index):
                raise AssertionError(f"plan misses year {t + 1}: {index} for {target}")
            years.append(
                YearPlan(
                    year=t + 1,
                    target=target,
                    feasible=feasible[t],
                    levels=MappingProxyType(levels),
                    index=index,
                    predicate=engine.predicate(index),
                    effort=sum((s.effort for s in steps), Decimal(0)),
                    steps=steps,
                    max_reachable=top_index,
                )
            )
            all_steps.extend(steps)
            previous = levels
        blocked = next((t for t, ok in enumerate(feasible) if not ok), None)
        limits = () if blocked is None else self._limits(best, blocked)
        return Plan(
            framework=self.spec.code,
            feasible=all(feasible),
            start_levels=MappingProxyType(start),
            start_index=start_result.index,
            start_predicate=start_result.predicate,
            years=tuple(years),
            steps=tuple(all_steps),
            total_effort=sum((s.effort for s in all_steps), Decimal(0)),
            effort_unit=self.efforts.unit,
            limits=limits,
            limits_year=None if blocked is None else blocked + 1,
            leverage=self.leverage(),
            rules=self.rules,
        )

    def _gain(self, pos: int, levels: int) -> Decimal:
        with localcontext(_EXACT):
            return levels * self.weights[pos] / self.weight_sum

    def _limits(self, best: list[_Option], year: int) -> tuple[Limit, ...]:
        """What keeps each indicator below the scale maximum in `year` (0-based)."""
        reached = {}
        for members, top in zip(self.components, best, strict=True):
            for pos, level in zip(members, top.schedule[year], strict=True):
                reached[pos] = level
        limits = []
        for pos, code in enumerate(self.codes):
            level, start = reached[pos], self.start[pos]
            if level >= self.high:
                continue
            by_steps = self.high if self.max_steps is None else start + self.max_steps * (year + 1)
            if pos in self.locked:
                kind, ceiling, rules = KIND_LOCK, self.high, ()
            elif level < min(self.high, by_steps):
                kind, ceiling = KIND_RULE, min(self.high, by_steps)
                rules = tuple(
                    rule
                    for rule in self.rules
                    if rule.indicator == code
                    and max(rule.max_level, start) == level
                    and reached[self.position[rule.requires]] < rule.min_level
                )
            else:
                kind, ceiling, rules = KIND_MAX_STEPS, self.high, ()
            limits.append(
                Limit(
                    code,
                    self.numbers[pos],
                    kind,
                    level,
                    ceiling,
                    self._gain(pos, ceiling - level),
                    rules,
                )
            )
        return tuple(limits)

    def leverage(self) -> tuple[Leverage, ...]:
        items = []
        for pos, code in enumerate(self.codes):
            level = self.start[pos]
            if pos in self.locked or level >= self.high or self.max_steps == 0:
                continue
            blocked_by = tuple(
                rule
                for rule in self.rules
                if rule.indicator == code
                and level + 1 > max(rule.max_level, level)
                and self.start[self.position[rule.requires]] < rule.min_level
            )
            items.append(
                Leverage(
                    code,
                    self.numbers[pos],
                    level,
                    level + 1,
                    self._gain(pos, 1),
                    self.efforts.step(code, level),
                    blocked_by,
                )
            )

        def rank(item: Leverage) -> tuple[int, Fraction, int]:
            ratio = item.gain_per_effort
            return (0, Fraction(0), item.number) if ratio is None else (1, -ratio, item.number)

        return tuple(sorted(items, key=rank))


# --- lower bounds -------------------------------------------------------------------------

# Lagrangian prices are scaled by this before rounding to integers; bounds stay exact.
_PRICE_SCALE = 1 << 10
_SUBGRADIENT_STEPS = 300


class _Relaxation:
    """An exact lower bound on the key still to spend, from one relaxation of the plan.

    It keeps one aggregate of the yearly needs (`mix`: one year, or all added up) as a hard
    knapsack constraint, solved exactly by DP over the remaining components, and moves the
    other years into the objective at `prices` (Lagrange multipliers, scaled by `scale`).
    Any prices >= 0 give a valid bound: a plan meeting every year pays at least this.
    """

    def __init__(
        self,
        keys: list[list[int]],
        gains: list[list[tuple[int, ...]]],
        needs: list[int],
        mix: tuple[int, ...],
        prices: tuple[int, ...],
        scale: int,
    ) -> None:
        self.mix, self.prices, self.scale = mix, prices, scale
        need = sum(w * n for w, n in zip(mix, needs, strict=True))
        costs = [
            [
                scale * key - sum(p * g for p, g in zip(prices, gain, strict=True))
                for key, gain in zip(own, own_gains, strict=True)
            ]
            for own, own_gains in zip(keys, gains, strict=True)
        ]
        kept = [
            [sum(w * g for w, g in zip(mix, gain, strict=True)) for gain in own_gains]
            for own_gains in gains
        ]
        # Anything at or above `self.beyond` means "cannot reach": no real total gets there.
        span = sum(max(abs(c) for c in own) for own in costs) + 1
        self.beyond = 2 * span
        infinity = 4 * span
        dtype = np.int64 if 2 * infinity < (1 << 63) else object
        self.tables = _tables(costs, kept, need, infinity, dtype)

    def at(self, j: int, remaining: tuple[int, ...]) -> int:
        kept = sum(w * r for w, r in zip(self.mix, remaining, strict=True))
        value = int(self.tables[j][kept])
        if value >= self.beyond:
            return _UNREACHABLE
        value += sum(p * r for p, r in zip(self.prices, remaining, strict=True))
        return -(-value // self.scale)


_UNREACHABLE = 1 << 200


def _relaxations(
    keys: list[list[int]], gains: list[list[tuple[int, ...]]], needs: list[int]
) -> list[_Relaxation]:
    """Each year alone; with several years also all years added up, and each year kept with
    the others priced at Lagrange multipliers from a subgradient ascent."""
    years = len(needs)
    units = [tuple(int(t == year) for t in range(years)) for year in range(years)]
    free = (0,) * years
    out = [_Relaxation(keys, gains, needs, unit, free, 1) for unit in units]
    if years == 1:
        return out
    out.append(_Relaxation(keys, gains, needs, (1,) * years, free, 1))
    prices = _prices(keys, gains, needs)
    if any(prices):
        for year, unit in enumerate(units):
            others = tuple(0 if t == year else p for t, p in enumerate(prices))
            out.append(_Relaxation(keys, gains, needs, unit, others, _PRICE_SCALE))
    return out


def _prices(
    keys: list[list[int]], gains: list[list[tuple[int, ...]]], needs: list[int]
) -> tuple[int, ...]:
    """Near-optimal Lagrange multipliers for the yearly needs (scaled integers, >= 0).

    Subgradient ascent on L(λ) = λ·needs + Σ_components min_option(key − λ·gain), in floats:
    only the search for good multipliers is approximate, never the bounds computed with them.
    """
    width = max(len(own) for own in keys)
    years = len(needs)
    cost = np.full((len(keys), width), np.inf)
    gain = np.zeros((len(keys), width, years))
    for c, (own, own_gains) in enumerate(zip(keys, gains, strict=True)):
        cost[c, : len(own)] = own
        gain[c, : len(own)] = own_gains
    need = np.array(needs, dtype=float)
    total = gain.sum(axis=2)
    useful = (total > 0) & np.isfinite(cost)
    if not useful.any():
        return (0,) * years
    step = float(np.median(cost[useful] / total[useful])) * years
    rows = np.arange(len(keys))
    price = np.zeros(years)
    best, best_price = 0.0, price
    for k in range(_SUBGRADIENT_STEPS):
        values = cost - gain @ price
        pick = values.argmin(axis=1)
        value = float(price @ need + values[rows, pick].sum())
        if value > best:
            best, best_price = value, price
        direction = need - gain[rows, pick].sum(axis=0)
        norm = float(np.linalg.norm(direction))
        if norm == 0:
            break
        price = np.maximum(0.0, price + step / np.sqrt(1 + k) * direction / norm)
    return tuple(int(p * _PRICE_SCALE) for p in best_price)


def _tables(
    costs: list[list[int]], gains: list[list[int]], need: int, infinity: int, dtype: object
) -> list[np.ndarray]:
    """tables[j][r]: least cost for components j.. to gain r more (capped at `need`), where
    option k of component j costs costs[j][k] and gains gains[j][k]; infinity where none can.
    """
    table = np.full(need + 1, infinity, dtype=dtype)
    table[0] = 0
    tables = [table]
    for own_costs, own_gains in zip(reversed(costs), reversed(gains), strict=True):
        # Per capped gain only the least cost matters; a larger gain for less dominates.
        frontier: list[tuple[int, int]] = []
        for negative, cost in sorted(
            {(-min(g, need), c) for c, g in zip(own_costs, own_gains, strict=True)}
        ):
            if not frontier or cost < frontier[-1][1]:
                frontier.append((-negative, cost))
        new = np.full(need + 1, infinity, dtype=dtype)
        for gain, cost in frontier:
            np.minimum(new[: gain + 1], table[0] + cost, out=new[: gain + 1])
            if gain < need:
                np.minimum(new[gain + 1 :], table[1 : need + 1 - gain] + cost, out=new[gain + 1 :])
        np.minimum(new, infinity, out=new)
        table = new
        tables.append(table)
    tables.reverse()
    return tables
