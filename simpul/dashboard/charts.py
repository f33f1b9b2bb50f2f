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

# Level colours, light to dark: readable in grey when printed, with the number written in.
LEVEL_COLOURS = {
    None: "#e5e7eb",
    0: "#fde2e1",
    1: "#fca5a5",
    2: "#fcd34d",
    3: "#a7d8a0",
    4: "#4fa36b",
    5: "#1f6f43",
}
SERIES_COLOURS = ("#1d4ed8", "#b45309", "#047857", "#7c3aed")


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
    """The default display: two decimals (pass the engine's display for its rounding)."""
    return "–" if value is None else f"{value:.2f}"


def _figure(svg: str, caption: str, table: str) -> SafeString:
    # Every dynamic text above went through escape() or format_html().
    return mark_safe(  # noqa: S308
        f'<figure class="chart">{svg}<figcaption>{escape(caption)}</figcaption>{table}</figure>'
    )


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
) -> SafeString:
    """Domains around a circle: (code, name, index) each, scaled 0..maximum."""
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
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="#d1d5db"/>')
    shape = []
    for i, (code, _name, value) in enumerate(points):
        x, y = at(i, radius)
        parts.append(
            f'<line x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d1d5db"/>'
        )
        lx, ly = at(i, radius + 22)
        parts.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle" font-size="12">'
            f"{escape(code)}</text>"
        )
        share = float(value or 0) / maximum
        shape.append("{:.1f},{:.1f}".format(*at(i, radius * share)))
    parts.append(
        f'<polygon points="{" ".join(shape)}" fill="#1d4ed8" fill-opacity="0.25" '
        'stroke="#1d4ed8" stroke-width="2"/>'
    )
    parts.append("</svg>")
    table = data_table(
        caption, ["Kode", "Domain", "Indeks"], [(c, n, shown(v)) for c, n, v in points]
    )
    return _figure("".join(parts), caption, table)


def bars(
    rows: Sequence[tuple[str, str, Decimal | None]],
    maximum: int,
    caption: str,
    shown: Formatter = two_places,
) -> SafeString:
    """Horizontal bars: (code, name, index) each, scaled 0..maximum."""
    row_height, label_width, bar_width = 22, 50, 240
    height = row_height * len(rows) + 10
    width = label_width + bar_width + 50
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(caption)}" '
        f'class="bars" width="100%" style="max-width:{width * 1.5:.0f}px">'
    ]
    for i, (code, _name, value) in enumerate(rows):
        y = 5 + i * row_height
        length = bar_width * float(value or 0) / maximum
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="12">{escape(code)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{bar_width}" height="14" fill="#f3f4f6"/>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="14" fill="#1d4ed8"/>'
            f'<text x="{label_width + bar_width + 6}" y="{y + 15}" font-size="12">'
            f"{shown(value)}</text>"
        )
    parts.append("</svg>")
    table = data_table(caption, ["Kode", "Aspek", "Indeks"], [(c, n, shown(v)) for c, n, v in rows])
    return _figure("".join(parts), caption, table)


def heat_map(cells: Sequence[Cell], caption: str) -> SafeString:
    """Every indicator as a square coloured by its level, each a link to its answer."""
    per_row, side, gap = 10, 30, 3
    lines = max(1, math.ceil(len(cells) / per_row))
    width, height = per_row * (side + gap), lines * (side + gap)
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(caption)}" '
        f'class="heat" width="100%" style="max-width:{width * 1.5}px">'
    ]
    for i, cell in enumerate(cells):
        x, y = (i % per_row) * (side + gap), (i // per_row) * (side + gap)
        colour = LEVEL_COLOURS.get(cell.level, LEVEL_COLOURS[None])
        ink = "#ffffff" if (cell.level or 0) >= 4 else "#111827"
        level = "–" if cell.level is None else str(cell.level)
        tile = format_html(
            '<title>{} {}: {}</title>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#9ca3af"/>'
            '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="{}">{}</text>'
            '<text x="{}" y="{}" font-size="8" text-anchor="middle" fill="{}">{}</text>',
            cell.code, cell.name, level,
            x, y, side, side, colour,
            x + side // 2, y + 13, ink, cell.number,
            x + side // 2, y + 25, ink, level,
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
    # 47 rows would make the phone page long: folded, still in the page for screen readers.
    table = (
        f'<details class="data"><summary>{escape(caption)}: tabel</summary>'
        '<div class="table-wrap"><table class="chart-data"><caption class="sr">'
        f"{escape(caption)}</caption>"
        '<thead><tr><th scope="col">Kode</th><th scope="col">Indikator</th>'
        f'<th scope="col">Tingkat</th></tr></thead><tbody>{body}</tbody></table></div></details>'
    )
    return _figure("".join(parts), caption, table)


def trend(
    years: Sequence[int],
    series: Sequence[tuple[str, dict[int, Decimal | None]]],
    maximum: int,
    caption: str,
    shown: Formatter = two_places,
) -> SafeString:
    """One line per series over the years: (name, {year: index}) each, scaled 0..maximum."""
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
            f'<line x1="{left}" x2="{width - 16}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>'
            f'<text x="4" y="{y + 4:.1f}" font-size="10">{level}</text>'
        )
    for i, year in enumerate(years):
        parts.append(
            f'<text x="{x_of(i):.1f}" y="{height - 6}" font-size="10" '
            f'text-anchor="middle">{year}</text>'
        )
    for n, (name, values) in enumerate(series):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        points = [(x_of(i), y_of(values[y])) for i, y in enumerate(years) if values.get(y)]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dash = ' stroke-dasharray="5 3"' if n % 2 else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
            )
        for x, y in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        parts.append(
            f'<text x="{left + 4 + 110 * n}" y="{top + 2}" font-size="10" fill="{colour}">'
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    rows = [(str(year), *(shown(values.get(year)) for _name, values in series)) for year in years]
    table = data_table(caption, ["Tahun", *(name for name, _values in series)], rows)
    return _figure("".join(parts), caption, table)
