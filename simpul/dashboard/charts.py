"""Server-rendered charts: pure functions returning an SVG figure with its data table.

No JavaScript and no library: each chart is inline SVG (prints as vectors) followed by a
<table> with the same numbers, for screen readers, for print and for copying.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from simpul.core import palette
from simpul.core.numbers import number_text

# Every colour of the charts, in one table, so the design system's palette (simpul.css custom
# properties) can be applied in one place. Level colours run light to dark: readable in grey
# when printed, with the number written in.
COLOURS = {
    "grid": "#d1d5db",
    "track": "#f3f4f6",
    "bar": "#1d4ed8",
    "area": "#1d4ed8",
    "band": "#6b7280",
    "ink": "#111827",
    "ink_on_dark": "#ffffff",
    "tile_edge": "#9ca3af",
}
# Tiles and their numbers per level: the design system's palette (simpul/core/palette.py), the
# same colours as the level badges, each number at least 4.5:1 on its tile.
LEVEL_COLOURS = {level: swatch.solid for level, swatch in palette.LEVELS.items()}
LEVEL_INK = {level: swatch.ink for level, swatch in palette.LEVELS.items()}
# One colour and one dash per kind of result (docs/glossary.md): a published national result
# never shares the agency's colour. Other series (a second instrument) take the spare ones.
SERIES_STYLES = {
    "self": ("#1d4ed8", ""),
    "official": ("#b45309", "6 3"),
    "published": ("#7c3aed", "2 3"),
}
SPARE_STYLES = (("#047857", ""), ("#be185d", "6 3"), ("#0e7490", "2 3"))
SERIES_COLOURS = tuple(colour for colour, _dash in (*SERIES_STYLES.values(), *SPARE_STYLES))


@dataclass(frozen=True)
class Cell:
    """One indicator in the heat map."""

    code: str
    number: int
    name: str
    level: int | None
    url: str


Formatter = Callable[[Decimal | None], str]


def two_places(value: Decimal | None) -> str:
    """The default display: two decimals in the reader's format (pass the engine's display)."""
    return number_text(value, 2)


# A predicate band's lower bound drawn on a chart: (predicate name, bound).
Mark = tuple[str, Decimal]


def _figure(svg: str, caption: str, table: str, legend: str = "") -> SafeString:
    # Every dynamic text above went through escape() or format_html().
    return mark_safe(  # noqa: S308
        f'<figure class="chart">{svg}<figcaption>{escape(caption)}</figcaption>'
        f"{legend}{table}</figure>"
    )


def _label(code: str, name: str) -> str:
    return f"{code} {name}".strip() if name else code


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def legend(entries: Sequence[tuple[str, str]]) -> str:
    """A legend under a chart: (swatch HTML, text) each; in the page, so it never overlaps."""
    items = "".join(
        f'<li><span class="swatch" aria-hidden="true">{mark}</span> {escape(text)}</li>'
        for mark, text in entries
    )
    return f'<ul class="chart-legend">{items}</ul>'


def _swatch(colour: str, dash: str = "", shape: str = "line") -> str:
    if shape == "box":
        return (
            f'<svg width="14" height="14" viewBox="0 0 14 14"><rect width="14" height="14" '
            f'fill="{colour}" stroke="{COLOURS["tile_edge"]}"/></svg>'
        )
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg width="24" height="10" viewBox="0 0 24 10"><line x1="0" y1="5" x2="24" y2="5" '
        f'stroke="{colour}" stroke-width="2.5"{dashes}/></svg>'
    )


def _marks_legend(marks: Sequence[Mark], shown: Formatter) -> tuple[str, str]:
    text = ", ".join(f"{name} ≥ {shown(lower)}" for name, lower in marks)
    return _swatch(COLOURS["band"], "3 3"), _("Batas predikat: %(bands)s") % {"bands": text}


def data_table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + f'<th scope="row">{escape(row[0])}</th>'
        + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="table-wrap"><table class="chart-data"><caption class="sr">'
        f"{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def radar(
    points: Sequence[tuple[str, str, Decimal | None]],
    maximum: int,
    caption: str,
    shown: Formatter = two_places,
    group: str = "",
) -> SafeString:
    """Groups around a circle: (code, name, index) each, scaled 0..maximum; the legend names
    every code and says what the rings and the shape are."""
    size, centre, radius = 320, 160, 110
    count = max(len(points), 3)
    parts = [
        f'<svg viewBox="0 0 {size} {size}" role="img" aria-label="{escape(caption)}" '
        f'class="radar" width="100%" style="max-width:{size}px">'
    ]

    def at(i: int, r: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / count
        return centre + r * math.cos(angle), centre + r * math.sin(angle)

    for ring in range(1, maximum + 1):
        ring_points = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (at(i, radius * ring / maximum) for i in range(count))
        )
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="{COLOURS["grid"]}"/>')
        parts.append(
            f'<text x="{centre + 3}" y="{centre - radius * ring / maximum - 2:.1f}" '
            f'font-size="10" fill="{COLOURS["band"]}">{ring}</text>'
        )
    shape = []
    for i, (code, name, value) in enumerate(points):
        x, y = at(i, radius)
        parts.append(
            f'<line x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" '
            f'stroke="{COLOURS["grid"]}"/>'
        )
        lx, ly = at(i, radius + 22)
        parts.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle" font-size="12">'
            f"<title>{escape(_label(code, name))}</title>{escape(code)}</text>"
        )
        share = float(value or 0) / maximum
        shape.append("{:.1f},{:.1f}".format(*at(i, radius * share)))
    area = COLOURS["area"]
    parts.append(
        f'<polygon points="{" ".join(shape)}" fill="{area}" fill-opacity="0.25" '
        f'stroke="{area}" stroke-width="2"/>'
    )
    parts.append("</svg>")
    kind = group or _("Kelompok")
    table = data_table(
        caption, [_("Kode"), kind, _("Indeks")], [(c, n, shown(v)) for c, n, v in points]
    )
    entries = [
        (_swatch(area), _("Bidang biru: indeks setiap kelompok")),
        (_swatch(COLOURS["grid"]), _("Lingkaran: tingkat 1 sampai %(max)s") % {"max": maximum}),
        *(("", f"{code}: {name}") for code, name, _value in points),
    ]
    return _figure("".join(parts), caption, table, legend(entries))


def bars(
    rows: Sequence[tuple[str, str, Decimal | None]],
    maximum: int,
    caption: str,
    shown: Formatter = two_places,
    marks: Sequence[Mark] = (),
    group: str = "",
) -> SafeString:
    """Horizontal bars: (code, name, index) each, scaled 0..maximum, labelled with the code and
    the name; predicate bounds (`marks`) as dashed lines."""
    # About as wide as a phone's column, so the 13 px labels stay about 12 px there.
    row_height, label_width, bar_width, top = 24, 150, 150, 4
    height = row_height * len(rows) + top + 6
    width = label_width + bar_width + 46
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(caption)}" '
        f'class="bars" width="100%" style="max-width:{width * 1.4:.0f}px">'
    ]
    for i, (code, name, value) in enumerate(rows):
        y = top + i * row_height
        length = bar_width * float(value or 0) / maximum
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="13"><title>{escape(_label(code, name))}</title>'
            f"{escape(_short(_label(code, name), 21))}</text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{bar_width}" height="15" '
            f'fill="{COLOURS["track"]}"/>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="15" '
            f'fill="{COLOURS["bar"]}"/>'
            f'<text x="{label_width + bar_width + 5}" y="{y + 15}" font-size="13">'
            f"{escape(shown(value))}</text>"
        )
    # The bounds' values are in the legend: written above the bars they would collide.
    for _name, lower in marks:
        x = label_width + bar_width * float(lower) / maximum
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 2}" y2="{height - 4}" '
            f'stroke="{COLOURS["band"]}" stroke-dasharray="3 3"/>'
        )
    parts.append("</svg>")
    kind = group or _("Kelompok")
    table = data_table(
        caption, [_("Kode"), kind, _("Indeks")], [(c, n, shown(v)) for c, n, v in rows]
    )
    entries = [(_swatch(COLOURS["bar"]), _("Batang: indeks setiap kelompok"))]
    if marks:
        entries.append(_marks_legend(marks, shown))
    return _figure("".join(parts), caption, table, legend(entries))


def heat_map(
    cells: Sequence[Cell], caption: str, levels: Sequence[int] = (1, 2, 3, 4, 5)
) -> SafeString:
    """Every indicator as a square coloured by its level, each a link to its answer. Seven
    squares a row, so the digits stay at least 12 px on a phone."""
    per_row, side, gap = 7, 42, 4
    lines = max(1, math.ceil(len(cells) / per_row))
    width, height = per_row * (side + gap), lines * (side + gap)
    # Tiles that link are a group of links, not one image (axe: nested-interactive).
    role = "group" if any(cell.url for cell in cells) else "img"
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="{role}" aria-label="{escape(caption)}" '
        f'class="heat" width="100%" style="max-width:{width * 1.5}px">'
    ]
    for i, cell in enumerate(cells):
        x, y = (i % per_row) * (side + gap), (i // per_row) * (side + gap)
        colour = LEVEL_COLOURS.get(cell.level, LEVEL_COLOURS[None])
        ink = LEVEL_INK.get(cell.level, LEVEL_INK[None])
        level = "–" if cell.level is None else str(cell.level)
        tile = format_html(
            '<title>{} {}: {}</title>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}"/>'
            '<text x="{}" y="{}" font-size="13" text-anchor="middle" fill="{}">{}</text>'
            '<text x="{}" y="{}" font-size="16" font-weight="bold" text-anchor="middle" '
            'fill="{}">{}</text>',
            cell.code, cell.name, level,
            x, y, side, side, colour, COLOURS["tile_edge"],
            x + side // 2, y + 15, ink, cell.number,
            x + side // 2, y + 35, ink, level,
        )  # fmt: skip
        # A tile links to its answer only for a viewer who may open it.
        parts.append(format_html('<a href="{}">{}</a>', cell.url, tile) if cell.url else tile)
    parts.append("</svg>")
    body = "".join(
        format_html(
            '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
            format_html('<a href="{}">{}</a>', cell.url, cell.code) if cell.url else cell.code,
            cell.name,
            "–" if cell.level is None else cell.level,
        )
        for cell in cells
    )
    entries = [
        (_swatch(LEVEL_COLOURS.get(level, LEVEL_COLOURS[None]), shape="box"), str(level))
        for level in levels
    ]
    entries.append((_swatch(LEVEL_COLOURS[None], shape="box"), _("– belum ada tingkat")))
    how = _("Kotak: nomor indikator di atas, tingkat di bawah. Warna menurut tingkat:")
    key = f'<p class="small muted chart-key">{escape(how)}</p>' + legend(entries).replace(
        'class="chart-legend"', 'class="chart-legend level-key"', 1
    )
    # 47 rows would make the phone page long: folded, still in the page for screen readers.
    table = (
        f'<details class="data"><summary>{escape(caption)}: tabel</summary>'
        '<div class="table-wrap"><table class="chart-data"><caption class="sr">'
        f"{escape(caption)}</caption>"
        f'<thead><tr><th scope="col">{escape(_("Kode"))}</th>'
        f'<th scope="col">{escape(_("Indikator"))}</th>'
        f'<th scope="col">{escape(_("Tingkat"))}</th></tr></thead>'
        f"<tbody>{body}</tbody></table></div></details>"
    )
    return _figure("".join(parts), caption, table, key)


def trend(
    years: Sequence[int],
    series: Sequence[tuple],
    maximum: int,
    caption: str,
    shown: Formatter = two_places,
    marks: Sequence[Mark] = (),
) -> SafeString:
    """One line per series over the years: (name, {year: index}[, kind]) each, scaled
    0..maximum; the kind ("self", "official", "published") fixes its colour and dash. The
    legend sits under the chart, so long names never overlap."""
    width, height, left, bottom, top = 360, 200, 34, 24, 10
    span = max(len(years) - 1, 1)
    plot_w, plot_h = width - left - 16, height - bottom - top

    def x_of(i: int) -> float:
        return left + plot_w * i / span

    def y_of(value: Decimal) -> float:
        return top + plot_h * (1 - float(value) / maximum)

    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(caption)}" '
        f'class="trend" width="100%" style="max-width:{width * 1.5}px">'
    ]
    for level in range(maximum + 1):
        y = y_of(Decimal(level))
        parts.append(
            f'<line x1="{left}" x2="{width - 16}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{COLOURS["track"]}"/>'
            f'<text x="4" y="{y + 4:.1f}" font-size="11">{level}</text>'
        )
    for _name, lower in marks:
        y = y_of(lower)
        parts.append(
            f'<line x1="{left}" x2="{width - 16}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{COLOURS["band"]}" stroke-dasharray="3 3"/>'
        )
    for i, year in enumerate(years):
        parts.append(
            f'<text x="{x_of(i):.1f}" y="{height - 6}" font-size="11" '
            f'text-anchor="middle">{year}</text>'
        )
    spare = iter(SPARE_STYLES * 4)
    entries = []
    for entry in series:
        name, values = entry[0], entry[1]
        kind = entry[2] if len(entry) > 2 else ""
        colour, dash = SERIES_STYLES[kind] if kind in SERIES_STYLES else next(spare)
        points = [(x_of(i), y_of(values[y])) for i, y in enumerate(years) if values.get(y)]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dashes}/>'
            )
        for x, y in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        entries.append((_swatch(colour, dash), name))
    if marks:
        entries.append(_marks_legend(marks, shown))
    parts.append("</svg>")
    rows = [(str(year), *(shown(entry[1].get(year)) for entry in series)) for year in years]
    table = data_table(caption, [_("Tahun"), *(entry[0] for entry in series)], rows)
    return _figure("".join(parts), caption, table, legend(entries))
