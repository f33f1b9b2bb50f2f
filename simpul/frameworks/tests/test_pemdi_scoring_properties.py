"""Properties of item-by-item scoring (Pemdi 2026, rule R5) against independent counts.

The oracles are written differently from the engine on purpose: the indicator value as a
sum over all five levels of width × share × "every lower level complete", counted item by
item from the raw verdicts; the index as the nested roll-up of the regulation's formulas.
"""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simpul.frameworks.checking import load_framework_file
from simpul.frameworks.scoring import Assessment, IndexEngine
from simpul.frameworks.spec import DATA_DIR, FrameworkSpec, GroupSpec, IndicatorSpec
from simpul.frameworks.values import VERDICTS

SPEC = load_framework_file(DATA_DIR / "pemdi-2026.json")
ITEM_CODES = [
    item.code for indicator, _g in SPEC.indicators() for _level, item in indicator.items()
]


# The engine is built per test, never at import or per session, so that mutmut sees which tests
# run IndexEngine.__init__. Hypothesis reuses it across examples: scoring never changes it.
REUSED = [HealthCheck.function_scoped_fixture]


@pytest.fixture
def engine() -> IndexEngine:
    return IndexEngine(SPEC)


def verdict_sets() -> st.SearchStrategy[dict[str, str]]:
    """Random verdicts; accepted items cluster in low levels so higher levels get reached."""
    return st.dictionaries(st.sampled_from(ITEM_CODES), st.sampled_from(VERDICTS), max_size=232)


def level_heavy_sets() -> st.SearchStrategy[dict[str, str]]:
    """Whole lower levels accepted, then a random part of the next: deep values too."""

    def build(depths: dict[str, int], extra: set[str]) -> dict[str, str]:
        out = {}
        for indicator, _group in SPEC.indicators():
            for level, item in indicator.items():
                if level.level <= depths[indicator.code] or item.code in extra:
                    out[item.code] = "accepted"
        return out

    codes = [indicator.code for indicator, _group in SPEC.indicators()]
    depths = st.fixed_dictionaries(dict.fromkeys(codes, st.integers(0, 5)))
    return st.builds(build, depths, st.sets(st.sampled_from(ITEM_CODES)))


def brute_force_value(indicator: IndicatorSpec, verdicts: dict[str, str]) -> Fraction:
    """Σ over levels: band width × accepted share × [every lower level fully accepted]."""
    value = Fraction(SPEC.value_bands[0].lower)
    lower_complete = True
    for level in indicator.levels:
        band = SPEC.value_band(level.level)
        accepted = 0
        for item in level.items:
            if verdicts.get(item.code) == "accepted":
                accepted += 1
        if lower_complete:
            value += Fraction(band.width) * Fraction(accepted, len(level.items))
        lower_complete = lower_complete and accepted == len(level.items)
    return value


def nested(group: GroupSpec, values: dict[str, Fraction]) -> Fraction:
    weighted = sum(
        (Fraction(item.weight) * values[item.code] for item in group.indicators), Fraction(0)
    )
    return weighted / Fraction(group.weight)


def nested_index(spec: FrameworkSpec, values: dict[str, Fraction]) -> Fraction:
    weighted = sum((Fraction(top.weight) * nested(top, values) for top in spec.groups), Fraction(0))
    return weighted / Fraction(spec.weight_total)


@settings(max_examples=300, deadline=None, suppress_health_check=REUSED)
@given(verdicts=st.one_of(verdict_sets(), level_heavy_sets()))
def test_every_item_value_equals_the_brute_force_count(
    engine: IndexEngine, verdicts: dict[str, str]
) -> None:
    evaluation = engine.evaluate(Assessment(verdicts=verdicts))
    by_code = {item.code: item for item in evaluation.indicators}
    values = {}
    for indicator, _group in SPEC.indicators():
        got = by_code[indicator.code]
        if indicator.external is not None:
            assert got.value == 1 and got.assumed
        else:
            assert got.value == brute_force_value(indicator, verdicts), indicator.code
            band = SPEC.value_band(got.level)
            assert band.contains(got.value)
        values[indicator.code] = got.value
    assert evaluation.result.index == nested_index(SPEC, values)
    groups = {group.code: group.index for group in evaluation.result.groups}
    for top in SPEC.groups:
        assert groups[top.code] == nested(top, values)
    assert evaluation.result.predicate == next(
        band.name for band in SPEC.predicates if band.contains(evaluation.result.index)
    )


@settings(max_examples=200, deadline=None, suppress_health_check=REUSED)
@given(verdicts=level_heavy_sets(), extra=st.sampled_from(ITEM_CODES))
def test_accepting_one_more_item_never_lowers_any_value(
    engine: IndexEngine, verdicts: dict[str, str], extra: str
) -> None:
    before = engine.evaluate(Assessment(verdicts=verdicts))
    after = engine.evaluate(Assessment(verdicts={**verdicts, extra: "accepted"}))
    for old, new in zip(before.indicators, after.indicators, strict=True):
        assert new.value >= old.value
    assert after.result.index >= before.result.index


@settings(max_examples=200, deadline=None, suppress_health_check=REUSED)
@given(
    score=st.fractions(min_value=0, max_value=100, max_denominator=1000),
    other=st.fractions(min_value=0, max_value=100, max_denominator=1000),
)
def test_external_conversion_is_monotone_and_stays_in_the_band_of_its_native_level(
    engine: IndexEngine, score: Fraction, other: Fraction
) -> None:
    from decimal import Decimal

    def converted(value: Fraction) -> tuple[Fraction, int]:
        text = Decimal(value.numerator) / Decimal(value.denominator)
        item = next(
            item
            for item in engine.evaluate(Assessment(scores={"I5": text})).indicators
            if item.code == "I5"
        )
        return item.value, item.level

    low, high = sorted((score, other))
    (value_low, _), (value_high, level_high) = converted(low), converted(high)
    assert value_low <= value_high
    i5 = next(item for item, _group in SPEC.indicators() if item.code == "I5")
    assert i5.external is not None
    native = next(
        (band for band in i5.external.bands if band.lower <= high < band.upper),
        i5.external.bands[-1],
    )
    assert level_high == native.level
