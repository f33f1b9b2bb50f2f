"""The index engine: indicator levels → group indexes → index → predicate.

Pure computation over a validated FrameworkSpec; every number (weights, levels, band edges,
rounding) comes from the framework file. Values are Decimal and kept exact: each group and
the index is one division of an exact weighted sum, and only `display` rounds. The rules,
including what a partly answered self-assessment reports, are in docs/index-engine.md.

Roll-up: group index = Σ(child value × child weight) / group weight. Because the file format
guarantees that the children's weights add up to their group's weight, this equals
Σ(level × indicator weight) / group weight over the indicators beneath the group, which is
how the engine computes it: adding exact products and dividing once, so an index is never
built from an already rounded group index.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from typing import Any

from django.utils.translation import gettext as _

from simpul.frameworks.format import FrameworkSpec, IndicatorSpec, LevelScale, decimal_text

# Enough digits that sums of weights × levels stay exact; a quotient that does not
# terminate (e.g. 45 / 16.5) keeps 40 significant digits.
_CONTEXT = Context(prec=40, rounding=ROUND_HALF_EVEN)
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class GroupIndex:
    """One group's index. Over the answered indicators beneath it; None if none answered."""

    code: str
    name: str
    kind: str
    depth: int
    parent: str | None
    index: Decimal | None
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


@dataclass(frozen=True, slots=True)
class IndexResult:
    """The outcome of scoring one set of levels against one framework version.

    When some indicators have no level yet, `index` is the index of the answered part
    (re-normalised by the answered weights) and the result is provisional; `minimum` and
    `maximum` bound the final index whatever the missing levels turn out to be.
    """

    framework: str
    index: Decimal | None
    predicate: str | None
    answered: int
    total: int
    answered_weight: Decimal
    weight_total: Decimal
    minimum: Decimal
    maximum: Decimal
    groups: tuple[GroupIndex, ...]

    @property
    def complete(self) -> bool:
        return self.answered == self.total

    @property
    def provisional(self) -> bool:
        return not self.complete


class ScoreInputError(ValueError):
    """Input the engine cannot score; `field` names where (e.g. "levels.I99")."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def as_json(self) -> dict[str, Any]:
        return {"error": {"field": self.field, "message": self.message}}


class IndexEngine:
    """Scores levels against one framework version; built once per spec, then reused.

    Construction flattens the tree into slots so that scoring is a few list operations
    per indicator: no recursion, no lookups by code beyond one dict get per indicator.
    """

    def __init__(self, spec: FrameworkSpec) -> None:
        self.spec = spec
        nodes = list(spec.walk())
        slot = {id(node.group): position for position, node in enumerate(nodes)}
        # (code, name, kind, depth, parent code) per slot, in tree order.
        self._groups: tuple[tuple[str, str, str, int, str | None], ...] = tuple(
            (
                node.group.code,
                node.group.name,
                node.group.kind,
                node.depth,
                None if node.parent is None else node.parent.code,
            )
            for node in nodes
        )
        self._group_weights = {node.group.code: node.group.weight for node in nodes}
        # Subgroup weights per group; the key None stands for the framework itself.
        self._children: dict[str | None, dict[str, Decimal]] = {
            node.group.code: {child.code: child.weight for child in node.group.groups}
            for node in nodes
        }
        self._children[None] = {group.code: group.weight for group in spec.groups}
        # Children before parents, so one backwards pass rolls sums up the tree.
        self._rollup = tuple(
            (slot[id(node.group)], slot[id(node.parent)])
            for node in reversed(nodes)
            if node.parent is not None
        )
        self._tops = tuple(slot[id(group)] for group in spec.groups)
        totals = [0] * len(nodes)
        for _indicator, group in spec.indicators():
            totals[slot[id(group)]] += 1
        for position, parent in self._rollup:
            totals[parent] += totals[position]
        self._totals = tuple(totals)

        self._indicators: list[tuple[str, int, Decimal, dict[int, Decimal]]] = []
        self._by_code: dict[str, IndicatorSpec] = {}
        self._by_number: dict[int, IndicatorSpec] = {}
        self._scales: dict[str, tuple[LevelScale, frozenset[int]]] = {
            scale.code: (scale, frozenset(item.level for item in scale.levels))
            for scale in spec.level_scales
        }
        for indicator, group in spec.indicators():
            _scale, levels = self._scales[indicator.scale]
            # Level × weight for every level of the scale: scoring adds, never multiplies.
            products = {level: indicator.weight * level for level in levels}
            self._indicators.append((indicator.code, slot[id(group)], indicator.weight, products))
            self._by_code[indicator.code] = indicator
            self._by_number[indicator.number] = indicator
        self.total = len(self._indicators)
        self._low = Decimal(spec.level_min)
        self._high = Decimal(spec.level_max)

    # scoring

    def score(self, levels: Mapping[str, int | None]) -> IndexResult:
        """Score levels given by indicator code; a missing or None level is not answered yet.

        Raises ValueError for an unknown code or a level outside the indicator's scale
        (read_levels turns user input into a clean mapping with friendly messages first).
        """
        count = len(self._groups)
        sums = [_ZERO] * count
        weights = [_ZERO] * count
        answered = [0] * count
        seen = 0
        with localcontext(_CONTEXT):
            for code, position, weight, products in self._indicators:
                level = levels.get(code)
                if level is None:
                    if code in levels:
                        seen += 1
                    continue
                product = products.get(level) if type(level) is int else None
                if product is None:
                    raise ValueError(f"level {level!r} is not on the scale of indicator {code}")
                sums[position] += product
                weights[position] += weight
                answered[position] += 1
                seen += 1
            if seen != len(levels):
                unknown = sorted(set(levels) - set(self._by_code))
                raise ValueError(f"unknown indicator codes: {', '.join(unknown)}")
            for position, parent in self._rollup:
                sums[parent] += sums[position]
                weights[parent] += weights[position]
                answered[parent] += answered[position]

            total_sum = sum((sums[top] for top in self._tops), _ZERO)
            total_weight = sum((weights[top] for top in self._tops), _ZERO)
            groups = tuple(
                GroupIndex(
                    code,
                    name,
                    kind,
                    depth,
                    parent,
                    sums[position] / weights[position] if answered[position] else None,
                    answered[position],
                    self._totals[position],
                )
                for position, (code, name, kind, depth, parent) in enumerate(self._groups)
            )
            weight_total = self.spec.weight_total
            index = total_sum / total_weight if total_weight else None
            missing = weight_total - total_weight
            minimum = (total_sum + self._low * missing) / weight_total
            maximum = (total_sum + self._high * missing) / weight_total
        return IndexResult(
            framework=self.spec.code,
            index=index,
            predicate=None if index is None else self.predicate(index),
            answered=sum(answered[top] for top in self._tops),
            total=self.total,
            answered_weight=total_weight,
            weight_total=weight_total,
            minimum=minimum,
            maximum=maximum,
            groups=groups,
        )

    def combine(self, indexes: Mapping[str, Decimal], parent: str | None = None) -> Decimal:
        """A group's (or, with parent None, the framework's) index from its subgroups' indexes.

        For published figures that whole levels cannot produce, e.g. the regulation's worked
        example (domain indexes 3.70, 3.40, 3.00, 3.20 → 3.282). Every subgroup is required.
        """
        if parent is not None and parent not in self._children:
            raise ValueError(f"unknown group {parent}")
        children = self._children[parent]
        if not children:
            raise ValueError(f"group {parent} has indicators, not subgroups")
        if set(indexes) != set(children):
            expected = ", ".join(children)
            raise ValueError(f"indexes must be given for exactly these groups: {expected}")
        divisor = self.spec.weight_total if parent is None else self._group_weights[parent]
        with localcontext(_CONTEXT):
            weighted = sum((Decimal(indexes[code]) * children[code] for code in children), _ZERO)
            return weighted / divisor

    def predicate(self, value: Decimal) -> str:
        """The predicate of an exact value (never of its rounded display)."""
        for band in self.spec.predicates:
            if band.contains(value):
                return band.name
        raise ValueError(f"{value} is outside every predicate band")

    def display(self, value: Decimal) -> str:
        """The value as published: the file's decimals and rounding mode, e.g. 1.7975 → "1.80"."""
        return self.spec.rounding.format(value)

    # input and output

    def read_levels(self, raw: Mapping[str, object], field: str = "levels") -> dict[str, int]:
        """Check levels keyed by indicator number ("7") or code ("I07"); return them by code.

        A None value means "not answered yet". Raises ScoreInputError naming the first bad
        entry as `<field>.<key>`.
        """
        for key in getattr(raw, "duplicates", ()):
            raise ScoreInputError(
                f"{field}.{key}",
                _("Indikator %(key)s diberikan lebih dari sekali.") % {"key": key},
            )
        levels: dict[str, int] = {}
        given_as: dict[str, str] = {}
        for key, value in raw.items():
            where = f"{field}.{key}"
            key_text = str(key).strip()
            if key_text.isascii() and key_text.isdigit():
                indicator = self._by_number.get(int(key_text))
            else:
                indicator = self._by_code.get(key_text)
            if indicator is None:
                raise ScoreInputError(
                    where,
                    _("Indikator %(key)s tidak ada dalam kerangka %(framework)s.")
                    % {"key": key, "framework": self.spec.code},
                )
            if indicator.code in given_as:
                raise ScoreInputError(
                    where,
                    _("Indikator %(code)s diberikan dua kali (sebagai %(first)s dan %(second)s).")
                    % {"code": indicator.code, "first": given_as[indicator.code], "second": key},
                )
            given_as[indicator.code] = key
            if value is None:
                continue
            scale, allowed = self._scales[indicator.scale]
            if type(value) is not int or value not in allowed:
                raise ScoreInputError(
                    where,
                    _(
                        "Tingkat indikator %(code)s harus bilangan bulat %(min)s sampai %(max)s "
                        "(skala %(scale)s), bukan %(value)s."
                    )
                    % {
                        "code": indicator.code,
                        "min": min(allowed),
                        "max": max(allowed),
                        "scale": scale.name,
                        "value": _as_written(value),
                    },
                )
            levels[indicator.code] = value
        return levels

    def result_json(self, result: IndexResult) -> dict[str, Any]:
        """The result as the score command and POST /api/v1/score return it."""

        def shown(value: Decimal | None) -> str | None:
            return None if value is None else self.display(value)

        def exact(value: Decimal | None) -> str | None:
            return None if value is None else decimal_text(value)

        spec = self.spec
        return {
            "framework": spec.code,
            "status": spec.status,
            "notice": spec.notice,
            "index": shown(result.index),
            "index_exact": exact(result.index),
            "predicate": result.predicate,
            "complete": result.complete,
            "provisional": result.provisional,
            "answered": result.answered,
            "total": result.total,
            "answered_weight": decimal_text(result.answered_weight),
            "weight_total": decimal_text(result.weight_total),
            "range": {
                "min": shown(result.minimum),
                "min_exact": exact(result.minimum),
                "max": shown(result.maximum),
                "max_exact": exact(result.maximum),
            },
            "groups": [
                {
                    "code": group.code,
                    "name": group.name,
                    "kind": group.kind,
                    "depth": group.depth,
                    "parent": group.parent,
                    "index": shown(group.index),
                    "index_exact": exact(group.index),
                    "answered": group.answered,
                    "total": group.total,
                }
                for group in result.groups
            ],
        }


def _as_written(value: object) -> str:
    """A JSON value as the user wrote it: 3.5, "tiga", true."""
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def score_request(
    document: object,
    engines: Callable[[str], IndexEngine | None],
    framework: str | None = None,
) -> dict[str, Any]:
    """Score a request document {"framework": code, "levels": {...}} and return result JSON.

    `engines` finds the engine for a framework code (Framework.objects.engine in the app);
    `framework`, when given (the score command's --framework), is used if the document has
    none and must agree with it if it has one. Raises ScoreInputError on any bad input.
    """
    if not isinstance(document, dict):
        raise ScoreInputError("body", _("Isi permintaan harus berupa objek JSON."))
    for key in document:
        if key not in ("framework", "levels"):
            raise ScoreInputError(key, _("Kolom %(field)s tidak dikenal.") % {"field": key})
    code = document.get("framework", framework)
    if not isinstance(code, str) or not code:
        raise ScoreInputError(
            "framework", _("Kolom framework wajib diisi dengan kode versi kerangka.")
        )
    if framework is not None and code != framework:
        raise ScoreInputError(
            "framework",
            _("Kerangka dalam berkas (%(file)s) berbeda dengan --framework (%(option)s).")
            % {"file": code, "option": framework},
        )
    engine = engines(code)
    if engine is None:
        raise ScoreInputError("framework", _("Kerangka %(code)s tidak ditemukan.") % {"code": code})
    if "levels" not in document:
        raise ScoreInputError("levels", _("Kolom levels wajib diisi."))
    raw = document["levels"]
    if not isinstance(raw, dict):
        raise ScoreInputError(
            "levels",
            _('Kolom levels harus berupa objek, misalnya {"1": 3, "I02": 4}.'),
        )
    return engine.result_json(engine.score(engine.read_levels(raw)))
