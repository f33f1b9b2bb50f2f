"""The planner's shipped assumptions: default step efforts and suggested prerequisite rules.

They live in data/<framework code>.json (data/default.json for a framework without its own
file), format "simpul-planner/1", described in docs/planner.md. Nothing here is official:
the efforts are editable estimates and the rules are off unless a request switches them on.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from simpul.frameworks.checking import loads_json
from simpul.frameworks.spec import FrameworkSpec
from simpul.planner.optimizer import Efforts, Rule

DATA_DIR = Path(__file__).resolve().parent / "data"
FORMAT = "simpul-planner/1"


@dataclass(frozen=True)
class Assumptions:
    """What data/ says for one framework version."""

    notice: str
    efforts: Efforts
    efforts_note: str
    rules: tuple[Rule, ...]
    rules_enabled_by_default: bool
    rules_explanation: str


# id(spec) -> (spec, its assumptions); holding the spec keeps its id from being reused.
_CACHE: dict[int, tuple[FrameworkSpec, Assumptions]] = {}


def assumptions(spec: FrameworkSpec) -> Assumptions:
    """The shipped defaults for `spec`, read once per spec object."""
    cached = _CACHE.get(id(spec))
    if cached is None:
        cached = _CACHE[id(spec)] = (spec, _assumptions(spec))
    return cached[1]


def _assumptions(spec: FrameworkSpec) -> Assumptions:
    path = DATA_DIR / f"{spec.code}.json"
    document = _read(path if path.exists() else DATA_DIR / "default.json")
    if document.get("framework", spec.code) != spec.code:
        raise ValueError(f"{path.name} is for {document['framework']}, not {spec.code}")
    efforts = document["efforts"]
    rules = document["rules"]
    return Assumptions(
        notice=document["notice"],
        efforts=_efforts(spec, document["effort_unit"], efforts),
        efforts_note=efforts.get("note", ""),
        rules=_rules(spec, rules),
        rules_enabled_by_default=bool(rules["enabled_by_default"]),
        rules_explanation=rules["explanation"],
    )


def _read(path: Path) -> dict[str, Any]:
    document = loads_json(path.read_bytes())
    if document.get("format") != FORMAT:
        raise ValueError(f"{path.name}: format must be {FORMAT}")
    return document


def _code(spec: FrameworkSpec, key: object) -> str:
    for indicator, _group in spec.indicators():
        if str(key) in (str(indicator.number), indicator.code):
            return indicator.code
    raise ValueError(f"{spec.code} has no indicator {key}")


def _efforts(spec: FrameworkSpec, unit: str, data: dict[str, Any]) -> Efforts:
    count = spec.level_max - spec.level_min

    def stretched(values: list[object]) -> tuple[Decimal, ...]:
        # The last value repeats for scales longer than the list.
        numbers = [Decimal(str(value)) for value in values]
        return tuple(numbers[min(k, len(numbers) - 1)] for k in range(count))

    by_scale = {code: stretched(values) for code, values in data.get("by_scale", {}).items()}
    general = stretched(data["per_step"]) if "per_step" in data else None
    own = {
        _code(spec, key): stretched(values) for key, values in data.get("indicators", {}).items()
    }
    steps = {}
    for indicator, _group in spec.indicators():
        values = own.get(indicator.code) or by_scale.get(indicator.scale) or general
        if values is None:
            raise ValueError(f"no default effort for {indicator.code} (scale {indicator.scale})")
        steps[indicator.code] = values
    return Efforts(unit, spec.level_min, MappingProxyType(steps))


def _rules(spec: FrameworkSpec, data: dict[str, Any]) -> tuple[Rule, ...]:
    return tuple(
        Rule(
            _code(spec, implementation),
            level["max_level"],
            _code(spec, pair["policy"]),
            level["min_level"],
        )
        for pair in data["pairs"]
        for implementation in pair["implementation"]
        for level in data["levels"]
    )
