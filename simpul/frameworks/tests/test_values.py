"""values.py on its own: rule R8 conversion edge cases and the exact decimal text of a value.

The objects are built here (no framework file): an IPS-like index on 1–5 whose native bands
are not the value bands, so that a score on a bound shows which band it falls in.
"""

from decimal import Decimal
from fractions import Fraction

import pytest

from simpul.frameworks.spec import ExternalBand, ExternalIndex, ValueBand
from simpul.frameworks.values import ExternalConversion, exact_text, fraction_text


def value_bands() -> tuple[ValueBand, ...]:
    """Pemdi 2026 Table 4: [1; 1.5) [1.5; 2.5) [2.5; 3.5) [3.5; 4) [4; 5]."""
    edges = ["1", "1.5", "2.5", "3.5", "4", "5"]
    return tuple(
        ValueBand(level, Decimal(edges[level - 1]), True, Decimal(edges[level]), level == 5)
        for level in range(1, 6)
    )


def external_index(edges: list[tuple[str, str]]) -> ExternalIndex:
    return ExternalIndex(
        code="IPS",
        name="Indeks Pembangunan Statistik",
        issuer="BPS",
        minimum=Decimal(edges[0][0]),
        maximum=Decimal(edges[-1][1]),
        bands=tuple(
            ExternalBand(level, Decimal(lower), Decimal(upper))
            for level, (lower, upper) in enumerate(edges, start=1)
        ),
        missing_value=Decimal("1"),
    )


IPS_EDGES = [("1", "1.8"), ("1.8", "2.6"), ("2.6", "3.5"), ("3.5", "4.2"), ("4.2", "5")]


@pytest.fixture
def ips() -> ExternalConversion:
    return ExternalConversion(external_index(IPS_EDGES), value_bands())


def test_the_conversion_keeps_its_index_and_value_is_the_converted_value(ips):
    index = external_index(IPS_EDGES)
    conversion = ExternalConversion(index, value_bands())
    assert conversion.index is index
    # 2.2 is halfway through level 2's native band 1.8–2.6: halfway through 1.5–2.5.
    assert conversion.value(Decimal("2.2")) == Fraction(2)
    assert conversion.convert(Decimal("2.2")) == (Fraction(2), 2)
    # 1.9 is 1/8 of that band: 1.5 + 1/8.
    assert ips.value(Decimal("1.9")) == Fraction(13, 8)


@pytest.mark.parametrize(
    ("score", "value", "level"),
    [
        ("1", Fraction(1), 1),
        ("1.8", Fraction(3, 2), 2),
        ("2.6", Fraction(5, 2), 3),
        ("3.5", Fraction(7, 2), 4),
        ("4.2", Fraction(4), 5),
        ("5", Fraction(5), 5),
    ],
)
def test_a_score_on_a_bound_belongs_to_the_higher_band(ips, score, value, level):
    assert ips.convert(Decimal(score)) == (value, level)


@pytest.mark.parametrize("score", ["0.99", "5.01"])
def test_a_score_outside_the_scale_is_refused_with_the_scale_named(ips, score):
    with pytest.raises(ValueError) as raised:
        ips.value(Decimal(score))
    assert str(raised.value) == f"score {score} is outside 1–5"


def test_native_bands_that_leave_a_gap_fail_loudly_instead_of_giving_a_value():
    # The framework checker refuses such bands; built by hand, the gap 2.6–3 has no band.
    gap = [("1", "1.8"), ("1.8", "2.6"), ("3", "3.5"), ("3.5", "4.2"), ("4.2", "5")]
    conversion = ExternalConversion(external_index(gap), value_bands())
    assert conversion.convert(Decimal("3")) == (Fraction(5, 2), 3)
    with pytest.raises(AssertionError) as raised:
        conversion.convert(Decimal("2.8"))
    assert str(raised.value) == "native bands cover the scale"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("2.750"), "2.75"),
        (Fraction(2), "2"),
        (Fraction(1, 4), "0.25"),
        (Fraction(-3, 8), "-0.375"),
        (Fraction(3, 40), "0.075"),
        (Fraction(1, 125), "0.008"),
        # 19 significant digits: more than a float holds, every one kept.
        (Fraction(12345678901234567, 8), "1543209862654320.875"),
        (Fraction(7, 6), "1.166666666666666666666666666666666666667"),
        (Fraction(1, 3), "0." + "3" * 40),
        # 1/(2 × (2**60 + 1)) does not terminate: 40 significant digits, rounded.
        (
            Fraction(1, 2 * (2**60 + 1)),
            "0.0000000000000000004336808689942017732268229280848446823466",
        ),
    ],
)
def test_exact_text_keeps_every_digit_of_a_terminating_value_else_40(value, text):
    assert exact_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        # 1/2**50 = 5**50 / 10**50: 35 significant digits.
        (Fraction(1, 2**50), "0." + "0" * (50 - len(str(5**50))) + str(5**50)),
        # (10**25 + 1) / 5**25 = 33554432.0000000000000000033554432: 33 significant digits.
        (Fraction(10**25 + 1, 5**25), "33554432.0000000000000000033554432"),
        # A Decimal of 34 digits keeps them all, its trailing zero dropped.
        (Decimal("12345678901234567890123456789012.50"), "12345678901234567890123456789012.5"),
    ],
)
def test_exact_text_keeps_every_digit_of_a_long_terminating_value(value, text):
    assert exact_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"), [(Fraction(7, 6), "7/6"), (Fraction(4, 2), "2"), (Fraction(-1, 3), "-1/3")]
)
def test_fraction_text_is_the_ratio_or_the_whole_number(value, text):
    assert fraction_text(value) == text
