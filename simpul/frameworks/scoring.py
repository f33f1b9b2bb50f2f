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
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from simpul.frameworks.spec import (
    RULE_EXTERNAL,
    FrameworkSpec,
    IndicatorSpec,
    LevelScale,
    decimal_text,
    parse_decimal,
)
from simpul.frameworks.values import (
    REPLACED_VERDICTS,
    SOURCE_EXTERNAL,
    SOURCE_ITEMS,
    SOURCE_VALUE,
    VERDICT_ACCEPTED,
    VERDICTS,
    ExternalConversion,
    exact_text,
)

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


@dataclass(frozen=True)
class Assessment:
    """Checked input for a framework valued per indicator (Pemdi 2026).

    `verdicts` by item code; `scores` of external indicators in their index's own scale;
    `values` set by an assessor inside the band the items reach (rule R7).
    """

    verdicts: Mapping[str, str] = field(default_factory=dict)
    scores: Mapping[str, Decimal] = field(default_factory=dict)
    values: Mapping[str, Decimal] = field(default_factory=dict)


class IndicatorValue:
    """One indicator's exact value and where it came from.

    An item value is kept as its numerator over the framework's common denominator and
    becomes a Fraction when read: scoring a thousand agencies builds no Fraction it does
    not report.
    """

    __slots__ = (
        "_denominator",
        "_numerator",
        "_value",
        "accepted",
        "assumed",
        "code",
        "items",
        "level",
        "rule_value",
        "score",
        "source",
    )

    def __init__(
        self,
        code: str,
        value: Fraction | tuple[int, int],
        source: str,
        level: int,
        *,
        accepted: int | None = None,
        items: int | None = None,
        rule_value: Fraction | None = None,
        score: Decimal | None = None,
        assumed: bool = False,
    ) -> None:
        self.code = code
        if isinstance(value, tuple):
            self._value = None
            self._numerator, self._denominator = value
        else:
            self._value = value
        self.source = source  # "items", "external" or "value"
        self.level = level  # the level whose band holds the value (items: the level reached)
        self.accepted = accepted
        self.items = items
        self.rule_value = rule_value  # what the items give, when an assessor set the value
        self.score = score  # the external score, None when missing
        self.assumed = assumed  # the external score was missing and its default was used

    @property
    def value(self) -> Fraction:
        if self._value is None:
            self._value = Fraction(self._numerator, self._denominator)
        return self._value

    def __repr__(self) -> str:
        return f"IndicatorValue({self.code}, {self.value}, {self.source}, level {self.level})"


@dataclass(frozen=True, slots=True)
class Evaluation:
    result: IndexResult
    indicators: tuple[IndicatorValue, ...]


class _IndicatorLayout:
    """One indicator of a framework valued per indicator, ready for integer arithmetic.

    For an item-valued indicator, `levels` holds per level (count slot, items, floor × D,
    value of one accepted item × D, level) where D is the layout's common denominator, so
    that rule R5 gives the value's numerator over D with two integer operations.
    """

    __slots__ = ("code", "external", "levels", "position", "top", "weight", "weight_int")

    def __init__(
        self, indicator: IndicatorSpec, position: int, layout: ValueLayout, slots: dict[str, int]
    ) -> None:
        self.code = indicator.code
        self.position = position
        self.weight = Fraction(indicator.weight)
        self.weight_int = int(self.weight * layout.weight_scale)
        self.external: ExternalConversion | None = None
        if indicator.value_rule == RULE_EXTERNAL and indicator.external is not None:
            self.external = ExternalConversion(indicator.external, tuple(layout.bands.values()))
        denominator = layout.denominator
        levels = []
        for level in indicator.levels:
            band = layout.bands[level.level]
            total = len(level.items)
            step = Fraction(band.width) * denominator / total if total else Fraction(0)
            levels.append(
                (
                    slots[(indicator.code, level.level)],
                    total,
                    int(Fraction(band.lower) * denominator),
                    int(step),
                    level.level,
                )
            )
        self.levels = tuple(levels)
        top = layout.bands[indicator.levels[-1].level]
        self.top = (int(Fraction(top.upper) * denominator), top.level)


class ValueLayout:
    """What scoring by items and external scores needs, laid out once per framework.

    Values are exact rationals computed in integers over one common denominator D (every
    band edge and every band width ÷ item count is a whole multiple of 1/D), so scoring an
    agency costs a count per verdict and a few integer operations per indicator; Fractions
    are built only for the reported values.
    """

    def __init__(self, spec: FrameworkSpec, slot: dict[int, int]) -> None:
        self.bands = {band.level: band for band in spec.value_bands}
        denominator = 1
        weight_scale = 1
        level_slots: dict[tuple[str, int], int] = {}
        self.item_slot: dict[str, int] = {}
        for indicator, _group in spec.indicators():
            weight_scale = math.lcm(weight_scale, Fraction(indicator.weight).denominator)
            for level in indicator.levels:
                band = self.bands[level.level]
                denominator = math.lcm(
                    denominator, Fraction(band.lower).denominator, Fraction(band.upper).denominator
                )
                if level.items:
                    per_item = Fraction(band.width) / len(level.items)
                    denominator = math.lcm(denominator, per_item.denominator)
                position = level_slots.setdefault((indicator.code, level.level), len(level_slots))
                for item in level.items:
                    self.item_slot[item.code] = position
        self.denominator = denominator
        self.weight_scale = weight_scale
        self.slot_count = len(level_slots)
        self.indicators = tuple(
            _IndicatorLayout(item, slot[id(group)], self, level_slots)
            for item, group in spec.indicators()
        )
        self.weight_total = Fraction(spec.weight_total)
        self.group_weights = tuple(Fraction(node.group.weight) for node in spec.walk())
        self.predicates = tuple(
            (
                band.name,
                None if band.lower is None else Fraction(band.lower),
                band.lower_inclusive,
                None if band.upper is None else Fraction(band.upper),
                band.upper_inclusive,
            )
            for band in spec.predicates
        )

    def predicate(self, value: Fraction) -> str:
        for name, lower, lower_in, upper, upper_in in self.predicates:
            if lower is not None and (value < lower or (value == lower and not lower_in)):
                continue
            if upper is not None and (value > upper or (value == upper and not upper_in)):
                continue
            return name
        raise ValueError(f"{value} is outside every predicate band")


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
        self._valued = ValueLayout(spec, slot) if not spec.scored_by_level else None

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

    def value_layout(self) -> ValueLayout:
        """The integer layout of a framework valued per indicator (for the item planner)."""
        assert self._valued is not None, "only frameworks valued per indicator have one"
        return self._valued

    @property
    def scored_by_level(self) -> bool:
        """Whether input is one integer level per indicator (SPBE 2020), not items/scores."""
        return self._valued is None

    def evaluate(self, assessment: Assessment) -> Evaluation:
        """Every indicator's value from item verdicts, external scores and assessor values.

        Item values follow rule R5 (computed in integers over the layout's common
        denominator), external ones rule R8, and
        an assessor value (R7) must lie inside the band its items reach: otherwise
        ScoreInputError names the indicator and the band.
        """
        layout = self._valued
        assert layout is not None, "evaluate is for frameworks valued per indicator"
        counts = [0] * layout.slot_count
        slot_of = layout.item_slot
        for code, verdict in assessment.verdicts.items():
            if verdict == VERDICT_ACCEPTED:
                counts[slot_of[code]] += 1
        denominator = layout.denominator
        scale = layout.weight_scale * denominator
        whole = [0] * len(self._groups)  # Σ weight × value × scale, in integers
        # Σ weight × value of values that are not n/D, per group, as an integer ratio
        # [numerator, denominator]: adding two ratios multiplies the denominators but builds
        # no Fraction (and computes no gcd) until the one division per reported figure.
        parts: dict[int, list[int]] = {}
        indicators: list[IndicatorValue] = []
        scores, given_values = assessment.scores, assessment.values
        for entry in layout.indicators:
            code = entry.code
            if entry.external is not None:
                score = scores.get(code)
                conversion = entry.external
                if score is None:
                    value, level = conversion.missing, conversion.missing_level
                else:
                    value, level = conversion.convert(score)
                _add(parts, entry.position, entry.weight * value)
                indicators.append(
                    IndicatorValue(
                        code, value, SOURCE_EXTERNAL, level, score=score, assumed=score is None
                    )
                )
                continue
            # Rule R5: the first level not complete decides; `level` is used after the loop.
            for slot, total, floor, step, level in entry.levels:  # noqa: B007
                accepted = counts[slot]
                if accepted < total:
                    numerator = floor + step * accepted
                    break
            else:
                numerator, level = entry.top
            given = given_values.get(code)
            if given is None:
                whole[entry.position] += entry.weight_int * numerator
                indicators.append(
                    IndicatorValue(
                        code,
                        (numerator, denominator),
                        SOURCE_ITEMS,
                        level,
                        accepted=accepted,
                        items=total,
                    )
                )
                continue
            rule_value = Fraction(numerator, denominator)
            band = self.spec.value_band(level)
            if not band.contains(given):
                raise ScoreInputError(
                    f"values.{code}",
                    _(
                        "Nilai %(code)s (%(value)s) di luar pita yang dicapai butirnya: "
                        "tingkat %(level)s, %(band)s (nilai menurut butir %(rule)s)."
                    )
                    % {
                        "code": code,
                        "value": decimal_text(given),
                        "level": level,
                        "band": band.describe(),
                        "rule": self.display(rule_value),
                    },
                )
            value = Fraction(given)
            _add(parts, entry.position, entry.weight * value)
            indicators.append(
                IndicatorValue(
                    code,
                    value,
                    SOURCE_VALUE,
                    level,
                    accepted=accepted,
                    items=total,
                    rule_value=rule_value,
                )
            )
        return Evaluation(self._aggregate(whole, parts, scale), tuple(indicators))

    def _aggregate(self, whole: list[int], parts: dict[int, list[int]], scale: int) -> IndexResult:
        """Group and framework indexes from weighted sums, one exact division each."""
        layout = self._valued
        assert layout is not None
        for position, parent in self._rollup:
            whole[parent] += whole[position]
            if position in parts:
                _add_ratio(parts, parent, *parts[position])
        total = [0, 1]
        for top in self._tops:
            if top in parts:
                numerator, denominator = parts[top]
                total = [total[0] * denominator + numerator * total[1], total[1] * denominator]
        index = _divided(sum(whole[top] for top in self._tops), scale, total, layout.weight_total)
        groups = []
        for position, (code, name, kind, depth, parent) in enumerate(self._groups):
            weight = layout.group_weights[position]
            value = _divided(whole[position], scale, parts.get(position, (0, 1)), weight)
            count = self._totals[position]
            groups.append(GroupIndex(code, name, kind, depth, parent, value, count, count))
        return IndexResult(
            framework=self.spec.code,
            index=index,
            predicate=layout.predicate(index),
            answered=self.total,
            total=self.total,
            answered_weight=self.spec.weight_total,
            weight_total=self.spec.weight_total,
            minimum=index,
            maximum=index,
            groups=tuple(groups),
        )

    def predicate(self, value: Decimal | Fraction) -> str:
        """The predicate of an exact value (never of its rounded display)."""
        for band in self.spec.predicates:
            if band.contains(value):
                return band.name
        raise ValueError(f"{value} is outside every predicate band")

    def display(self, value: Decimal | Fraction) -> str:
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
            indicator = self._indicator(str(key), where)
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

    def read_assessment(self, document: Mapping[str, object]) -> Assessment:
        """Check {"items": {code: verdict}, "external": {I: score}, "values": {I: value}}.

        Every key is optional; an item not listed is not accepted. Raises ScoreInputError
        naming the first bad entry (e.g. "items.I1-L9-01", "external.I5", "values.I3").
        """
        layout = self._valued
        assert layout is not None, "read_assessment is for frameworks valued per indicator"
        verdicts: dict[str, str] = {}
        for key, value in _entries(document, "items", _('{"I1-L1-01": "accepted"}')):
            where = f"items.{key}"
            if key not in layout.item_slot:
                raise ScoreInputError(
                    where,
                    _("Butir %(key)s tidak ada dalam kerangka %(framework)s.")
                    % {"key": key, "framework": self.spec.code},
                )
            verdict = REPLACED_VERDICTS.get(value, value) if isinstance(value, str) else value
            if verdict not in VERDICTS:
                raise ScoreInputError(
                    where,
                    _(
                        'Putusan butir %(key)s harus "accepted", "revision" atau "rejected", '
                        "bukan %(value)s."
                    )
                    % {"key": key, "value": _as_written(value)},
                )
            verdicts[key] = verdict
        scores: dict[str, Decimal] = {}
        for key, value in _entries(document, "external", _('{"I5": "25"}')):
            where = f"external.{key}"
            indicator = self._indicator(key, where)
            index = indicator.external
            if index is None:
                raise ScoreInputError(
                    where,
                    _(
                        "Indikator %(code)s tidak mengambil nilai dari indeks lain; nilainya "
                        "dihitung dari butir."
                    )
                    % {"code": indicator.code},
                )
            score = parse_decimal(value)
            if score is None or not index.minimum <= score <= index.maximum:
                raise ScoreInputError(
                    where,
                    _(
                        "Skor %(index)s untuk %(code)s harus bilangan desimal dari %(min)s sampai "
                        "%(max)s (skala indeks itu sendiri), bukan %(value)s."
                    )
                    % {
                        "index": index.code,
                        "code": indicator.code,
                        "min": decimal_text(index.minimum),
                        "max": decimal_text(index.maximum),
                        "value": _as_written(value),
                    },
                )
            scores[indicator.code] = score
        values: dict[str, Decimal] = {}
        for key, value in _entries(document, "values", _('{"I3": "1.26"}')):
            where = f"values.{key}"
            indicator = self._indicator(key, where)
            if indicator.external is not None:
                raise ScoreInputError(
                    where,
                    _(
                        "Nilai %(code)s berasal dari indeks %(index)s: tulis skornya di "
                        "external, bukan di values."
                    )
                    % {"code": indicator.code, "index": indicator.external.code},
                )
            number = parse_decimal(value)
            if number is None or not self._low <= number <= self._high:
                raise ScoreInputError(
                    where,
                    _(
                        "Nilai %(code)s harus bilangan desimal dari %(min)s sampai %(max)s, "
                        "bukan %(value)s."
                    )
                    % {
                        "code": indicator.code,
                        "min": self.spec.level_min,
                        "max": self.spec.level_max,
                        "value": _as_written(value),
                    },
                )
            values[indicator.code] = number
        return Assessment(verdicts, scores, values)

    def _indicator(self, key: str, where: str) -> IndicatorSpec:
        """The indicator a user names by number ("7") or code ("I07"), or the refusal."""
        key_text = key.strip()
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
        return indicator

    def evaluation_json(self, evaluation: Evaluation) -> dict[str, Any]:
        """An evaluation as the score command and POST /api/v1/score return it."""
        result = evaluation.result
        out = self.result_json(result)
        out["index_fraction"] = str(result.index)
        out["indicators"] = {
            item.code: self._indicator_json(item) for item in evaluation.indicators
        }
        return out

    def _indicator_json(self, item: IndicatorValue) -> dict[str, Any]:
        indicator = self._by_code[item.code]
        band = self.spec.value_band(item.level)
        out: dict[str, Any] = {
            "name": indicator.name,
            "weight": decimal_text(indicator.weight),
            "value": self.display(item.value),
            "value_exact": exact_text(item.value),
            "value_fraction": str(item.value),
            "source": item.source,
            "level": item.level,
            "band": {
                "lower": decimal_text(band.lower),
                "lower_inclusive": band.lower_inclusive,
                "upper": decimal_text(band.upper),
                "upper_inclusive": band.upper_inclusive,
            },
        }
        if item.source == SOURCE_EXTERNAL:
            assert indicator.external is not None
            out["external"] = {
                "index": indicator.external.code,
                "score": None if item.score is None else decimal_text(item.score),
                "assumed": item.assumed,
            }
        else:
            out["accepted"] = item.accepted
            out["items"] = item.items
        if item.rule_value is not None:
            out["rule_value"] = self.display(item.rule_value)
            out["rule_value_exact"] = exact_text(item.rule_value)
        return out

    def result_json(self, result: IndexResult) -> dict[str, Any]:
        """The result as the score command and POST /api/v1/score return it."""

        def shown(value: Decimal | Fraction | None) -> str | None:
            return None if value is None else self.display(value)

        def exact(value: Decimal | Fraction | None) -> str | None:
            return None if value is None else exact_text(value)

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


def _add(parts: dict[int, list[int]], position: int, value: Fraction) -> None:
    _add_ratio(parts, position, value.numerator, value.denominator)


def _add_ratio(parts: dict[int, list[int]], position: int, numerator: int, denominator: int):
    current = parts.get(position)
    if current is None:
        parts[position] = [numerator, denominator]
    else:
        current[0] = current[0] * denominator + numerator * current[1]
        current[1] *= denominator


def _divided(whole: int, scale: int, part, weight: Fraction) -> Fraction:
    """(whole / scale + part) / weight as one Fraction; `part` is [numerator, denominator]."""
    numerator, denominator = part
    return Fraction(
        (whole * denominator + numerator * scale) * weight.denominator,
        scale * denominator * weight.numerator,
    )


def _as_written(value: object) -> str:
    """A JSON value as the user wrote it: 3.5, "tiga", true."""
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _entries(document: Mapping[str, object], key: str, example: str) -> list[tuple[str, object]]:
    """The entries of one optional object of a request, refusing repeats and other shapes."""
    raw = document.get(key, {})
    if not isinstance(raw, dict):
        raise ScoreInputError(
            key,
            _("Kolom %(field)s harus berupa objek, misalnya %(example)s.")
            % {"field": key, "example": example},
        )
    for duplicate in getattr(raw, "duplicates", ()):
        raise ScoreInputError(
            f"{key}.{duplicate}",
            _("%(key)s diberikan lebih dari sekali.") % {"key": duplicate},
        )
    return [(str(name), value) for name, value in raw.items()]


def resolve_engine(
    document: Mapping[str, object],
    engines: Callable[[str], IndexEngine | None],
    framework: str | None = None,
) -> IndexEngine:
    """The engine a request names: its "framework", or the command's --framework.

    When both are given they must agree. Shared by scoring and planning, for the command
    line and the API alike. Raises ScoreInputError naming the field "framework".
    """
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
    return engine


LEVEL_KEYS = ("framework", "levels")
VALUED_KEYS = ("framework", "items", "external", "values")


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
    for key in getattr(document, "duplicates", ()):
        raise ScoreInputError(key, _("Kolom %(field)s ditulis lebih dari sekali.") % {"field": key})
    engine = resolve_engine(document, engines, framework)
    keys = LEVEL_KEYS if engine.scored_by_level else VALUED_KEYS
    for key in document:
        if key not in keys:
            raise ScoreInputError(
                key,
                _("Kolom %(field)s tidak dikenal.") % {"field": key},
            )
    if not engine.scored_by_level:
        return engine.evaluation_json(engine.evaluate(engine.read_assessment(document)))
    if "levels" not in document:
        raise ScoreInputError("levels", _("Kolom levels wajib diisi."))
    raw = document["levels"]
    if not isinstance(raw, dict):
        raise ScoreInputError(
            "levels",
            _('Kolom levels harus berupa objek, misalnya {"1": 3, "I02": 4}.'),
        )
    return engine.result_json(engine.score(engine.read_levels(raw)))
