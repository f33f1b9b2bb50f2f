"""The actions that move the index most: the planner's leverage ranking on today's levels."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from simpul.agencies.models import Agency
from simpul.core.numbers import index_text, number_text
from simpul.planner.optimizer import rank_leverage
from simpul.plans.models import Action
from simpul.plans.planning import agency_efforts

from .queries import CycleScore

GAIN_DECIMALS = 4


@dataclass(frozen=True)
class Move:
    code: str
    name: str
    from_level: int | str  # a level, or for item frameworks the value as shown
    to_level: int | str
    gain: Decimal
    action: Action | None
    effort: Decimal | None = None  # the agency's effort estimate for the step, if any

    @property
    def gain_text(self) -> str:
        """Every gain in the list with the same four decimals, in the reader's format."""
        return number_text(self.gain, GAIN_DECIMALS)

    @property
    def per_effort_text(self) -> str:
        """The ranking key, shown: index gain per unit of effort (exact until here)."""
        if not self.effort:
            return "–"
        return number_text(Fraction(self.gain) / Fraction(self.effort), GAIN_DECIMALS)

    @property
    def effort_text(self) -> str:
        return "–" if self.effort is None else number_text(self.effort)


def best_moves(agency: Agency, score: CycleScore, actions: list[Action], limit: int = 5):
    """The `limit` single steps with the best gain per effort (agency efforts), each with the
    open action that already plans it, if any. Missing levels count as the scale minimum."""
    if score.item_levels is not None:
        return best_item_moves(score, actions, limit)
    spec = score.engine.spec
    levels = {
        code: spec.level_min if level is None else level for code, level in score.levels().items()
    }
    for item, _group in spec.indicators():
        levels.setdefault(item.code, spec.level_min)
    efforts, _profile = agency_efforts(agency, score.cycle.framework)
    names = {item.code: item.name for item, _group in spec.indicators()}
    planned = {action.indicator.code: action for action in actions}
    ranked = [item for item in rank_leverage(score.engine, levels, efforts) if item.gain > 0]
    return [
        Move(
            item.indicator,
            names.get(item.indicator, ""),
            item.from_level,
            item.to_level,
            item.gain,
            planned.get(item.indicator),
            item.effort,
        )
        for item in ranked[:limit]
    ]


def best_item_moves(score: CycleScore, actions: list[Action], limit: int = 5) -> list[Move]:
    """For a framework valued item by item: the single items that raise the index most.

    Only an item of an indicator's first incomplete level counts (rule R5), so each such item
    adds the band width ÷ the level's items to its indicator, times the indicator's weight.
    """
    engine = score.engine
    spec = engine.spec
    planned = {action.indicator.code: action for action in actions}
    moves = []
    for indicator, _group in spec.indicators():
        value = score.item_values.get(indicator.code)
        if value is None or value.source == "external" or value.items is None:
            continue
        if value.accepted == value.items:
            continue  # every level complete
        level = indicator.levels[value.level - spec.level_min]
        band = spec.value_band(value.level)
        step = Fraction(band.width) / len(level.items)
        missing = [item for item in level.items if item.code not in score.accepted_items]
        if not missing:
            continue
        gain = Fraction(indicator.weight) * step / Fraction(spec.weight_total)
        base = value.value if value.rule_value is None else value.rule_value
        moves.append(
            (
                -gain,
                indicator.number,
                Move(
                    missing[0].code,
                    indicator.name,
                    index_text(engine, base),
                    index_text(engine, base + step),
                    Decimal(gain.numerator) / Decimal(gain.denominator),
                    planned.get(indicator.code),
                ),
            )
        )
    moves.sort(key=lambda entry: (entry[0], entry[1]))
    return [move for _gain, _number, move in moves[:limit]]
