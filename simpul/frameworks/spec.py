"""The immutable spec of one framework version: the types scoring and the planner import.

A framework file (format "simpul-framework/1", described in docs/framework-format.md) is
checked by `checking.py` and becomes a `FrameworkSpec`: a tree of weighted groups of any
depth, weighted indicators with their level texts, items and value rule, named level scales,
value and predicate bands and the display rounding rule. Code downstream (the importer, the
index engine, the planner) can trust every number without re-checking it.

Numbers are `Decimal` (see `parse_decimal`, the one parser for every decimal a user or a file
writes); a float never touches a weight, a bound or an index.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

FORMAT = "simpul-framework/1"
DATA_DIR = Path(__file__).resolve().parent / "data"

# Weights and bounds are stored in DecimalField(max_digits=12, decimal_places=6).
WEIGHT_MAX_DIGITS = 12
WEIGHT_DECIMAL_PLACES = 6

STATUS_OFFICIAL = "official"
STATUS_DRAFT = "draft"
# Compiled from secondary sources: every fact sourced, the regulation text itself not read.
STATUS_COMPILED = "compiled"
STATUSES = (STATUS_OFFICIAL, STATUS_DRAFT, STATUS_COMPILED)

# How an indicator gets its value (docs/framework-format.md, docs/index-engine.md):
# an integer level chosen (SPBE 2020), earned item by item (Pemdi 2026, rule R5), or
# converted from another national index's score (R8).
RULE_LEVEL = "level"
RULE_ITEMS = "items"
RULE_EXTERNAL = "external"
VALUE_RULES = (RULE_LEVEL, RULE_ITEMS, RULE_EXTERNAL)
ROUNDING_MODES = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN}

_DECIMAL_TEXT = re.compile(r"[+-]?\d+([.,]\d+)?")


def parse_decimal(value: object) -> Decimal | None:
    """A finite decimal from JSON (int, Decimal) or text ("3.5", "3,5", " 2 "); else None.

    The one reader of decimals written by people or files: weights, bounds, efforts, targets,
    assessor values and external scores all accept exactly the same spellings. A bool, a
    float, NaN, an exponent ("1e3") or anything else is refused with None.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value.strip()):
        try:
            return Decimal(value.strip().replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            return None
    return None


def decimal_text(value: Decimal) -> str:
    """The shortest plain notation of an exact decimal: 13.0 → "13", 2.750 → "2.75".

    Normalised with as many digits as the value has: the default context (28) would round a
    longer value."""
    exact = Context(prec=max(len(value.as_tuple().digits), 1))
    text = format(value.normalize(exact), "f")
    return "0" if text in {"-0", "0"} else text


# --- the immutable spec -----------------------------------------------------------------


@dataclass(frozen=True)
class ScaleLevel:
    level: int
    name: str
    summary: str


@dataclass(frozen=True)
class LevelScale:
    """A named level scale (SPBE: "proses" Rintisan…Optimum, "layanan" Informasi…Optimum)."""

    code: str
    name: str
    levels: tuple[ScaleLevel, ...]

    def level_name(self, level: int) -> str:
        return next(item.name for item in self.levels if item.level == level)


@dataclass(frozen=True)
class Rounding:
    """How an index is shown: `decimals` places, half-up (or half-even) on the exact value."""

    decimals: int
    mode: str

    def quantize(self, value: Decimal | Fraction) -> Decimal:
        """The value rounded for display, decided on the exact value (a Fraction too)."""
        if isinstance(value, Fraction):
            scaled = value * 10**self.decimals
            if self.mode == "half-up":
                # Half away from zero, as ROUND_HALF_UP does for Decimal.
                whole = math.floor(abs(scaled) + Fraction(1, 2))
                whole = -whole if scaled < 0 else whole
            else:
                whole = round(scaled)  # exact half-even on a Fraction
            return Decimal(whole).scaleb(-self.decimals)
        return value.quantize(Decimal(1).scaleb(-self.decimals), rounding=ROUNDING_MODES[self.mode])

    def format(self, value: Decimal | Fraction) -> str:
        return format(self.quantize(value), "f")


@dataclass(frozen=True)
class Band:
    """A predicate and its range; a None bound is unbounded on that side."""

    name: str
    lower: Decimal | None
    lower_inclusive: bool
    upper: Decimal | None
    upper_inclusive: bool

    def contains(self, value: Decimal) -> bool:
        if self.lower is not None and (
            value < self.lower or (value == self.lower and not self.lower_inclusive)
        ):
            return False
        return not (
            self.upper is not None
            and (value > self.upper or (value == self.upper and not self.upper_inclusive))
        )


@dataclass(frozen=True)
class ItemSpec:
    """One item ("butir") of a level: what must be shown, one verdict per assessment.

    `code` is stable across the framework (e.g. "I1-L2-03"); `text` is the verbatim wording
    (blank only where the sources have none, explained in `note`); `evidence_kind` names the
    kind of evidence expected; `portal_code` is the national portal's own code, if known.
    """

    code: str
    text: str
    evidence_kind: str = ""
    portal_code: str = ""
    note: str = ""


@dataclass(frozen=True)
class LevelText:
    """What one level of one indicator means: criteria, guidance texts and its items."""

    level: int
    name: str
    criteria: str
    fulfilment: str
    evidence: str
    conditions: str = ""
    items: tuple[ItemSpec, ...] = ()


@dataclass(frozen=True)
class ValueBand:
    """The range of indicator values that level `level` stands for (Pemdi R1: 1.5–2.5)."""

    level: int
    lower: Decimal
    lower_inclusive: bool
    upper: Decimal
    upper_inclusive: bool

    @property
    def width(self) -> Decimal:
        return self.upper - self.lower

    def contains(self, value: Decimal | Fraction) -> bool:
        if value < self.lower or (value == self.lower and not self.lower_inclusive):
            return False
        return not (value > self.upper or (value == self.upper and not self.upper_inclusive))

    def describe(self) -> str:
        """The band as people read it: "[1.5; 2.5)" with brackets telling inclusion."""
        left = "[" if self.lower_inclusive else "("
        right = "]" if self.upper_inclusive else ")"
        return f"{left}{decimal_text(self.lower)}; {decimal_text(self.upper)}{right}"


@dataclass(frozen=True)
class ExternalBand:
    """The native range of an external index that corresponds to one level."""

    level: int
    lower: Decimal
    upper: Decimal


@dataclass(frozen=True)
class ExternalIndex:
    """Another national index whose score gives an indicator its value (Pemdi R8).

    A score inside the native band of level L converts linearly into level L's value band;
    a score exactly on a bound belongs to the higher band and the top of the scale gives the
    top of the value scale. A missing score counts as `missing_value`.
    """

    code: str
    name: str
    issuer: str
    minimum: Decimal
    maximum: Decimal
    bands: tuple[ExternalBand, ...]
    missing_value: Decimal
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class RuleNote:
    """A scoring rule of the instrument with how well the sources support it."""

    code: str
    title: str
    text: str
    confidence: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvidenceRule:
    """A freshness rule for the evidence of one indicator (docs/framework-format.md).

    `review`: from level `from_level`, a review/evaluation record younger than
    `max_age_months` is needed. `audit`: an audit report counts only when younger than
    `max_age_months` (and from `from_level`, if given, one is needed). `follow_up_policy`:
    at level `level`, a follow-up policy issued within `within_months_of_review` months
    after the review is needed.
    """

    kind: str
    from_level: int | None = None
    level: int | None = None
    max_age_months: int | None = None
    within_months_of_review: int | None = None

    def as_json(self) -> dict[str, Any]:
        keys = ("from_level", "level", "max_age_months", "within_months_of_review")
        out: dict[str, Any] = {"kind": self.kind}
        out.update({key: getattr(self, key) for key in keys if getattr(self, key) is not None})
        return out


@dataclass(frozen=True)
class IndicatorSpec:
    number: int
    code: str
    name: str
    question: str
    weight: Decimal
    scale: str
    description: str
    assessment_rule: str
    example_evidence: str
    typical_owner_units: str
    notes: tuple[str, ...]
    levels: tuple[LevelText, ...]
    evidence_rules: tuple[EvidenceRule, ...] = ()
    value_rule: str = RULE_LEVEL
    external: ExternalIndex | None = None

    def items(self) -> Iterator[tuple[LevelText, ItemSpec]]:
        """Every item of the indicator with its level, lowest level first."""
        for level in self.levels:
            for item in level.items:
                yield level, item


@dataclass(frozen=True)
class GroupSpec:
    code: str
    name: str
    kind: str
    weight: Decimal
    groups: tuple[GroupSpec, ...]
    indicators: tuple[IndicatorSpec, ...]


@dataclass(frozen=True)
class Source:
    code: str
    title: str
    where: tuple[str, ...]
    reliability: str


@dataclass(frozen=True)
class TreeNode:
    """A group with its place in the tree, as `FrameworkSpec.walk()` yields it."""

    group: GroupSpec
    parent: GroupSpec | None
    depth: int


@dataclass(frozen=True)
class FrameworkSpec:
    """One validated framework version. Every rule in docs/framework-format.md holds."""

    code: str
    name: str
    status: str
    notice: str
    source: str
    sources: tuple[Source, ...]
    level_min: int
    level_max: int
    level_scales: tuple[LevelScale, ...]
    rounding: Rounding
    weight_total: Decimal
    predicates: tuple[Band, ...]
    groups: tuple[GroupSpec, ...]
    notes: tuple[str, ...]
    value_bands: tuple[ValueBand, ...] = ()
    rules: tuple[RuleNote, ...] = ()
    superseded_by: str = ""
    # Where evidence of collaboration (meeting minutes, attendance) goes: indicator codes
    # (SPBE 2020: I19, I20) or item codes (Pemdi 2026: the collaboration items of I4).
    collaboration: tuple[str, ...] = ()
    # Locking the self-assessment is refused while an answer is still a draft, without
    # evidence, without a level or in revisi (docs/framework-format.md, "lock_requires_complete").
    lock_requires_complete: bool = False

    @property
    def is_compiled(self) -> bool:
        return self.status == STATUS_COMPILED

    @property
    def scored_by_level(self) -> bool:
        """Whether every indicator takes an integer level (the SPBE 2020 shape)."""
        return all(item.value_rule == RULE_LEVEL for item, _group in self.indicators())

    def value_band(self, level: int) -> ValueBand:
        return next(band for band in self.value_bands if band.level == level)

    def scale(self, code: str) -> LevelScale:
        return next(scale for scale in self.level_scales if scale.code == code)

    def walk(self) -> Iterator[TreeNode]:
        """Every group in tree order (pre-order: a group, then its subgroups)."""

        def visit(group: GroupSpec, parent: GroupSpec | None, depth: int) -> Iterator[TreeNode]:
            yield TreeNode(group, parent, depth)
            for child in group.groups:
                yield from visit(child, group, depth + 1)

        for top in self.groups:
            yield from visit(top, None, 0)

    def indicators(self) -> Iterator[tuple[IndicatorSpec, GroupSpec]]:
        """Every indicator with its group, in tree order."""
        for node in self.walk():
            for indicator in node.group.indicators:
                yield indicator, node.group

    def indicator_by_key(self, key: object) -> IndicatorSpec | None:
        """The indicator a person means by "19", "I19", "i19" or "I019" (`indicator_key`)."""
        text, number = indicator_key(key)
        if not text:
            return None
        by_number = None
        for indicator, _group in self.indicators():
            if indicator.code.upper() == text:
                return indicator
            if number is not None and indicator.number == number:
                by_number = indicator
        return by_number


_INDICATOR_NUMBER = re.compile(r"I?0*(\d{1,4})")


def indicator_key(key: object) -> tuple[str, int | None]:
    """How people name an indicator, read one way everywhere: the typed text without spaces,
    upper case (to compare with codes), and the number it names, if any ("19", "I19", "i19",
    "I 019" → 19)."""
    text = "".join(str(key).split()).upper()
    found = _INDICATOR_NUMBER.fullmatch(text)
    return text, int(found.group(1)) if found else None


class FrameworkFileError(Exception):
    """A framework file breaks one or more rules; `problems` lists every one found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def report(self, name: str) -> str:
        """A refusal message for the file `name` listing every problem, one per line."""
        header = _(
            "Berkas %(file)s ditolak: %(count)s masalah ditemukan, tidak ada yang disimpan."
        ) % {"file": name, "count": len(self.problems)}
        return "\n".join([header, *(f"- {problem}" for problem in self.problems)])


@dataclass(frozen=True)
class Problem:
    node: str
    message: str

    def __str__(self) -> str:
        return f"{self.node}: {self.message}"
