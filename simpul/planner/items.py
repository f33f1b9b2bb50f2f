"""The item planner: the cheapest set of items to get accepted so that the index reaches a target.

Pure computation over a framework valued item by item (Pemdi 2026) through its IndexEngine:
no database, no Pemdi constant. docs/planner.md explains the model; in short:

- Each item not yet accepted has an effort (1 unless the agency says otherwise). A plan is a
  set of items to get accepted; its effort is their sum.
- Gating holds: an indicator's value is decided by its first level that is not complete
  (rule R5), so items above that level count only once every level below is complete. An
  indicator's reachable states are "levels 1..k complete and a items of level k+1
  accepted"; the cheapest way into a state takes every missing item of levels 1..k and the
  cheapest missing items of level k+1. Indicators valued from another index stay fixed.
- Values are exact: every state's value is an integer over the engine's common denominator
  D, and weights are integers once scaled by W, so index gains are integers. Efforts are
  integers once scaled by 10^d (d = the most decimals written).
- The optimum is a multiple-choice knapsack solved exactly by merging Pareto frontiers of
  (effort, gain) indicator by indicator: after each indicator only the plans with the most
  gain for their effort survive, so the frontier never holds more points than there are
  distinct efforts. Ties: least effort, then fewest items, then the most index gain.
- A roadmap (one target per coming evaluation) costs exactly what its last target costs
  alone: items once accepted stay accepted. `plan_item_roadmap` takes that least-effort set
  and then, evaluation by evaluation, the cheapest part of it that reaches that evaluation's
  target, so work is done no earlier than a target needs it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from simpul.frameworks.scoring import Assessment, IndexEngine
from simpul.frameworks.spec import RULE_ITEMS
from simpul.frameworks.values import VERDICT_ACCEPTED
from simpul.planner.optimizer import PlanTooComplex, Target

# Scaled efforts × items must stay inside int64 (the frontier arrays); past that we refuse.
_INT_LIMIT = 2**62


@dataclass(frozen=True, slots=True)
class IndicatorChange:
    """What a plan does to one indicator: from → to (exact) with the items it takes."""

    code: str
    number: int
    from_value: Fraction
    to_value: Fraction
    from_level: int
    to_level: int
    items: tuple[str, ...]
    effort: Decimal


@dataclass(frozen=True)
class ItemPlan:
    feasible: bool
    target: Target
    start_index: Fraction
    achieved_index: Fraction
    max_reachable_index: Fraction
    total_effort: Decimal
    items: tuple[str, ...]  # to get accepted, in framework order; none already accepted
    changes: tuple[IndicatorChange, ...]


@dataclass(frozen=True, slots=True)
class _Option:
    effort: int  # scaled
    count: int
    numerator: int  # the indicator's value × D
    level: int
    items: tuple[str, ...]


def plan_items(
    engine: IndexEngine,
    assessment: Assessment,
    target: Target,
    efforts: Mapping[str, Decimal] | None = None,
    *,
    available: frozenset[str] | set[str] | None = None,
) -> ItemPlan:
    """The least-effort set of items reaching `target` (or the most reachable, if it is not).

    `assessment` gives the current verdicts and external scores (assessor values are not
    planned: values follow from items). `efforts` by item code; an item not listed costs 1.
    With `available`, only those items may be planned (a level missing another item cannot
    be completed). Raises PlanTooComplex when the efforts are too large to be added exactly.
    """
    efforts = efforts or {}
    spec = engine.spec
    start = engine.evaluate(Assessment(verdicts=assessment.verdicts, scores=assessment.scores))
    accepted = {
        code for code, verdict in assessment.verdicts.items() if verdict == VERDICT_ACCEPTED
    }
    places = max((_places(effort) for effort in efforts.values()), default=0)
    scale = 10**places
    layout = engine.value_layout()
    denominator = layout.denominator
    weight_scale = layout.weight_scale

    def effort_of(code: str) -> int:
        return int(efforts.get(code, Decimal(1)) * scale)

    starts = {item.code: item for item in start.indicators}
    indicators = []  # (spec, weight_int, start numerator, options)
    for indicator, _group in spec.indicators():
        if indicator.value_rule != RULE_ITEMS:
            continue
        begin = starts[indicator.code]
        numerator = begin.value * denominator
        assert numerator.denominator == 1
        options = _options(indicator, accepted, effort_of, layout, int(numerator), available)
        weight = int(Fraction(indicator.weight) * weight_scale)
        indicators.append((indicator, weight, int(numerator), begin.level, options))

    missing = sum(len(options[-1].items) if options else 0 for *_rest, options in indicators)
    total_effort = sum(options[-1].effort if options else 0 for *_rest, options in indicators)
    if (total_effort + 1) * (missing + 1) >= _INT_LIMIT:
        raise PlanTooComplex(
            "costs", "upaya terlalu besar untuk dijumlahkan dengan tepat; perkecil angkanya"
        )

    # Pareto frontier over (key = effort × (missing + 1) + count, gain); stage arrays keep the
    # frontier point and option each survivor came from, to read the plan back.
    width = missing + 1
    keys = np.zeros(1, dtype=np.int64)
    gains = np.zeros(1, dtype=np.int64)
    stages: list[tuple[np.ndarray, np.ndarray]] = []
    for _indicator, weight, begin, _level, options in indicators:
        option_keys = np.array(
            [0, *(option.effort * width + option.count for option in options)], dtype=np.int64
        )
        option_gains = np.array(
            [0, *(weight * (option.numerator - begin) for option in options)], dtype=np.int64
        )
        all_keys = (keys[:, None] + option_keys[None, :]).ravel()
        all_gains = (gains[:, None] + option_gains[None, :]).ravel()
        order = np.lexsort((-all_gains, all_keys))
        sorted_gains = all_gains[order]
        best_before = np.maximum.accumulate(sorted_gains)
        keep = np.empty(len(order), dtype=bool)
        keep[0] = True
        keep[1:] = sorted_gains[1:] > best_before[:-1]
        chosen = order[keep]
        parents, picks = np.divmod(chosen, len(option_keys))
        stages.append((parents, picks))
        keys, gains = all_keys[chosen], all_gains[chosen]

    # Index gain needed, in the integer units of `gains`: Σ w·Δvalue × D × W.
    units = Fraction(denominator * weight_scale) * Fraction(spec.weight_total)
    needed = (Fraction(target.value) - start.result.index) * units
    threshold = _ceil(needed) if target.inclusive else _floor(needed) + 1
    reach = np.flatnonzero(gains >= threshold)
    feasible = bool(len(reach))
    point = int(reach[0]) if feasible else len(gains) - 1
    best_gain = int(gains[-1])
    achieved_gain = int(gains[point])

    picks_by_indicator = [0] * len(indicators)
    for stage in range(len(indicators) - 1, -1, -1):
        parents, picks = stages[stage]
        picks_by_indicator[stage] = int(picks[point])
        point = int(parents[point])

    changes = []
    chosen_items: set[str] = set()
    for (indicator, _weight, begin, begin_level, options), pick in zip(
        indicators, picks_by_indicator, strict=True
    ):
        if pick == 0:
            continue
        option = options[pick - 1]
        chosen_items.update(option.items)
        changes.append(
            IndicatorChange(
                code=indicator.code,
                number=indicator.number,
                from_value=Fraction(begin, denominator),
                to_value=Fraction(option.numerator, denominator),
                from_level=begin_level,
                to_level=option.level,
                items=option.items,
                effort=Decimal(option.effort) / scale,
            )
        )
    order = [item.code for indicator, _g in spec.indicators() for _l, item in indicator.items()]
    return ItemPlan(
        feasible=feasible,
        target=target,
        start_index=start.result.index,
        achieved_index=start.result.index + Fraction(achieved_gain) / units,
        max_reachable_index=start.result.index + Fraction(best_gain) / units,
        total_effort=sum((change.effort for change in changes), Decimal(0)),
        items=tuple(code for code in order if code in chosen_items),
        changes=tuple(changes),
    )


def _options(
    indicator, accepted: set[str], effort_of, layout, begin: int, available=None
) -> list[_Option]:
    """Every state above the current one, each entered the cheapest way, by rising value.

    The last option is "every level complete", which takes every missing item. Items outside
    `available` (when given) cannot be taken: their level stops the climb.
    """
    levels = []
    for level in indicator.levels:
        # Cheapest first; equal efforts in the framework's order.
        missing = [item.code for item in level.items if item.code not in accepted]
        already = len(level.items) - len(missing)
        blocked = available is not None and any(code not in available for code in missing)
        if blocked:
            missing = [code for code in missing if code in available]
        missing.sort(key=effort_of)
        levels.append((level, len(level.items), already, missing, blocked))
    denominator = layout.denominator
    options: list[_Option] = []
    below_effort, below_items = 0, []
    for position, (level, total, already, missing, blocked) in enumerate(levels):
        band = layout.bands[level.level]
        floor = int(Fraction(band.lower) * denominator)
        step = int(Fraction(band.width) * denominator / total)
        effort, taken = below_effort, list(below_items)
        # States a = already + extra (< total); a blocked level also reaches its last one.
        for extra in range(len(missing) + (1 if blocked else 0)):
            if extra:
                effort += effort_of(missing[extra - 1])
                taken.append(missing[extra - 1])
            numerator = floor + step * (already + extra)
            if numerator > begin:
                options.append(_Option(effort, len(taken), numerator, level.level, tuple(taken)))
        if blocked:
            break
        below_effort += sum(effort_of(code) for code in missing)
        below_items = below_items + missing
        if position == len(levels) - 1:
            top = layout.bands[level.level]
            numerator = int(Fraction(top.upper) * denominator)
            if numerator > begin:
                options.append(
                    _Option(
                        below_effort, len(below_items), numerator, level.level, tuple(below_items)
                    )
                )
    return options


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _ceil(value: Fraction) -> int:
    return -((-value.numerator) // value.denominator)


def _floor(value: Fraction) -> int:
    return value.numerator // value.denominator


@dataclass(frozen=True)
class ItemRoadmap:
    """One plan per coming evaluation, each from where the one before left off."""

    plans: tuple[ItemPlan, ...]
    feasible: bool  # every evaluation's target reached
    total_effort: Decimal
    items: tuple[str, ...]  # every item the roadmap takes, in framework order


def plan_item_roadmap(
    engine: IndexEngine,
    assessment: Assessment,
    targets: list[Target],
    efforts: Mapping[str, Decimal] | None = None,
) -> ItemRoadmap:
    """The least total effort reaching every target in turn, each evaluation doing no more
    than its own target needs.

    Accepted items stay accepted, so the least total effort is that of the hardest target
    alone (the highest; or the most reachable index when it is out of reach). Its item set is
    then split: each evaluation takes the cheapest part of what is left of it that reaches
    its own target. A target already reached by an earlier evaluation needs nothing.
    """
    hardest = max(targets, key=lambda target: (Fraction(target.value), not target.inclusive))
    whole = plan_items(engine, assessment, hardest, efforts)
    pool = frozenset(whole.items)
    verdicts = dict(assessment.verdicts)
    plans = []
    for target in targets:
        current = Assessment(verdicts=verdicts, scores=assessment.scores)
        step = plan_items(engine, current, target, efforts, available=pool)
        plans.append(step)
        verdicts.update(dict.fromkeys(step.items, VERDICT_ACCEPTED))
    taken = {code for step in plans for code in step.items}
    return ItemRoadmap(
        plans=tuple(plans),
        feasible=all(step.feasible for step in plans),
        total_effort=sum((step.total_effort for step in plans), Decimal(0)),
        items=tuple(code for code in whole.items if code in taken),
    )
