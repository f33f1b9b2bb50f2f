"""The index engine (scoring.py): table-driven cases against the shipped frameworks."""

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from simpul.frameworks.checking import json_object
from simpul.frameworks.scoring import IndexEngine, ScoreInputError

D = Decimal

SPBE_TREE = ["D1", "A1", "D2", "A2", "A3", "A4", "D3", "A5", "A6", "D4", "A7", "A8"]


def spbe_levels(base: int, **overrides: int) -> dict[str, int]:
    """Every SPBE indicator at `base`, with some set otherwise (I11=5 → overrides["I11"])."""
    levels = {f"I{number:02}": base for number in range(1, 48)}
    levels.update(overrides)
    return levels


def codes(first: int, last: int) -> list[str]:
    return [f"I{number:02}" for number in range(first, last + 1)]


@pytest.mark.parametrize(
    ("domains", "exact", "shown", "predicate"),
    [
        # Peraturan Menteri PANRB 59/2020, Bab II.B: the worked example.
        (("3.70", "3.40", "3.00", "3.20"), "3.282", "3.28", "Baik"),
        # Kab. Natuna, Laporan Pelaksanaan Evaluasi SPBE 2024, Tabel 20.
        (("4.00", "3.40", "2.73", "3.94"), "3.61315", "3.61", "Sangat Baik"),
    ],
)
def test_it_combines_published_domain_indexes_into_the_published_index(
    spbe_engine: IndexEngine, domains: tuple, exact: str, shown: str, predicate: str
) -> None:
    value = spbe_engine.combine(dict(zip(["D1", "D2", "D3", "D4"], map(D, domains), strict=True)))
    assert value == D(exact)
    assert spbe_engine.display(value) == shown
    assert spbe_engine.predicate(value) == predicate


def test_it_combines_aspect_indexes_into_their_domain(spbe_engine: IndexEngine) -> None:
    # D2 = (A2 × 10 + A3 × 10 + A4 × 5) / 25
    value = spbe_engine.combine({"A2": D("3"), "A3": D("4"), "A4": D("2")}, parent="D2")
    assert value == D("3.2")


@pytest.mark.parametrize(
    "bad",
    [{"D1": D(3)}, {"D1": D(3), "D2": D(3), "D3": D(3), "D4": D(3), "D5": D(3)}],
)
def test_combining_needs_exactly_the_subgroups(spbe_engine: IndexEngine, bad: dict) -> None:
    with pytest.raises(ValueError, match="exactly these groups: D1, D2, D3, D4"):
        spbe_engine.combine(bad)


@pytest.mark.parametrize(
    ("value", "shown", "predicate"),
    [
        ("1.00", "1.00", "Kurang"),
        ("1.0005", "1.00", "Kurang"),
        ("1.7975", "1.80", "Kurang"),
        ("1.7995", "1.80", "Kurang"),
        ("1.8", "1.80", "Cukup"),
        ("1.8005", "1.80", "Cukup"),
        ("2.5995", "2.60", "Cukup"),
        ("2.6", "2.60", "Baik"),
        ("2.6005", "2.60", "Baik"),
        ("3.4995", "3.50", "Baik"),
        ("3.5", "3.50", "Sangat Baik"),
        ("3.5000", "3.50", "Sangat Baik"),
        ("3.5005", "3.50", "Sangat Baik"),
        ("4.1995", "4.20", "Sangat Baik"),
        ("4.2", "4.20", "Memuaskan"),
        ("4.2000", "4.20", "Memuaskan"),
        ("4.2005", "4.20", "Memuaskan"),
        ("4.9995", "5.00", "Memuaskan"),
        ("5.00", "5.00", "Memuaskan"),
    ],
)
def test_the_predicate_is_decided_on_the_exact_value_and_the_display_rounds_half_up(
    spbe_engine: IndexEngine, value: str, shown: str, predicate: str
) -> None:
    assert spbe_engine.display(D(value)) == shown
    assert spbe_engine.predicate(D(value)) == predicate


@pytest.mark.parametrize(
    ("value", "shown"), [("2.665", "2.67"), ("2.675", "2.68"), ("3.285", "3.29")]
)
def test_display_rounds_half_up_not_half_even(
    spbe_engine: IndexEngine, value: str, shown: str
) -> None:
    assert spbe_engine.display(D(value)) == shown


def test_a_value_above_every_band_has_no_predicate(spbe_engine: IndexEngine) -> None:
    with pytest.raises(ValueError, match="outside every predicate band"):
        spbe_engine.predicate(D("5.0005"))


@pytest.mark.parametrize(
    ("levels", "exact", "shown", "predicate"),
    [
        (spbe_levels(1), "1", "1.00", "Kurang"),
        (spbe_levels(5), "5", "5.00", "Memuaskan"),
        (spbe_levels(3), "3", "3.00", "Baik"),
        # 100 + 2.75 (I32 +1) + 6 × 3 × 4 (I42–I47 at 5) + 2.5 × 2 (I11 at 3) = 179.75
        (
            spbe_levels(1, I32=2, I11=3, **dict.fromkeys(codes(42, 47), 5)),
            "1.7975",
            "1.80",
            "Kurang",
        ),
        # 300 + 10 × 2.5 × 2 (I11–I20 at 5) = 350
        (spbe_levels(3, **dict.fromkeys(codes(11, 20), 5)), "3.5", "3.50", "Sangat Baik"),
        # 400 + 8 × 2.5 (I11–I18 at 5) = 420
        (spbe_levels(4, **dict.fromkeys(codes(11, 18), 5)), "4.2", "4.20", "Memuaskan"),
        # 400 − 2.5 (I11 at 3) = 397.5, 0.005 below the edge at two decimals
        (spbe_levels(4, I11=3), "3.975", "3.98", "Sangat Baik"),
    ],
)
def test_it_scores_whole_levels_into_index_and_predicate(
    spbe_engine: IndexEngine, levels: dict, exact: str, shown: str, predicate: str
) -> None:
    result = spbe_engine.score(levels)
    assert result.index == D(exact)
    assert spbe_engine.display(result.index) == shown
    assert result.predicate == predicate
    assert result.complete and not result.provisional
    assert result.answered == result.total == 47
    assert result.minimum == result.maximum == result.index


def test_every_group_is_reported_in_tree_order(spbe_engine: IndexEngine) -> None:
    result = spbe_engine.score(spbe_levels(2, **dict.fromkeys(codes(21, 28), 4)))
    assert [group.code for group in result.groups] == SPBE_TREE
    by_code = {group.code: group for group in result.groups}
    assert by_code["A5"].index == 4 and by_code["A6"].index == 2
    # D3 = (12 × 4 + 4.5 × 2) / 16.5 = 57 / 16.5 = 3.4545…
    assert spbe_engine.display(by_code["D3"].index) == "3.45"
    assert by_code["D3"].parent is None and by_code["A5"].parent == "D3"
    assert (by_code["A5"].depth, by_code["A5"].kind, by_code["D3"].kind) == (1, "aspect", "domain")


def test_the_index_comes_from_exact_sums_not_from_rounded_group_indexes(
    spbe_engine: IndexEngine,
) -> None:
    # D3 = 46.5 / 16.5 does not terminate; the index (130 / 100) still comes out exact.
    levels = spbe_levels(1, **dict.fromkeys(codes(21, 28), 2), **dict.fromkeys(codes(29, 31), 5))
    result = spbe_engine.score(levels)
    assert result.index == D("1.3")
    assert spbe_engine.display(result.groups[SPBE_TREE.index("D3")].index) == "2.82"


def test_nothing_answered_gives_no_index_and_the_whole_scale_as_range(
    spbe_engine: IndexEngine,
) -> None:
    result = spbe_engine.score({})
    assert result.index is None and result.predicate is None
    assert not result.complete and result.provisional
    assert (result.answered, result.total, result.answered_weight) == (0, 47, 0)
    assert (result.minimum, result.maximum) == (1, 5)
    assert all(group.index is None and group.answered == 0 for group in result.groups)


def test_a_partial_answer_is_provisional_renormalised_and_bounded(
    spbe_engine: IndexEngine,
) -> None:
    # I11 (weight 2.5) at 4 and I21 (weight 1.5) at 2: (10 + 3) / 4 = 3.25, not the plain mean 3.
    result = spbe_engine.score({"I11": 4, "I21": 2})
    assert result.provisional and not result.complete
    assert result.index == D("3.25") and result.predicate == "Baik"
    assert (result.answered, result.total, result.answered_weight) == (2, 47, D(4))
    # Unanswered weight 96 at level 1 or at level 5.
    assert result.minimum == (D(13) + 96) / 100 == D("1.09")
    assert result.maximum == (D(13) + 96 * 5) / 100 == D("4.93")
    groups = {group.code: group for group in result.groups}
    assert groups["A2"].index == 4 and (groups["A2"].answered, groups["A2"].total) == (1, 4)
    assert groups["D2"].index == 4 and not groups["D2"].complete
    assert groups["D3"].index == 2
    assert groups["D1"].index is None and groups["A1"].index is None
    assert groups["D4"].index is None and groups["D4"].answered == 0


def test_a_level_of_none_counts_as_not_answered(spbe_engine: IndexEngine) -> None:
    assert spbe_engine.score({"I11": 4, "I21": None}) == spbe_engine.score({"I11": 4})


@pytest.mark.parametrize("bad", [{"I99": 3}, {"I01": 6}, {"I01": 0}, {"I01": True}, {"I01": "3"}])
def test_the_engine_refuses_what_it_cannot_score(spbe_engine: IndexEngine, bad: dict) -> None:
    with pytest.raises(ValueError):
        spbe_engine.score(bad)


def test_the_draft_framework_scores_with_its_own_weights(pemdi_engine: IndexEngine) -> None:
    # P33 weighs 10: (100 − 10 + 10 × 5) / 100 = 1.4
    levels = {f"P{number:02}": 1 for number in range(1, 36)} | {"P33": 5}
    result = pemdi_engine.score(levels)
    assert result.index == D("1.4") and result.predicate == "Kurang"
    assert [group.code for group in result.groups] == [f"A{n}" for n in range(1, 10)]
    assert result.groups[8].index == D("3")  # A9: (10 × 5 + 5 + 5) / 20
    assert pemdi_engine.result_json(result)["status"] == "draft"


LEVEL_REFUSAL = (
    "Tingkat indikator {code} harus bilangan bulat 1 sampai 5 (skala {scale}), bukan {value}."
)


@pytest.mark.parametrize(
    ("raw", "field", "message"),
    [
        ({"I99": 3}, "levels.I99", "Indikator I99 tidak ada dalam kerangka spbe-2020."),
        ({"48": 3}, "levels.48", "Indikator 48 tidak ada dalam kerangka spbe-2020."),
        ({"1": 6}, "levels.1", LEVEL_REFUSAL.format(code="I01", scale="Proses", value="6")),
        ({"32": 0}, "levels.32", LEVEL_REFUSAL.format(code="I32", scale="Layanan", value="0")),
        (
            {"1": D("3.5")},
            "levels.1",
            LEVEL_REFUSAL.format(code="I01", scale="Proses", value="3.5"),
        ),
        (
            {"1": "tiga"},
            "levels.1",
            LEVEL_REFUSAL.format(code="I01", scale="Proses", value='"tiga"'),
        ),
        ({"1": True}, "levels.1", LEVEL_REFUSAL.format(code="I01", scale="Proses", value="true")),
        # Written as the user wrote it: not escaped to \u00bd, and a Python value as text.
        (
            {"1": "tiga½"},
            "levels.1",
            LEVEL_REFUSAL.format(code="I01", scale="Proses", value='"tiga½"'),
        ),
        (
            {"1": Fraction(7, 2)},
            "levels.1",
            LEVEL_REFUSAL.format(code="I01", scale="Proses", value='"7/2"'),
        ),
        # An unanswered indicator does not end the check of the ones after it.
        (
            {"1": None, "2": 6},
            "levels.2",
            LEVEL_REFUSAL.format(code="I02", scale="Proses", value="6"),
        ),
        ({"1": 3, "I01": 4}, "levels.I01", "Indikator I01 diberikan dua kali (sebagai 1 dan I01)."),
        (
            json.loads('{"1": 3, "1": 4}', object_pairs_hook=json_object),
            "levels.1",
            "Indikator 1 diberikan lebih dari sekali.",
        ),
    ],
)
def test_reading_levels_names_the_bad_field(
    spbe_engine: IndexEngine, raw: dict, field: str, message: str
) -> None:
    with pytest.raises(ScoreInputError) as caught:
        spbe_engine.read_levels(raw)
    assert caught.value.field == field
    assert caught.value.message == message


def test_reading_levels_accepts_numbers_and_codes(spbe_engine: IndexEngine) -> None:
    assert spbe_engine.read_levels({"1": 3, "I02": 4, "47": None}) == {"I01": 3, "I02": 4}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"I01": 6}, "level 6 is not on the scale of indicator I01"),
        ({"I01": "3"}, "level '3' is not on the scale of indicator I01"),
        ({"I98": 3, "I01": 2, "I99": 1}, "unknown indicator codes: I98, I99"),
    ],
)
def test_the_refusal_names_the_level_or_the_unknown_codes(
    spbe_engine: IndexEngine, bad: dict, message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        spbe_engine.score(bad)
    assert str(caught.value) == message


def test_the_result_names_its_framework(spbe_engine: IndexEngine) -> None:
    assert spbe_engine.score({"I01": 2}).framework == spbe_engine.spec.code == "spbe-2020"
