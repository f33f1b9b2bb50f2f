"""The design system's colours: the stylesheet declares exactly palette.py's values, and every
pair of text and background the stylesheet or the palette uses meets WCAG AA (4.5:1 for text,
3:1 for graphics), computed here from the WCAG relative-luminance formula."""

import re
from fractions import Fraction
from pathlib import Path

import pytest

from simpul.core import palette

CSS = (Path(palette.__file__).parent.parent / "static" / "simpul" / "simpul.css").read_text()
TEXT, GRAPHIC = Fraction(9, 2), Fraction(3)
WHITE = "#ffffff"


def hex6(colour: str) -> str:
    colour = colour.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3}", colour):
        colour = "#" + "".join(c * 2 for c in colour[1:])
    return colour


def root_variables() -> dict[str, str]:
    block = re.search(r":root\{([^}]*)\}", CSS).group(1)
    pairs = (d.split(":", 1) for d in block.replace("\n", "").split(";") if d.strip())
    return {name.strip(): value.strip() for name, value in pairs}


VARIABLES = root_variables()


def resolve(value: str) -> str | None:
    """A declaration's colour as #rrggbb, through var(--x); None for none/inherit/rgba..."""
    value = value.strip()
    found = re.fullmatch(r"var\((--[\w-]+)\)", value)
    if found:
        value = VARIABLES[found.group(1)]
    return hex6(value) if re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}", value) else None


def rules() -> list[tuple[str, dict[str, str]]]:
    text = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        declarations = {}
        for part in body.split(";"):
            if ":" in part:
                name, value = part.split(":", 1)
                declarations[name.strip()] = value.strip()
        found.append((selector.split("{")[-1].strip(), declarations))
    return found


def test_the_contrast_ratio_follows_wcag():
    assert palette.contrast("#000", "#fff") == 21
    assert palette.contrast("#0b5c8e", "#0b5c8e") == 1
    # Known values: #777 on white just fails AA (4.48), #767676 just passes (4.54).
    assert palette.contrast("#777777", WHITE) < TEXT < palette.contrast("#767676", WHITE)
    assert round(float(palette.contrast("#767676", WHITE)), 2) == 4.54


def test_the_stylesheet_declares_the_palette():
    expected = palette.css_variables()
    assert expected, "palette.py declares no colour"
    declared = {name: hex6(VARIABLES[name]) for name in expected if name in VARIABLES}
    assert declared == {name: hex6(value) for name, value in expected.items()}


def test_every_predicate_and_level_has_a_badge_rule():
    for name in palette.PREDICATES:
        key = palette.predicate_key(name)
        assert f".pred-{key}{{color:var(--pred-{key});background:var(--pred-{key}-soft)}}" in CSS
    for level in palette.LEVELS:
        key = palette.level_key(level)
        assert f".level-{key}{{color:var(--level-{key});background:var(--level-{key}-soft)}}" in CSS


SWATCHES = [(f"predikat {n}", s) for n, s in palette.PREDICATES.items()] + [
    (f"tingkat {n}", s) for n, s in palette.LEVELS.items()
]


@pytest.mark.parametrize("name,swatch", SWATCHES, ids=[n for n, _s in SWATCHES])
def test_every_swatch_meets_wcag_aa(name, swatch):
    # Badge text on its own tint and on a white page, a number inside the solid colour.
    assert palette.contrast(swatch.text, swatch.soft) >= TEXT, name
    assert palette.contrast(swatch.text, WHITE) >= TEXT, name
    assert palette.contrast(swatch.text, palette.BASE["bg"]) >= TEXT, name
    assert palette.contrast(swatch.ink, swatch.solid) >= TEXT, name
    # The solid colour as a graphic on white, or, when too light, outlined in --outline.
    outline = palette.BASE["outline"]
    edge = max(palette.contrast(swatch.solid, WHITE), palette.contrast(outline, WHITE))
    assert edge >= GRAPHIC, name


def test_predicate_solids_stand_out_on_white_without_an_outline():
    # Bars and lines of the charts carry the predicate colour alone.
    for name, swatch in palette.PREDICATES.items():
        assert palette.contrast(swatch.solid, WHITE) >= GRAPHIC, name


def test_every_text_and_background_pair_of_the_stylesheet_meets_wcag_aa():
    page = (palette.BASE["card"], palette.BASE["bg"])
    checked, failing = 0, []
    for selector, declarations in rules():
        colour = resolve(declarations.get("color", ""))
        background = resolve(declarations.get("background", ""))
        if colour and background:
            pairs = [(colour, background)]
        elif colour:
            # Text on the header's brand band, anything else on a card or the page.
            on_brand = ".top" in selector or "menu-label" in selector
            on = (palette.BASE["brand"],) if on_brand else page
            pairs = [(colour, b) for b in on]
        elif background:
            pairs = [(palette.BASE["ink"], background)]
        else:
            continue
        for text, behind in pairs:
            checked += 1
            if palette.contrast(text, behind) < TEXT:
                ratio = float(palette.contrast(text, behind))
                failing.append(f"{selector}: {text} on {behind} = {ratio:.2f}")
    assert checked > 30
    assert not failing, failing


def test_the_badge_filters_name_the_palette_class():
    from django.template import Context, Template

    html = Template(
        "{% load simpul %}{{ a|predicate_badge }} {{ b|predicate_badge }} {{ c|predicate_badge }}"
        " {{ 3|level_badge }} {{ none|level_badge }} {{ 9|level_badge }}"
    ).render(Context({"a": "Sangat Baik", "b": "<i>x</i>", "c": None, "none": None}))
    assert html == (
        '<span class="badge pred-sangat-baik">Sangat Baik</span>'
        ' <span class="badge">&lt;i&gt;x&lt;/i&gt;</span> –'
        ' <span class="badge level-3">3</span> <span class="badge level-none">–</span>'
        ' <span class="badge level-none">–</span>'
    )
