from decimal import Decimal

import pytest

from simpul.agencies.models import Agency, AgencyCategory
from simpul.national import operations, queries
from simpul.national.matching import normalise
from simpul.national.models import PublishedResult


def test_deployment_names_match_published_names():
    assert normalise("Pemerintah Kabupaten Natuna (demo)") == normalise("Pemerintah Kab. Natuna")
    assert normalise("Pemerintah Kota Batam") != normalise("Pemerintah Kab. Batam")


def test_the_agency_is_linked_to_its_rows_by_name(personas, national_loaded):
    history = queries.history_for(personas.agency_a)
    assert [(h["year"], h["index"], h["predicate"]) for h in history] == [
        (2023, Decimal("3.19"), "Baik"),
        (2024, Decimal("3.61"), "Sangat Baik"),
    ]
    assert history[1]["domains"] == {
        "D1": Decimal("4.00"),
        "D2": Decimal("3.40"),
        "D3": Decimal("2.73"),
        "D4": Decimal("3.94"),
    }


def test_a_manual_link_overrides_name_matching(personas, national_loaded):
    odd = Agency.objects.create(name="Diskominfo Ujung", short_code="ujung", category="regency")
    assert queries.history_for(odd) == []
    lingga = PublishedResult.objects.get(year=2024, name="Pemerintah Kab. Lingga")
    operations.link_agency(odd, lingga)
    assert [h["index"] for h in queries.history_for(odd)][-1] == Decimal("2.60")
    operations.unlink_agency(odd)
    assert queries.history_for(odd) == []


def test_ranks_use_exact_values_and_ties_share_a_rank():
    values = [Decimal("3.61"), Decimal("3.61"), Decimal("3.70"), Decimal("3.60")]
    assert [queries.rank(v, values) for v in values] == [2, 2, 1, 4]


def test_the_comparison_gives_ranks_averages_and_top_ten_percent(personas, national_loaded):
    result = queries.comparison_for(personas.agency_a, 2024)
    rows = list(PublishedResult.objects.filter(year=2024))
    kab = [r for r in rows if r.category == AgencyCategory.REGENCY]
    riau = [r for r in rows if r.province == "Kepulauan Riau"]
    assert result["ranks"]["national"] == {
        "rank": 1 + sum(r.index > Decimal("3.61") for r in rows),
        "of": 615,
    }
    assert result["ranks"]["category"]["of"] == 392
    assert result["ranks"]["province"]["of"] == len(riau)
    assert result["averages"]["category"]["D2"] == sum(r.d2 for r in kab) / len(kab)
    ordered = sorted((r.index for r in kab), reverse=True)
    assert result["top10"]["threshold"] == ordered[39]  # ceil(392 * 0.10) = 40th
    assert result["top10"]["distance"] == ordered[39] - Decimal("3.61")


def test_peers_were_within_a_tenth_last_year_and_are_ordered_by_their_rise(
    personas, national_loaded
):
    peers = queries.comparison_for(personas.agency_a, 2024)["peers"]
    assert peers
    for peer in peers:
        assert abs(peer["before"] - Decimal("3.19")) <= Decimal("0.10")
        assert peer["name"] != "Pemerintah Kab. Natuna"
    changes = [p["change"] for p in peers]
    assert changes == sorted(changes, reverse=True)


@pytest.mark.parametrize("year", [2022])
def test_a_year_without_results_gives_nothing(personas, national_loaded, year):
    assert queries.comparison_for(personas.agency_a, year) is None
