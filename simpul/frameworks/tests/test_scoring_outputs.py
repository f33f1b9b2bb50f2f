"""The engine's outputs word for word: the JSON of the score command and POST /api/v1/score,
the refusal's JSON, and the guards of combine and value_layout.

Each expected figure is worked by hand in a comment, so that a changed key, a dropped field or
a lost digit fails here, in a fast unit test, and not only in the slower command and API tests.
"""

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from simpul.frameworks.checking import json_object, load_framework_file, parse_framework_document
from simpul.frameworks.scoring import (
    Assessment,
    IndexEngine,
    ScoreInputError,
    ValueLayout,
    resolve_engine,
    score_request,
)
from simpul.frameworks.spec import DATA_DIR, FrameworkSpec


@pytest.fixture(scope="session")
def spec_2026() -> FrameworkSpec:
    return load_framework_file(DATA_DIR / "pemdi-2026.json")


@pytest.fixture
def engine_2026(spec_2026: FrameworkSpec) -> IndexEngine:
    return IndexEngine(spec_2026)


def test_a_partial_spbe_answer_as_json(spbe_engine: IndexEngine) -> None:
    # Every indicator at 3, I02 (weight 1.3) at 4, I01 (weight 1.3) not answered:
    # index (3 × 98.7 + 1.3) / 98.7; range (297.4 + 1.3 × 1) / 100 to (297.4 + 1.3 × 5) / 100.
    levels = {f"I{number:02}": 3 for number in range(3, 48)} | {"I01": None, "I02": 4}
    out = spbe_engine.result_json(spbe_engine.score(levels))
    groups = out.pop("groups")
    assert out == {
        "framework": "spbe-2020",
        "status": "official",
        "notice": "",
        "index": "3.01",
        "index_exact": "3.013171225937183383991894630192502532928",  # 2974/987, 40 digits
        "predicate": "Baik",
        "complete": False,
        "provisional": True,
        "answered": 46,
        "total": 47,
        "answered_weight": "98.7",
        "weight_total": "100",
        "range": {"min": "2.99", "min_exact": "2.987", "max": "3.04", "max_exact": "3.039"},
    }
    # D1 = A1: ten indicators of equal weight, nine answered (one at 4, eight at 3) → 28/9.
    assert groups[:2] == [
        {
            "code": "D1",
            "name": "Kebijakan Internal SPBE",
            "kind": "domain",
            "depth": 0,
            "parent": None,
            "index": "3.11",
            "index_exact": "3.111111111111111111111111111111111111111",
            "answered": 9,
            "total": 10,
        },
        {
            "code": "A1",
            "name": "Kebijakan Internal Tata Kelola SPBE",
            "kind": "aspect",
            "depth": 1,
            "parent": "D1",
            "index": "3.11",
            "index_exact": "3.111111111111111111111111111111111111111",
            "answered": 9,
            "total": 10,
        },
    ]
    assert [(group["code"], group["parent"]) for group in groups[2:]] == [
        ("D2", None),
        ("A2", "D2"),
        ("A3", "D2"),
        ("A4", "D2"),
        ("D3", None),
        ("A5", "D3"),
        ("A6", "D3"),
        ("D4", None),
        ("A7", "D4"),
        ("A8", "D4"),
    ]
    assert {group["index"] for group in groups[2:]} == {"3.00"}


def test_an_item_by_item_evaluation_as_json(engine_2026: IndexEngine) -> None:
    document = {
        # I1 has 1 item at level 1 and 4 at level 2: level 1 complete, 1 of 4 → 1.5 + 1/4.
        "items": {"I1-L1-01": "diterima", "I1-L2-01": "diterima"},
        # SDI 60 lies in the band [50; 75) of level 3 ([2.5; 3.5)): 2.5 + 10/25 = 3.4.
        "external": {"I5": "60"},
        # The assessor's own value for I3, inside level 1's band; the rule gave 1.
        "values": {"I3": "1.26"},
    }
    evaluation = engine_2026.evaluate(engine_2026.read_assessment(document))
    assert evaluation.result.framework == "pemdi-2026"
    out = engine_2026.evaluation_json(evaluation)
    # Item by item, every indicator has a value: the range is the index itself.
    index, exact = out["index"], out["index_exact"]
    assert out["range"] == {"min": index, "min_exact": exact, "max": index, "max_exact": exact}
    indicators = out["indicators"]
    assert indicators["I1"] == {
        "name": "Tingkat Kematangan Tata Kelola Pemdi",
        "weight": "5",
        "value": "1.75",
        "value_exact": "1.75",
        "value_fraction": "7/4",
        "source": "items",
        "level": 2,
        "band": {"lower": "1.5", "lower_inclusive": True, "upper": "2.5", "upper_inclusive": False},
        "accepted": 1,
        "items": 4,
    }
    assert indicators["I5"] == {
        "name": "Tingkat Kematangan Tata Kelola Data",
        "weight": "5",
        "value": "3.40",
        "value_exact": "3.4",
        "value_fraction": "17/5",
        "source": "external",
        "level": 3,
        "band": {"lower": "2.5", "lower_inclusive": True, "upper": "3.5", "upper_inclusive": False},
        "external": {"index": "SDI", "score": "60", "assumed": False},
    }
    # No IPS score given: the scale's minimum is assumed.
    assert indicators["I7"]["external"] == {"index": "IPS", "score": None, "assumed": True}
    assert indicators["I3"]["value_exact"] == "1.26"
    # No I3 item accepted: level 1 in progress, none of its items accepted yet.
    i3 = next(item for item, _group in engine_2026.spec.indicators() if item.code == "I3")
    level_1_items = sum(1 for level, _item in i3.items() if level.level == 1)
    assert (indicators["I3"]["accepted"], indicators["I3"]["items"]) == (0, level_1_items)
    assert (indicators["I3"]["rule_value"], indicators["I3"]["rule_value_exact"]) == ("1.00", "1")
    assert "rule_value" not in indicators["I1"]
    assert out["framework"] == "pemdi-2026" and out["complete"] is True
    assert Fraction(out["index_fraction"]) == Fraction(out["index_exact"])


def test_a_refusal_as_json() -> None:
    refusal = ScoreInputError("levels.I99", "Indikator I99 tidak ada.")
    assert refusal.as_json() == {
        "error": {"field": "levels.I99", "message": "Indikator I99 tidak ada."}
    }
    assert str(refusal) == "Indikator I99 tidak ada."


def test_only_a_framework_valued_per_indicator_has_a_value_layout(
    spbe_engine: IndexEngine, engine_2026: IndexEngine
) -> None:
    assert isinstance(engine_2026.value_layout(), ValueLayout)
    assert not engine_2026.scored_by_level and spbe_engine.scored_by_level
    # A programming error, not bad input: the message says which call was wrong.
    with pytest.raises(AssertionError, match="^only frameworks valued per indicator have one$"):
        spbe_engine.value_layout()
    with pytest.raises(
        AssertionError, match="^read_assessment is for frameworks valued per indicator$"
    ):
        spbe_engine.read_assessment({})
    with pytest.raises(AssertionError, match="^evaluate is for frameworks valued per indicator$"):
        spbe_engine.evaluate(Assessment())


def test_combining_a_quotient_that_does_not_end_keeps_forty_digits(
    spbe_engine: IndexEngine,
) -> None:
    # D3 = (A5 × 12 + A6 × 4.5) / 16.5 = (12 + 9) / 16.5 = 14/11 = 1.272727…
    value = spbe_engine.combine({"A5": Decimal(1), "A6": Decimal(2)}, parent="D3")
    assert abs(Fraction(value) - Fraction(14, 11)) < Fraction(1, 10**38)


@pytest.mark.parametrize(
    ("parent", "message"),
    [("X9", "unknown group X9"), ("A1", "group A1 has indicators, not subgroups")],
)
def test_combining_names_a_parent_it_cannot_use(
    spbe_engine: IndexEngine, parent: str, message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        spbe_engine.combine({"I01": Decimal(3)}, parent=parent)
    assert str(caught.value) == message


def json_text(text: str) -> dict:
    """Decode as the API and the score command do, noting keys written twice."""
    return json.loads(text, object_pairs_hook=json_object)


@pytest.fixture
def engines(spbe_engine: IndexEngine, engine_2026: IndexEngine):
    return {"spbe-2020": spbe_engine, "pemdi-2026": engine_2026}.get


@pytest.mark.parametrize(
    ("document", "option", "field", "message"),
    [
        ([1], None, "body", "Isi permintaan harus berupa objek JSON."),
        (
            json_text('{"framework": "spbe-2020", "framework": "spbe-2020", "levels": {}}'),
            None,
            "framework",
            "Kolom framework ditulis lebih dari sekali.",
        ),
        ({}, None, "framework", "Kolom framework wajib diisi dengan kode versi kerangka."),
        (
            {"framework": ""},
            None,
            "framework",
            "Kolom framework wajib diisi dengan kode versi kerangka.",
        ),
        (
            {"framework": 3},
            None,
            "framework",
            "Kolom framework wajib diisi dengan kode versi kerangka.",
        ),
        (
            {"framework": "spbe-2020"},
            "pemdi-2026",
            "framework",
            "Kerangka dalam berkas (spbe-2020) berbeda dengan --framework (pemdi-2026).",
        ),
        ({"framework": "x"}, None, "framework", "Kerangka x tidak ditemukan."),
        ({"framework": "spbe-2020"}, None, "levels", "Kolom levels wajib diisi."),
        (
            {"framework": "spbe-2020", "levels": [3]},
            None,
            "levels",
            'Kolom levels harus berupa objek, misalnya {"1": 3, "I02": 4}.',
        ),
        (
            {"framework": "spbe-2020", "levels": {"1": 3}, "items": {}},
            None,
            "items",
            "Kolom items tidak dikenal.",
        ),
        (
            {"framework": "pemdi-2026", "levels": {}},
            None,
            "levels",
            "Kolom levels tidak dikenal.",
        ),
        (
            json_text('{"framework": "pemdi-2026", "items": {"I1-L1-01": "a", "I1-L1-01": "b"}}'),
            None,
            "items.I1-L1-01",
            "I1-L1-01 diberikan lebih dari sekali.",
        ),
    ],
)
def test_a_score_request_is_refused_naming_the_field(
    engines, document: object, option: str | None, field: str, message: str
) -> None:
    with pytest.raises(ScoreInputError) as caught:
        score_request(document, engines, option)
    assert (caught.value.field, caught.value.message) == (field, message)


@pytest.mark.parametrize(
    ("document", "option"),
    [
        ({"levels": {"1": 3}}, "spbe-2020"),
        ({"framework": "spbe-2020", "levels": {"1": 3}}, "spbe-2020"),
        ({"framework": "spbe-2020", "levels": {"1": 3}}, None),
    ],
)
def test_a_score_request_takes_the_framework_from_the_file_or_the_option(
    engines, document: dict, option: str | None
) -> None:
    out = score_request(document, engines, option)
    assert (out["framework"], out["index"], out["answered"]) == ("spbe-2020", "3.00", 1)


def test_a_score_request_for_an_item_framework_reads_items_not_levels(engines) -> None:
    document = {"framework": "pemdi-2026", "items": {"I1-L1-01": "diterima"}, "values": {}}
    out = score_request(document, engines)
    assert out["framework"] == "pemdi-2026"
    # Level 1's one item accepted: level 1 complete (1.5), none of level 2's four yet.
    i1 = out["indicators"]["I1"]
    assert (i1["value"], i1["level"], i1["accepted"], i1["items"]) == ("1.50", 2, 0, 4)
    assert resolve_engine({"framework": "pemdi-2026"}, engines) is engines("pemdi-2026")


def test_an_assessor_value_may_sit_on_either_end_of_the_scale(engine_2026: IndexEngine) -> None:
    # No I3 item accepted: level 1, band [1; 1.5): the scale's minimum 1 is taken.
    low = engine_2026.evaluate(engine_2026.read_assessment({"values": {"I3": "1"}}))
    assert next(item.value for item in low.indicators if item.code == "I3") == 1
    # Every I3 item accepted: level 5, band [4.5; 5]: the scale's maximum 5 is taken.
    i3 = next(item for item, _group in engine_2026.spec.indicators() if item.code == "I3")
    every = {item.code: "diterima" for _level, item in i3.items()}
    document = {"items": every, "values": {"I3": "5"}}
    high = engine_2026.evaluate(engine_2026.read_assessment(document))
    assert next(item.value for item in high.indicators if item.code == "I3") == 5


def test_the_value_layout_decides_the_predicate_on_the_band_edges_as_written(
    engine_2026: IndexEngine,
) -> None:
    # Bands in descending order, the upper band's lower edge exclusive: 3 is "Rendah".
    layout = engine_2026.value_layout()
    layout.predicates = (
        ("Tinggi", Fraction(3), False, Fraction(5), True),
        ("Rendah", None, True, Fraction(3), True),
    )
    assert layout.predicate(Fraction(4)) == "Tinggi"
    assert layout.predicate(Fraction(5)) == "Tinggi"
    assert layout.predicate(Fraction(3)) == "Rendah"
    assert layout.predicate(Fraction(2)) == "Rendah"
    with pytest.raises(ValueError) as caught:
        layout.predicate(Fraction(6))
    assert str(caught.value) == "6 is outside every predicate band"


def test_item_values_roll_up_through_nested_groups(spec_2026: FrameworkSpec) -> None:
    # Pemdi 2026 with its seven top groups put under one domain of the whole weight: the
    # domain's index and the framework's index are the flat framework's index.
    document = json.loads((DATA_DIR / "pemdi-2026.json").read_text("utf-8"))
    document["groups"] = [
        {
            "code": "D",
            "name": "Semua",
            "kind": "domain",
            "weight": document["weight_total"],
            "groups": [{**group, "kind": "aspect"} for group in document["groups"]],
            "indicators": [],
        }
    ]
    nested = IndexEngine(parse_framework_document(document))
    flat = IndexEngine(spec_2026)
    assessment = {
        "items": {"I1-L1-01": "diterima", "I1-L2-01": "diterima"},
        "external": {"I5": "60"},
    }
    expected = flat.evaluate(flat.read_assessment(assessment)).result
    got = nested.evaluate(nested.read_assessment(assessment)).result
    assert got.index == expected.index
    assert got.groups[0].code == "D" and got.groups[0].index == expected.index
    assert [group.index for group in got.groups[1:]] == [group.index for group in expected.groups]
    first = document["groups"][0]["groups"][0]
    shape = [
        (group.code, group.name, group.kind, group.depth, group.parent, group.answered, group.total)
        for group in got.groups[:2]
    ]
    assert shape == [
        ("D", "Semua", "domain", 0, None, 20, 20),
        (first["code"], first["name"], "aspect", 1, "D", *[len(first["indicators"])] * 2),
    ]
