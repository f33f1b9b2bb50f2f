from decimal import Decimal

from simpul.dashboard import charts


def test_a_radar_has_one_spoke_and_one_table_row_per_domain():
    points = [("D1", "Kebijakan", Decimal("2.5")), ("D2", "Tata <Kelola>", None), ("D3", "X", 5)]
    html = charts.radar(points, 5, "Indeks per domain")
    chart = html.split("</svg>")[0]  # the chart itself, not the legend's swatches
    assert chart.count("<line ") == 3
    assert html.count("<tr>") == 4  # header + 3 rows
    assert "Tata &lt;Kelola&gt;" in html and "<Kelola>" not in html
    assert "<td>2,50</td>" in html and "<td>–</td>" in html


def test_bars_are_as_long_as_their_share_of_the_maximum():
    html = charts.bars([("A1", "Aspek", Decimal("2.5"))], 5, "Indeks per aspek")
    assert 'width="75.0"' in html  # half of 150


def test_heat_map_colours_cells_by_level_and_links_them():
    cells = [charts.Cell("I01", 1, "Satu", 5, "/a/1/"), charts.Cell("I02", 2, "Dua", None, "/a/2/")]
    html = charts.heat_map(cells, "Tingkat")
    assert charts.LEVEL_COLOURS[5] in html and charts.LEVEL_COLOURS[None] in html
    assert html.count('<a href="/a/1/">') == 2  # the square and the table row
    assert 'role="group"' in html  # a group of links, not one image


def test_heat_map_tiles_use_the_palette_and_their_digits_meet_aa():
    from simpul.core import palette

    for level in (None, 0, 1, 2, 3, 4, 5):
        cells = [charts.Cell("I01", 1, "Satu", level, "")]
        html = charts.heat_map(cells, "Tingkat")
        swatch = palette.level(level)
        assert f'fill="{swatch.solid}"' in html and f'fill="{swatch.ink}"' in html
        assert palette.contrast(swatch.ink, swatch.solid) >= 4.5
        assert 'role="img"' in html  # nothing to click: one image


def test_trend_draws_a_line_only_through_years_with_a_value():
    years = [2023, 2024, 2025]
    html = charts.trend(
        years,
        [
            ("Mandiri", {2023: Decimal(2), 2024: Decimal(3), 2025: None}),
            ("Hasil resmi", {2024: 3}, "official"),
        ],
        5,
        "Indeks per tahun",
    )
    assert html.count("<polyline") == 1
    assert html.count("<circle") == 3
    assert "<td>3,00</td>" in html


def test_bars_carry_names_beside_codes_and_the_predicate_bounds_in_the_legend():
    rows = [("A1", "Kebijakan Internal Tata Kelola SPBE", Decimal("3.2"))]
    html = charts.bars(rows, 5, "Indeks per aspek", marks=[("Baik", Decimal("2.6"))])
    chart, legend = html.split("</svg>", 1)
    assert "<title>A1 Kebijakan Internal Tata Kelola SPBE</title>" in chart
    assert chart.count('stroke-dasharray="3 3"') == 1  # one dashed bound line
    assert 'x1="228.0"' in chart  # 150 + 150 × 2.6 / 5
    assert "Batas predikat: Baik ≥ 2,60" in legend


def test_the_published_series_never_takes_the_agencys_colour():
    years = [2023, 2024]
    series = [
        ("Mandiri", {2023: Decimal(2), 2024: Decimal(3)}, "self"),
        ("Hasil resmi", {2023: Decimal(2), 2024: Decimal(3)}, "official"),
        ("Terbitan KemenPANRB", {2023: Decimal(2), 2024: Decimal(3)}, "published"),
    ]
    html = charts.trend(years, series, 5, "Indeks per tahun")
    colours = [charts.SERIES_STYLES[kind][0] for kind in ("self", "official", "published")]
    assert len(set(colours)) == 3
    chart, legend = html.split("</svg>", 1)
    for colour in colours:
        assert f'stroke="{colour}"' in chart and colour in legend
    assert "<text" not in chart.split("<polyline")[1]  # no series name drawn over the lines
