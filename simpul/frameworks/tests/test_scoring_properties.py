"""Properties of the index engine over random levels, on both shipped frameworks."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simpul.frameworks.checking import load_framework_file
from simpul.frameworks.scoring import IndexEngine
from simpul.frameworks.spec import FrameworkSpec, GroupSpec
from simpul.frameworks.tests.conftest import PEMDI_FILE, SPBE_FILE

# Specs are read once; each test builds its engine (see `engine` below).
SPECS = {path.stem: load_framework_file(path) for path in (SPBE_FILE, PEMDI_FILE)}
FRAMEWORKS = sorted(SPECS)
# The engine is built per test, never at import or per session, so that mutmut sees which tests
# run IndexEngine.__init__. Hypothesis reuses it across examples: scoring never changes it.
PROPERTY = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(params=FRAMEWORKS)
def engine(request: pytest.FixtureRequest) -> IndexEngine:
    return IndexEngine(SPECS[request.param])


def all_levels(spec: FrameworkSpec) -> st.SearchStrategy[dict[str, int]]:
    codes = [indicator.code for indicator, _group in spec.indicators()]
    level = st.integers(spec.level_min, spec.level_max)
    return st.fixed_dictionaries(dict.fromkeys(codes, level))


def some_levels(spec: FrameworkSpec) -> st.SearchStrategy[dict[str, int | None]]:
    codes = [indicator.code for indicator, _group in spec.indicators()]
    level = st.none() | st.integers(spec.level_min, spec.level_max)
    return st.fixed_dictionaries(dict.fromkeys(codes, level))


def nested(group: GroupSpec, levels: dict[str, int]) -> Fraction:
    """The regulation's roll-up, in exact rationals: Σ(child value × weight) / group weight."""
    weighted = sum(
        (nested(child, levels) * Fraction(child.weight) for child in group.groups), Fraction(0)
    )
    weighted += sum(
        (levels[item.code] * Fraction(item.weight) for item in group.indicators), Fraction(0)
    )
    return weighted / Fraction(group.weight)


def nested_index(spec: FrameworkSpec, levels: dict[str, int]) -> Fraction:
    weighted = sum((nested(top, levels) * Fraction(top.weight) for top in spec.groups), Fraction(0))
    return weighted / Fraction(spec.weight_total)


def flat_index(spec: FrameworkSpec, levels: dict[str, int]) -> Decimal:
    weighted = sum(
        (levels[item.code] * item.weight for item, _group in spec.indicators()), Decimal(0)
    )
    return weighted / spec.weight_total


@PROPERTY
@given(data=st.data())
def test_the_index_equals_both_the_nested_roll_up_and_the_flat_weighted_sum(
    engine: IndexEngine, data: st.DataObject
) -> None:
    levels = data.draw(all_levels(engine.spec))
    result = engine.score(levels)
    assert result.index == flat_index(engine.spec, levels)
    assert Fraction(result.index) == nested_index(engine.spec, levels)
    groups = {group.code: group.index for group in result.groups}
    for node in engine.spec.walk():
        exact = nested(node.group, levels)
        # A group quotient that does not terminate carries 40 significant digits.
        assert abs(Fraction(groups[node.group.code]) - exact) < Fraction(1, 10**35)
    assert result.predicate == engine.predicate(result.index)


@PROPERTY
@given(data=st.data())
def test_a_partial_index_is_the_answered_weighted_mean_and_every_completion_is_in_range(
    engine: IndexEngine, data: st.DataObject
) -> None:
    spec = engine.spec
    levels = data.draw(some_levels(spec))
    result = engine.score(levels)
    answered = {key: value for key, value in levels.items() if value is not None}
    weights = {item.code: item.weight for item, _group in spec.indicators()}
    assert result.answered == len(answered)
    assert result.complete == (len(answered) == len(levels))
    assert result.answered_weight == sum((weights[key] for key in answered), Decimal(0))
    if answered:
        weighted = sum((level * Fraction(weights[key]) for key, level in answered.items()), 0)
        mean = weighted / Fraction(result.answered_weight)
        assert abs(Fraction(result.index) - mean) < Fraction(1, 10**35)
        assert result.minimum <= result.index <= result.maximum
    else:
        assert result.index is None
    completion = {
        key: data.draw(st.integers(spec.level_min, spec.level_max)) if value is None else value
        for key, value in levels.items()
    }
    final = engine.score(completion).index
    assert result.minimum <= final <= result.maximum
    at_min = {key: spec.level_min if value is None else value for key, value in levels.items()}
    at_max = {key: spec.level_max if value is None else value for key, value in levels.items()}
    assert engine.score(at_min).index == result.minimum
    assert engine.score(at_max).index == result.maximum
