"""Item-by-item scoring of framework shapes the shipped files do not have.

Each test edits a fresh copy of Pemdi 2026 (fractional indicator weights, an external
indicator whose levels have no items) and builds its engine in the test, so that mutmut sees
the layout code run. The oracles are the formulas written out: Σ weight × value / Σ weight.
"""

import json
from fractions import Fraction

import pytest

from simpul.frameworks.checking import parse_framework_document
from simpul.frameworks.scoring import IndexEngine
from simpul.frameworks.spec import DATA_DIR


@pytest.fixture
def document() -> dict:
    return json.loads((DATA_DIR / "pemdi-2026.json").read_text("utf-8"))


def indicator(document: dict, code: str) -> dict:
    return next(
        item for group in document["groups"] for item in group["indicators"] if item["code"] == code
    )


def level_items(document: dict, code: str, *levels: int) -> dict[str, str]:
    """Every item of the given levels of one indicator, accepted."""
    return {
        item["code"]: "accepted"
        for level in indicator(document, code)["levels"]
        if level["level"] in levels
        for item in level["items"]
    }


def test_fractional_indicator_weights_weigh_the_index_exactly(document: dict) -> None:
    # A1 keeps its weight 10, shared 4.5 / 5.5 between I1 and I2 (the last indicator, I20,
    # keeps a whole weight): the layout's weight scale must cover every halved weight.
    indicator(document, "I1")["weight"] = "4.5"
    indicator(document, "I2")["weight"] = "5.5"
    spec = parse_framework_document(document)
    engine = IndexEngine(spec)
    assert engine.value_layout().weight_scale == 2
    items = level_items(document, "I1", 1, 2) | level_items(document, "I3", 1)
    evaluation = engine.evaluate(engine.read_assessment({"items": items}))
    values = {entry.code: entry.value for entry in evaluation.indicators}
    assert (values["I1"], values["I2"], values["I3"]) == (Fraction(5, 2), 1, Fraction(3, 2))
    weights = {entry.code: Fraction(entry.weight) for entry, _group in spec.indicators()}
    expected = sum(weights[code] * values[code] for code in values) / sum(weights.values())
    assert evaluation.result.index == expected
    a1 = next(group for group in evaluation.result.groups if group.code == "A1")
    assert a1.index == (Fraction(9, 2) * Fraction(5, 2) + Fraction(11, 2)) / 10


def test_an_external_indicator_may_have_levels_without_items(document: dict) -> None:
    # Only item-valued indicators must list items; I5 takes its value from the SDI score.
    for level in indicator(document, "I5")["levels"]:
        level["items"] = []
    engine = IndexEngine(parse_framework_document(document))
    shipped = IndexEngine(
        parse_framework_document(json.loads((DATA_DIR / "pemdi-2026.json").read_text("utf-8")))
    )
    assessment = {"external": {"I5": "60"}, "items": level_items(document, "I1", 1)}
    evaluation = engine.evaluate(engine.read_assessment(assessment))
    i5 = next(entry for entry in evaluation.indicators if entry.code == "I5")
    # 60 is 22.5/25 through level 3's native band 37.5–62.5: 2.5 + 0.9.
    assert (i5.value, i5.level, i5.source, i5.assumed) == (Fraction(17, 5), 3, "external", False)
    expected = shipped.evaluate(shipped.read_assessment(assessment)).result
    assert evaluation.result.index == expected.index


def test_only_a_missing_external_score_is_marked_assumed(document: dict) -> None:
    engine = IndexEngine(parse_framework_document(document))
    assessment = {
        "items": level_items(document, "I1", 1),
        "values": {"I3": "1.2"},
        "external": {"I6": "3"},
    }
    evaluation = engine.evaluate(engine.read_assessment(assessment))
    assumed = {entry.code: entry.assumed for entry in evaluation.indicators}
    sources = {entry.code: entry.source for entry in evaluation.indicators}
    assert (sources["I1"], sources["I3"], sources["I6"]) == ("items", "value", "external")
    # I5, I7 and I18 have no score: their default (1) is assumed; nothing else is.
    assert {code for code, flag in assumed.items() if flag} == {"I5", "I7", "I18"}


def test_open_ended_predicate_bands_name_the_lowest_and_highest_values(document: dict) -> None:
    # The lowest band without a lower edge, the highest without an upper edge.
    document["predicates"][0].update(lower=None, lower_inclusive=False)
    document["predicates"][-1].update(upper=None, upper_inclusive=False)
    engine = IndexEngine(parse_framework_document(document))
    nothing = engine.evaluate(engine.read_assessment({})).result
    assert (nothing.index, nothing.predicate) == (1, "Kurang")
    every = {
        item["code"]: "accepted"
        for group in document["groups"]
        for entry in group["indicators"]
        for level in entry["levels"]
        for item in level["items"]
    }
    external = {"I5": "100", "I6": "5", "I7": "5", "I18": "100"}
    top = engine.evaluate(engine.read_assessment({"items": every, "external": external})).result
    assert (top.index, top.predicate) == (5, "Memuaskan")
    layout = engine.value_layout()
    assert layout.predicate(Fraction(3)) == "Baik"
    assert layout.predicates[0][1] is None and layout.predicates[-1][3] is None
