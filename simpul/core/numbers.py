"""Numbers as people read them: the one place an index, a gain or a gap becomes text.

Exact values (`Decimal`, `Fraction`) come in and a string goes out, rounded only here. The
separators follow the active language through Django's formats: in Indonesian "3,61" and
"1.234,50", in English "3.61" and "1,234.50". Everything shown to a person goes through
`number_text` (template filter `angka`), `index_text` (an engine's display precision) or
`signed_text` (a change, with its sign). `parse_number` reads what a person typed, with a
comma or a dot as the decimal mark.
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from django.utils import formats

EMPTY = "–"
MINUS = "−"  # U+2212: a minus sign, not a hyphen
SIGNS = "+-−±"
Number = Decimal | Fraction | int


def rounded(value: Number, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """`value` rounded to `places` decimals, decided on the exact value (a Fraction too)."""
    step = Decimal(1).scaleb(-places)
    if isinstance(value, Fraction):
        scaled = value * 10**places
        if rounding == ROUND_CEILING:
            whole = -((-scaled.numerator) // scaled.denominator)
        else:  # half away from zero
            whole = int(abs(scaled) + Fraction(1, 2)) * (1 if scaled >= 0 else -1)
        return Decimal(whole).scaleb(-places)
    return Decimal(value).quantize(step, rounding=rounding)


def _digits(value: Decimal) -> str:
    places = max(0, -value.as_tuple().exponent) if value.is_finite() else 0
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def number_text(value, places: int | None = None) -> str:
    """A number for reading: `places` decimals (None: as many as the value carries).

    Accepts a Decimal, Fraction or int, or a numeric string such as an engine's display
    ("3.61", "+0.25", "−0.10"); any other text is returned as it is, None gives "–".
    """
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return _text_number(value, places)
    if isinstance(value, float):
        value = Decimal(str(value))
    if places is None and isinstance(value, Fraction):
        places = 2
    shown = rounded(value, places) if places is not None else Decimal(value)
    if shown == 0:
        shown = abs(shown)  # never "-0,00"
    text = _digits(abs(shown))
    return MINUS + text if shown < 0 else text


def _text_number(text: str, places: int | None) -> str:
    stripped = text.strip()
    sign = ""
    if stripped[:1] and stripped[:1] in SIGNS:
        sign, stripped = stripped[:1], stripped[1:]
    if not re.fullmatch(r"\d+(\.\d+)?", stripped):
        return text
    shown = number_text(Decimal(stripped), places)
    if sign == "-":
        sign = MINUS
    return sign + shown


def index_text(engine, value: Number | None) -> str:
    """An index (or group index, gap, change size) at the engine's display precision."""
    if value is None:
        return EMPTY
    return number_text(Decimal(engine.display(value)))


def signed_text(value: Number | None, places: int = 2, engine=None) -> str:
    """A change with its sign: "+0,25", "−0,10", "±0,00" (rounded to zero)."""
    if value is None:
        return EMPTY
    size = abs(value)
    shown = index_text(engine, size) if engine is not None else number_text(size, places)
    zero = index_text(engine, Decimal(0)) if engine is not None else number_text(Decimal(0), places)
    if shown == zero:
        return "±" + shown
    return ("+" if value > 0 else MINUS) + shown


def minus(a: Number, b: Number) -> Decimal | Fraction:
    """a − b exactly, also when one of them is a Fraction (frameworks valued item by item)."""
    if isinstance(a, Fraction) or isinstance(b, Fraction):
        return Fraction(a) - Fraction(b)
    return Decimal(a) - Decimal(b)


def gap_text(value: Number, places: int) -> str:
    """A distance still to go, rounded up: a gap of 0.001 is shown as 0,01, never as 0,00."""
    return number_text(rounded(value, places, ROUND_CEILING), places)


def parse_number(text: str) -> Decimal:
    """What a person typed as a number: "3,61", "3.61", "1.234,5" or "1,234.5".

    Raises ValueError when it is not one. With one separator only, it is the decimal mark
    (an index or a target is never typed with a thousands separator alone).
    """
    cleaned = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if cleaned.startswith(MINUS):
        cleaned = "-" + cleaned[1:]
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    else:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only numbers
        raise ValueError(text) from exc


def cell_format(places: int) -> str:
    """A spreadsheet number format with `places` decimals ("0.00"): shown per the reader's
    locale by Excel and LibreOffice (3,61 in Indonesian)."""
    return "0" if places <= 0 else "0." + "0" * places


def places_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
