"""Indeks Pemdi 2026: values item by item (R5), external indexes (R8), assessor values (R7).

The worked case is Kabupaten Aceh Tengah 2026 (../shared/pemdi/scoring.md §2): its 37 item
verdicts of Penilaian Tahap 1 and the assessor's published figures, copied here so that the
test runs in any clone.
"""

from decimal import Decimal
from fractions import Fraction

import pytest

from simpul.frameworks.checking import load_framework_file
from simpul.frameworks.scoring import Assessment, IndexEngine, ScoreInputError, score_request
from simpul.frameworks.spec import DATA_DIR, FrameworkSpec
from simpul.frameworks.values import exact_text

ACCEPTED = [
    "I1-L1-01",
    "I1-L2-01",
    "I1-L2-03",
    "I2-L1-01",
    "I2-L1-02",
    "I3-L1-01",
    "I3-L1-02",
    "I4-L1-01",
    "I4-L1-03",
    "I11-L1-01",
    "I12-L1-01",
    "I13-L1-01",
    "I17-L1-01",
    "I17-L1-02",
    "I17-L2-01",
    "I17-L2-02",
    "I20-L1-01",
    "I20-L1-02",
]
NOT_RIGHT = ["I1-L2-02", "I4-L1-02", "I9-L1-01", "I10-L1-01", "I13-L1-02", "I15-L1-01", "I19-L1-02"]
NOT_UPLOADED = [
    "I8-L1-01",
    "I12-L1-02",
    "I13-L2-01",
    "I13-L2-02",
    "I13-L3-01",
    "I14-L1-01",
    "I14-L1-02",
    "I16-L1-01",
    "I20-L1-03",
    "I20-L1-04",
]
AUTO_REJECTED = ["I4-L2-02", "I12-L2-01"]
ACEH_ITEMS = {
    **dict.fromkeys(ACCEPTED, "accepted"),
    **dict.fromkeys(NOT_RIGHT + NOT_UPLOADED, "revision"),
    **dict.fromkeys(AUTO_REJECTED, "rejected"),
}
ACEH_ASSESSOR_VALUES = {"I3": "1.26", "I4": "1.30", "I20": "1.30"}
# The deck's indicator values, as published (2 decimals).
ACEH_DECK = {
    "I1": "2.00", "I2": "1.50", "I3": "1.26", "I4": "1.30", "I5": "1.00", "I6": "1.00",
    "I7": "1.00", "I8": "1.00", "I9": "1.00", "I10": "1.00", "I11": "1.50", "I12": "1.25",
    "I13": "1.17", "I14": "1.00", "I15": "1.00", "I16": "1.00", "I17": "2.50", "I18": "1.00",
    "I19": "1.00", "I20": "1.30",
}  # fmt: skip
ACEH_ASPECTS = {
    "A1": "1.75", "A2": "1.28", "A3": "1.00", "A4": "1.17", "A5": "1.08", "A6": "1.40",
    "A7": "1.18",
}  # fmt: skip


@pytest.fixture(scope="session")
def pemdi_2026_spec() -> FrameworkSpec:
    return load_framework_file(DATA_DIR / "pemdi-2026.json")


@pytest.fixture
def engine(pemdi_2026_spec: FrameworkSpec) -> IndexEngine:
    """Built per test, so that mutmut sees every test that runs IndexEngine.__init__."""
    return IndexEngine(pemdi_2026_spec)


def score(engine: IndexEngine, document: dict) -> dict:
    return score_request(document, lambda code: engine if code == "pemdi-2026" else None)


def pemdi(**document: object) -> dict:
    return {"framework": "pemdi-2026", **document}


def test_the_aceh_tengah_verdicts_give_1_23_by_the_item_rule(engine: IndexEngine) -> None:
    result = score(engine, pemdi(items=ACEH_ITEMS))
    values = {code: entry["value"] for code, entry in result["indicators"].items()}
    # The rule reproduces 17 of 20 deck values; I3, I4 and I20 are the assessor's own values.
    assert {code for code in ACEH_DECK if values[code] != ACEH_DECK[code]} == {"I3", "I4", "I20"}
    assert (values["I3"], values["I4"], values["I20"]) == ("1.20", "1.33", "1.25")
    assert result["index_exact"] == "1.2325"
    assert (result["index"], result["predicate"]) == ("1.23", "Kurang")
    assert result["index_fraction"] == "493/400"
    assert all(entry["source"] in {"items", "external"} for entry in result["indicators"].values())


def test_with_the_assessor_values_it_gives_the_published_1_24_and_every_aspect(
    engine: IndexEngine,
) -> None:
    result = score(engine, pemdi(items=ACEH_ITEMS, values=ACEH_ASSESSOR_VALUES))
    assert {code: entry["value"] for code, entry in result["indicators"].items()} == ACEH_DECK
    assert {group["code"]: group["index"] for group in result["groups"]} == ACEH_ASPECTS
    assert (result["index"], result["predicate"]) == ("1.24", "Kurang")
    # 124.1333…/100: I13 = 7/6 is aggregated unrounded, so A5 is 1.0833… and shows 1.08.
    assert result["index_exact"] == "1.241333333333333333333333333333333333333"
    assert Fraction(result["index_fraction"]) == Fraction(3724, 3000)
    i13 = result["indicators"]["I13"]
    assert (i13["value_fraction"], i13["accepted"], i13["items"], i13["level"]) == ("7/6", 1, 3, 1)
    i3 = result["indicators"]["I3"]
    assert (i3["source"], i3["rule_value"], i3["value_exact"]) == ("value", "1.20", "1.26")


def test_an_item_value_is_never_rounded_before_aggregation(engine: IndexEngine) -> None:
    # I13 alone: 1 of 3 items of level 1 → 1 + 0.5 × 1/3 = 7/6.
    result = score(engine, pemdi(items={"I13-L1-01": "accepted"}))
    a5 = next(group for group in result["groups"] if group["code"] == "A5")
    # (5 × 7/6 + 5 × 1) / 10 = 13/12 = 1.08333…, while rounded I13 (1.17) would give 1.085.
    assert a5["index_exact"].startswith("1.08333333333333333333")
    assert a5["index"] == "1.08"


@pytest.mark.parametrize(
    ("score_text", "value"), [("25", "2.00"), ("68.75", "3.75")], ids=["SDI 25", "SDI 68.75"]
)
def test_the_sdi_conversions_of_the_module(
    engine: IndexEngine, score_text: str, value: str
) -> None:
    result = score(engine, pemdi(external={"I5": score_text}))
    entry = result["indicators"]["I5"]
    assert (entry["value"], entry["source"]) == (value, "external")
    assert entry["external"] == {"index": "SDI", "score": score_text, "assumed": False}


@pytest.mark.parametrize(
    ("indicator", "score_text", "value_exact"),
    [
        ("I5", "0", "1"),
        ("I5", "12.5", "1.5"),  # on a bound: the higher band
        ("I5", "37.5", "2.5"),
        ("I5", "100", "5"),  # the top of the scale
        ("I6", "2.10", "2.1"),  # SJIG already uses the Pemdi bands
        ("I6", "4", "4"),
        ("I7", "1", "1"),  # IPS level 1 floor unknown: the scale's minimum
        ("I7", "1.8", "1.5"),
        ("I7", "4.2", "4"),
        ("I7", "4.6", "4.5"),
        ("I18", "75", "4"),
    ],
)
def test_external_scores_convert_linearly_inside_their_native_band(
    engine: IndexEngine, indicator: str, score_text: str, value_exact: str
) -> None:
    entry = score(engine, pemdi(external={indicator: score_text}))["indicators"][indicator]
    assert entry["value_exact"] == value_exact


def test_a_missing_external_score_counts_as_1_and_says_it_is_assumed(engine: IndexEngine) -> None:
    result = score(engine, pemdi())
    for code in ("I5", "I6", "I7", "I18"):
        entry = result["indicators"][code]
        assert (entry["value"], entry["source"]) == ("1.00", "external")
        assert entry["external"]["assumed"] is True and entry["external"]["score"] is None
    assert result["index"] == "1.00" and result["predicate"] == "Kurang"


def test_the_missing_value_is_data_in_the_framework_file(engine: IndexEngine) -> None:
    spec = engine.spec
    i5 = next(item for item, _group in spec.indicators() if item.code == "I5")
    assert i5.external is not None and i5.external.missing_value == Decimal(1)
    changed = IndexEngine(_with_missing_value(spec, Decimal("2")))
    evaluation = changed.evaluate(Assessment())
    assert next(item for item in evaluation.indicators if item.code == "I5").value == 2


def _with_missing_value(spec, value: Decimal):
    from dataclasses import replace

    def indicator(item):
        if item.external is None:
            return item
        return replace(item, external=replace(item.external, missing_value=value))

    groups = tuple(
        replace(group, indicators=tuple(indicator(item) for item in group.indicators))
        for group in spec.groups
    )
    return replace(spec, groups=groups)


def test_an_exact_1_50_is_cukup_and_an_exact_1_4995_shows_1_50_but_is_kurang(
    engine: IndexEngine,
) -> None:
    assert engine.predicate(Fraction(3, 2)) == "Cukup"
    assert engine.predicate(Fraction("1.4995")) == "Kurang"
    assert engine.display(Fraction("1.4995")) == "1.50"
    # The same through the whole chain: every indicator valued 1.4995 (external ones by score).
    values = {f"I{n}": "1.4995" for n in range(1, 21) if n not in (5, 6, 7, 18)}
    result = score(
        engine,
        pemdi(
            values=values,
            external={"I5": "12.4875", "I6": "1.4995", "I7": "1.7992", "I18": "12.4875"},
        ),
    )
    assert (result["index_exact"], result["index"], result["predicate"]) == (
        "1.4995",
        "1.50",
        "Kurang",
    )
    # Every level 1 complete and every external score on the floor of its level 2 band.
    level_one = {
        item.code: "accepted"
        for indicator, _group in engine.spec.indicators()
        for item in indicator.levels[0].items
    }
    external = {"I5": "12.5", "I6": "1.5", "I7": "1.8", "I18": "12.5"}
    result = score(engine, pemdi(items=level_one, external=external))
    assert (result["index_exact"], result["index"], result["predicate"]) == ("1.5", "1.50", "Cukup")


def test_every_level_complete_gives_5(engine: IndexEngine) -> None:
    items = {
        item.code: "accepted"
        for indicator, _group in engine.spec.indicators()
        for _level, item in indicator.items()
    }
    external = {"I5": "100", "I6": "5", "I7": "5", "I18": "100"}
    result = score(engine, pemdi(items=items, external=external))
    assert result["index_exact"] == "5" and result["predicate"] == "Memuaskan"
    assert {entry["value"] for entry in result["indicators"].values()} == {"5.00"}


def test_a_higher_level_counts_only_once_every_lower_level_is_complete(engine: IndexEngine) -> None:
    # I1 items per level 1,4,4,2,3: level 2 and 3 items accepted but level 1 not.
    gated = {"I1-L2-01": "accepted", "I1-L2-02": "accepted", "I1-L3-01": "accepted"}
    assert score(engine, pemdi(items=gated))["indicators"]["I1"]["value"] == "1.00"
    complete_first = {**gated, "I1-L1-01": "accepted"}
    entry = score(engine, pemdi(items=complete_first))["indicators"]["I1"]
    assert (entry["value_exact"], entry["level"], entry["accepted"], entry["items"]) == (
        "2",
        2,
        2,
        4,
    )


@pytest.mark.parametrize(
    ("document", "field", "message"),
    [
        (
            {"items": {"I1-L9-01": "accepted"}},
            "items.I1-L9-01",
            "Butir I1-L9-01 tidak ada dalam kerangka pemdi-2026.",
        ),
        (
            {"items": {"I1-L1-01": "Diterima"}},
            "items.I1-L1-01",
            'Putusan butir I1-L1-01 harus "accepted", "revision" atau "rejected", '
            'bukan "Diterima".',
        ),
        (
            {"items": {"I1-L1-01": True}},
            "items.I1-L1-01",
            'Putusan butir I1-L1-01 harus "accepted", "revision" atau "rejected", bukan true.',
        ),
        (
            # A list is not a verdict either, and is not looked up among the replaced ones.
            {"items": {"I1-L1-01": ["accepted"]}},
            "items.I1-L1-01",
            'Putusan butir I1-L1-01 harus "accepted", "revision" atau "rejected", '
            'bukan ["accepted"].',
        ),
        (
            {"items": ["I1-L1-01"]},
            "items",
            'Kolom items harus berupa objek, misalnya {"I1-L1-01": "accepted"}.',
        ),
        (
            {"external": ["I5"]},
            "external",
            'Kolom external harus berupa objek, misalnya {"I5": "25"}.',
        ),
        (
            {"values": ["I3"]},
            "values",
            'Kolom values harus berupa objek, misalnya {"I3": "1.26"}.',
        ),
        (
            {"values": {"I99": "2"}},
            "values.I99",
            "Indikator I99 tidak ada dalam kerangka pemdi-2026.",
        ),
        (
            {"values": {"I3": "5.5"}},
            "values.I3",
            'Nilai I3 harus bilangan desimal dari 1 sampai 5, bukan "5.5".',
        ),
        (
            {"values": {"I3": "0.99"}},
            "values.I3",
            'Nilai I3 harus bilangan desimal dari 1 sampai 5, bukan "0.99".',
        ),
        (
            {"values": {"I3": "satu"}},
            "values.I3",
            'Nilai I3 harus bilangan desimal dari 1 sampai 5, bukan "satu".',
        ),
        (
            {"values": {"I3": "1.6"}},
            "values.I3",
            "Nilai I3 (1.6) di luar pita yang dicapai butirnya: tingkat 1, [1; "
            "1.5) (nilai menurut butir 1.00).",
        ),
        (
            {"values": {"I3": "1.5"}},
            "values.I3",
            "Nilai I3 (1.5) di luar pita yang dicapai butirnya: tingkat 1, [1; "
            "1.5) (nilai menurut butir 1.00).",
        ),
        (
            {"values": {"I5": "1.5"}},
            "values.I5",
            "Nilai I5 berasal dari indeks SDI: tulis skornya di external, bukan di values.",
        ),
        (
            {"external": {"I5": "100.01"}},
            "external.I5",
            "Skor SDI untuk I5 harus bilangan desimal dari 0 sampai 100 (skala "
            'indeks itu sendiri), bukan "100.01".',
        ),
        (
            {"external": {"I6": "0.9"}},
            "external.I6",
            "Skor SJIG untuk I6 harus bilangan desimal dari 1 sampai 5 (skala "
            'indeks itu sendiri), bukan "0.9".',
        ),
        (
            {"external": {"I7": "-1"}},
            "external.I7",
            "Skor IPS untuk I7 harus bilangan desimal dari 1 sampai 5 (skala "
            'indeks itu sendiri), bukan "-1".',
        ),
        (
            {"external": {"I3": "2"}},
            "external.I3",
            "Indikator I3 tidak mengambil nilai dari indeks lain; nilainya dihitung dari butir.",
        ),
        (
            {"external": {"I50": "2"}},
            "external.I50",
            "Indikator I50 tidak ada dalam kerangka pemdi-2026.",
        ),
        (
            {"levels": {"I1": 3}},
            "levels",
            "Kolom levels tidak dikenal.",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    engine: IndexEngine, document: dict, field: str, message: str
) -> None:
    with pytest.raises(ScoreInputError) as caught:
        score(engine, pemdi(**document))
    assert caught.value.field == field
    assert caught.value.message == message


def test_an_assessor_value_inside_the_reached_band_is_taken_with_any_number_of_decimals(
    engine: IndexEngine,
) -> None:
    items = {"I1-L1-01": "accepted", "I1-L2-01": "accepted"}  # level 2 reached: [1.5; 2.5)
    entry = score(engine, pemdi(items=items, values={"I1": "2.123456789"}))["indicators"]["I1"]
    assert (entry["value_exact"], entry["value"], entry["source"]) == (
        "2.123456789",
        "2.12",
        "value",
    )
    assert entry["rule_value"] == "1.75"
    with pytest.raises(ScoreInputError, match=r"tingkat 2, \[1.5; 2.5\)"):
        score(engine, pemdi(items=items, values={"I1": "2.5"}))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(7, 6), "1.166666666666666666666666666666666666667"),
        (Fraction(1, 4), "0.25"),
        (Fraction(5), "5"),
        (Fraction(3103, 2500), "1.2412"),
        (Decimal("2.50"), "2.5"),
    ],
)
def test_exact_text_keeps_every_digit_or_40_significant(value: object, text: str) -> None:
    assert exact_text(value) == text


def test_the_result_lists_all_twenty_indicators_with_value_exact_and_source(
    engine: IndexEngine,
) -> None:
    result = score(engine, pemdi())
    assert list(result["indicators"]) == [f"I{n}" for n in range(1, 21)]
    for entry in result["indicators"].values():
        assert {"value", "value_exact", "source"} <= set(entry)
    assert result["status"] == "compiled" and "SUMBER SEKUNDER" in result["notice"]
    assert [group["kind"] for group in result["groups"]] == ["aspect"] * 7
