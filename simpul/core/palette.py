"""The one source of Simpul's colours for predicates and levels, shared by the stylesheet's
custom properties (`simpul/static/simpul/simpul.css`), the SVG charts and the PDF templates.

A swatch has three colours that belong together:

- `text` on `soft`: a badge (small text, at least 4.5:1 against `soft` and against white);
- `solid`: a bar, a line or a tile on a white page (a graphic, at least 3:1 against white);
- `ink` on `solid`: a number written inside that bar or tile (small text, at least 4.5:1).

`simpul/core/tests/test_palette.py` checks that the stylesheet's variables equal these values
and computes every contrast ratio (WCAG 2.x relative luminance). Change a colour here and in
the `:root` of simpul.css together; `css_variables()` prints the block to paste.

The five predicate names are the same in SPBE 2020 and Indeks Pemdi 2026 (the bounds differ,
they come from the framework files, never from here).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.utils.text import slugify


@dataclass(frozen=True)
class Swatch:
    text: str
    soft: str
    solid: str
    ink: str


# Worst to best: red, orange, ochre, green, blue. Each step is also darker or lighter enough
# in `solid` to tell apart in grey print; the name is always written beside the colour.
PREDICATES: dict[str, Swatch] = {
    "Kurang": Swatch(text="#8c1d18", soft="#fdecea", solid="#b3261e", ink="#ffffff"),
    "Cukup": Swatch(text="#8a4b00", soft="#fff1de", solid="#b45309", ink="#ffffff"),
    "Baik": Swatch(text="#6b5900", soft="#fdf6c9", solid="#8a7300", ink="#ffffff"),
    "Sangat Baik": Swatch(text="#1e6b3a", soft="#e3f4e8", solid="#2f7d4f", ink="#ffffff"),
    "Memuaskan": Swatch(text="#0b4f7a", soft="#e3eff8", solid="#0b5c8e", ink="#ffffff"),
}

# Levels light to dark (readable in grey when printed, the number always written in):
# None = no level yet, 0 = "tidak ada" on scales that have it, then 1..5.
LEVELS: dict[int | None, Swatch] = {
    None: Swatch(text="#3d4654", soft="#eef0f3", solid="#e5e7eb", ink="#1d2430"),
    0: Swatch(text="#8c1d18", soft="#fdecea", solid="#fde2e1", ink="#1d2430"),
    1: Swatch(text="#8c1d18", soft="#fdecea", solid="#fca5a5", ink="#1d2430"),
    2: Swatch(text="#7a4a00", soft="#fff4d6", solid="#fcd34d", ink="#1d2430"),
    3: Swatch(text="#2f6a28", soft="#ebf6e8", solid="#a7d8a0", ink="#1d2430"),
    4: Swatch(text="#1e6b3a", soft="#e3f4e8", solid="#2f7d4f", ink="#ffffff"),
    5: Swatch(text="#174d2e", soft="#dcefe3", solid="#1f5f3a", ink="#ffffff"),
}

# The page: text and surfaces every other colour is checked against.
BASE: dict[str, str] = {
    "ink": "#1d2430",
    "muted": "#5b6677",
    "line": "#d9dee6",
    "bg": "#f6f7f9",
    "card": "#ffffff",
    "brand": "#0b5c8e",
    "brand-2": "#e8f1f8",
    "ok": "#1e7b45",
    "warn": "#9a5b00",
    "bad": "#b3261e",
    # The border of a tile or badge whose fill is too light to stand out from white (3:1).
    "outline": "#6b7683",
}


def predicate_key(name: str | None) -> str:
    """The CSS suffix of a predicate: "Sangat Baik" -> "sangat-baik" ("" when unknown)."""
    return slugify(name) if name in PREDICATES else ""


def level_key(level: int | None) -> str:
    return "none" if level is None else str(level)


def predicate(name: str | None) -> Swatch:
    return PREDICATES.get(name or "", LEVELS[None])


def level(value: int | None) -> Swatch:
    return LEVELS.get(value, LEVELS[None])


def css_variables() -> dict[str, str]:
    """Every custom property the stylesheet must declare in :root, name -> colour."""
    found = {f"--{name}": value for name, value in BASE.items()}
    for name, swatch in PREDICATES.items():
        key = predicate_key(name)
        found |= _swatch(f"--pred-{key}", swatch)
    for value, swatch in LEVELS.items():
        found |= _swatch(f"--level-{level_key(value)}", swatch)
    return found


def print_css() -> str:
    """The badge colours as plain CSS rules for documents without simpul.css (the report PDF):
    the same `pred-*` and `level-*` classes, the same colours as on the pages."""
    rules = [".badge{display:inline-block;padding:0 .4em;border-radius:.6em}"]
    for name, swatch in PREDICATES.items():
        rules.append(f".pred-{predicate_key(name)}{{color:{swatch.text};background:{swatch.soft}}}")
    for value, swatch in LEVELS.items():
        rules.append(f".level-{level_key(value)}{{color:{swatch.text};background:{swatch.soft}}}")
    return "\n".join(rules)


def _swatch(prefix: str, swatch: Swatch) -> dict[str, str]:
    return {
        prefix: swatch.text,
        f"{prefix}-soft": swatch.soft,
        f"{prefix}-solid": swatch.solid,
        f"{prefix}-ink": swatch.ink,
    }


def relative_luminance(colour: str) -> Fraction:
    """WCAG 2.x relative luminance of #rgb/#rrggbb, as an exact fraction of the sRGB formula
    (the power is taken in floating point, then kept exact: enough for a 4.5 threshold)."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    weights = (Fraction("0.2126"), Fraction("0.7152"), Fraction("0.0722"))
    return sum((w * Fraction(c) for w, c in zip(weights, linear, strict=True)), Fraction(0))


def contrast(first: str, second: str) -> Fraction:
    """WCAG contrast ratio (L1 + 0.05) / (L2 + 0.05), 1 to 21."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + Fraction(1, 20)) / (b + Fraction(1, 20))
