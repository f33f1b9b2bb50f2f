"""Indicator values that are not a chosen level: earned item by item, or taken from another index.

Pure and exact: every value is a `Fraction` (7/6 stays 7/6, never 1.17) and only display
rounds. The rules come from the framework's data (value bands, external bands), so a
disputed reading is an edit of the framework file, not of this code. The rules and their
sources are in docs/index-engine.md (Pemdi 2026: scoring rules R1, R5, R7 and R8).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from simpul.frameworks.spec import ExternalIndex, ValueBand, decimal_text

VERDICT_ACCEPTED = "diterima"
VERDICT_REVISION = "revisi"
VERDICT_REJECTED = "ditolak"
VERDICTS = (VERDICT_ACCEPTED, VERDICT_REVISION, VERDICT_REJECTED)

SOURCE_LEVEL = "level"
SOURCE_ITEMS = "items"
SOURCE_EXTERNAL = "external"
SOURCE_VALUE = "value"

# Significant digits of an exact value that does not terminate in decimal (e.g. 7/6).
EXACT_DIGITS = 40


@dataclass(frozen=True, slots=True)
class ItemsReached:
    """What an indicator's item verdicts give by rule R5."""

    value: Fraction
    level: int  # the first level not complete (the top level when every level is)
    accepted: int  # accepted items at that level
    items: int  # items at that level


def items_value(
    accepted: Sequence[int], totals: Sequence[int], bands: Sequence[ValueBand]
) -> ItemsReached:
    """Rule R5: the first level whose items are not all accepted decides the value.

    Its value is that level's band floor plus the band width × accepted ÷ items at that level;
    levels above it do not count (gating). When every level is complete the value is the top
    band's ceiling (5.00). `accepted`, `totals` and `bands` run from the lowest level up.
    """
    for count, total, band in zip(accepted, totals, bands, strict=True):
        if count < total:
            value = Fraction(band.lower) + Fraction(band.width) * Fraction(count, total)
            return ItemsReached(value, band.level, count, total)
    top = bands[-1]
    return ItemsReached(Fraction(top.upper), top.level, totals[-1], totals[-1])


def external_value(score: Decimal, index: ExternalIndex, bands: Sequence[ValueBand]) -> Fraction:
    """Rule R8: a score in the external index's own scale, converted linearly in its band.

    A score inside the native band of level L maps linearly onto level L's value band; a
    score exactly on a bound belongs to the higher band, and the top of the native scale
    maps to the top of the value scale. Raises ValueError for a score outside the scale.
    """
    if not index.minimum <= score <= index.maximum:
        raise ValueError(f"score {score} is outside {index.minimum}–{index.maximum}")
    by_level = {band.level: band for band in bands}
    if score == index.maximum:
        return Fraction(by_level[index.bands[-1].level].upper)
    for native in index.bands:
        if native.lower <= score < native.upper:
            band = by_level[native.level]
            share = (Fraction(score) - Fraction(native.lower)) / (
                Fraction(native.upper) - Fraction(native.lower)
            )
            return Fraction(band.lower) + Fraction(band.width) * share
    raise AssertionError("native bands cover the scale")  # pragma: no cover - validated


def band_of(value: Fraction, bands: Sequence[ValueBand]) -> ValueBand:
    """The value band that holds `value` (bands meet edge to edge, one side owns the edge)."""
    for band in bands:
        if band.contains(value):
            return band
    raise ValueError(f"{value} is outside every value band")


def exact_text(value: Fraction | Decimal) -> str:
    """An exact value as decimal text: every digit when it terminates, else 40 significant.

    1/4 → "0.25", 7/6 → "1.166666666666666666666666666666666666667".
    """
    if isinstance(value, Decimal):
        return decimal_text(value)
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator == 1:
        places = max(twos, fives)
        scaled = value.numerator * 10**places // value.denominator
        return decimal_text(Decimal(scaled).scaleb(-places))
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        return decimal_text(Decimal(value.numerator) / Decimal(value.denominator))


def fraction_text(value: Fraction) -> str:
    """The value as a ratio, "7/6", or "2" when it is whole."""
    return str(value)
