"""Indicator values that are not a chosen level: earned item by item, or taken from another index.

Pure and exact: every value is a `Fraction` (7/6 stays 7/6, never 1.17) and only display
rounds. The rules come from the framework's data (value bands, external bands), so a
disputed reading is an edit of the framework file, not of this code. The rules and their
sources are in docs/index-engine.md (Pemdi 2026: scoring rules R1, R5, R7 and R8).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext
from fractions import Fraction

from simpul.frameworks.spec import ExternalIndex, ValueBand, decimal_text

VERDICT_ACCEPTED = "accepted"
VERDICT_REVISION = "revision"
VERDICT_REJECTED = "rejected"
VERDICTS = (VERDICT_ACCEPTED, VERDICT_REVISION, VERDICT_REJECTED)
# The Indonesian verdicts written before the English slugs (issue 15): still read as input.
REPLACED_VERDICTS = {
    "diterima": VERDICT_ACCEPTED,
    "revisi": VERDICT_REVISION,
    "ditolak": VERDICT_REJECTED,
}

SOURCE_LEVEL = "level"
SOURCE_ITEMS = "items"
SOURCE_EXTERNAL = "external"
SOURCE_VALUE = "value"

# Significant digits of an exact value that does not terminate in decimal (e.g. 7/6).
EXACT_DIGITS = 40


class ExternalConversion:
    """Rule R8 for one external index: a score in its own scale → the indicator's value.

    A score inside the native band of level L maps linearly onto level L's value band; a
    score exactly on a bound belongs to the higher band, and the top of the native scale
    maps to the top of the value scale. Built once per framework version: each band's
    edges are kept as integer ratios so that a conversion builds a single Fraction.
    """

    def __init__(self, index: ExternalIndex, bands: Sequence[ValueBand]) -> None:
        by_level = {band.level: band for band in bands}
        self.index = index
        self.minimum, self.maximum = index.minimum, index.maximum
        self.top_level = index.bands[-1].level
        self.top = Fraction(by_level[self.top_level].upper)
        self.missing = Fraction(index.missing_value)
        self.missing_level = next(band.level for band in bands if band.contains(self.missing))
        self.bands = []
        for native in index.bands:
            band = by_level[native.level]
            self.bands.append(
                (
                    native.lower,
                    native.upper,
                    Fraction(native.lower),
                    Fraction(native.upper - native.lower),
                    Fraction(band.lower),
                    Fraction(band.width),
                    native.level,
                )
            )

    def value(self, score: Decimal) -> Fraction:
        """The value of `score`; ValueError for a score outside the index's scale."""
        return self.convert(score)[0]

    def convert(self, score: Decimal) -> tuple[Fraction, int]:
        """The value of `score` and the level of the native band it falls in."""
        if not self.minimum <= score <= self.maximum:
            raise ValueError(f"score {score} is outside {self.minimum}–{self.maximum}")
        if score == self.maximum:
            return self.top, self.top_level
        n, d = score.as_integer_ratio()
        for lower, upper, lo, span, floor, width, level in self.bands:
            if lower <= score < upper:
                # floor + width × (n/d − lo) / span, over one common denominator.
                numerator = (
                    width.numerator * span.denominator * (n * lo.denominator - lo.numerator * d)
                )
                denominator = width.denominator * span.numerator * d * lo.denominator
                return floor + Fraction(numerator, denominator), level
        raise AssertionError("native bands cover the scale")  # pragma: no cover - validated


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
        return decimal_text(Decimal(f"{scaled}E-{places}"))  # exact: no context rounding
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        return decimal_text(Decimal(value.numerator) / Decimal(value.denominator))


def fraction_text(value: Fraction) -> str:
    """The value as a ratio, "7/6", or "2" when it is whole."""
    return str(value)
