"""The actions that move the index most: the planner's leverage ranking on today's levels."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from simpul.agencies.models import Agency
from simpul.planner.optimizer import rank_leverage
from simpul.plans.models import Action
from simpul.plans.planning import agency_efforts, gain_text

from .queries import CycleScore


@dataclass(frozen=True)
class Move:
    code: str
    name: str
    from_level: int
    to_level: int
    gain: Decimal
    action: Action | None

    @property
    def gain_text(self) -> str:
        return gain_text(self.gain)


def best_moves(agency: Agency, score: CycleScore, actions: list[Action], limit: int = 5):
    """The `limit` single steps with the best gain per effort (agency efforts), each with the
    open action that already plans it, if any. Missing levels count as the scale minimum."""
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
        )
        for item in ranked[:limit]
    ]
