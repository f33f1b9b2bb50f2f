from decimal import Decimal
from fractions import Fraction

import pytest
from django.template import Context, Template
from django.utils import translation

from simpul.core.numbers import gap_text, number_text, parse_number, signed_text


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


def test_numbers_are_written_with_a_decimal_comma_and_thousands_dots():
    assert number_text(Decimal("3.6125"), 2) == "3,61"
    assert number_text(Decimal("3.615"), 2) == "3,62"  # half up, on the exact value
    assert number_text(Decimal("1234567.5"), 2) == "1.234.567,50"
    assert number_text(Fraction(7, 6)) == "1,17"
    assert (
        number_text(Decimal("-0.25"), 2) == "−0,25" and number_text(Decimal("-0.001"), 2) == "0,00"
    )
    assert number_text(None) == "–" and number_text(4) == "4"


def test_an_engine_display_string_is_reformatted_and_other_text_left_alone():
    assert number_text("3.61") == "3,61" and number_text("+0.25") == "+0,25"
    assert number_text("−0.10") == "−0,10" and number_text("±0.00") == "±0,00"
    assert number_text("Sangat Baik") == "Sangat Baik" and number_text("1.12.2025") == "1.12.2025"


def test_in_english_the_dot_stays():
    with translation.override("en"):
        assert number_text(Decimal("1234.5"), 2) == "1,234.50"


def test_changes_carry_their_sign_and_gaps_round_up():
    assert signed_text(Decimal("0.25")) == "+0,25"
    assert signed_text(Decimal("-0.1")) == "−0,10"
    assert signed_text(Decimal("0.001")) == "±0,00"
    assert gap_text(Decimal("0.001"), 2) == "0,01"  # still short: never shown as 0,00
    assert gap_text(Fraction(1, 3), 2) == "0,34"


@pytest.mark.parametrize(
    "typed,value",
    [("3,61", "3.61"), ("3.61", "3.61"), (" 3,5 ", "3.5"), ("1.234,5", "1234.5"),
     ("1,234.5", "1234.5"), ("−0,5", "-0.5"), ("4", "4")],
)  # fmt: skip
def test_typed_numbers_are_read_with_a_comma_or_a_dot(typed, value):
    assert parse_number(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["", "tiga", "3,6,1", "3..6", "1e3"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ValueError):
        parse_number(typed)


def test_the_template_filters():
    html = Template(
        "{% load simpul %}{{ a|angka }} {{ b|angka:2 }} {{ c|selisih }} {{ d|angka }}"
    ).render(Context({"a": "3.22", "b": Decimal("3.6125"), "c": Decimal("-0.2"), "d": None}))
    assert html == "3,22 3,61 −0,20 —"
