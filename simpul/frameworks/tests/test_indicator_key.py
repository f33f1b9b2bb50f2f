"""One reading of the indicator a person types, for the catalog (database) and for specs."""

import pytest

from simpul.frameworks.models import Framework, Indicator
from simpul.frameworks.spec import indicator_key


@pytest.fixture
def spbe(frameworks_loaded) -> Framework:
    return Framework.objects.get(code="spbe-2020")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("19", ("19", 19)), ("i19", ("I19", 19)), (" I 019 ", ("I019", 19)), ("P3", ("P3", None))],
)
def test_what_people_type_names_a_number(typed, expected):
    assert indicator_key(typed) == expected


@pytest.mark.parametrize("typed", ["19", "I19", "i19", "I019", " 19 "])
def test_the_database_and_the_spec_find_the_same_indicator(spbe, typed):
    spec = spbe.spec()
    assert spec.indicator_by_key(typed).code == "I19"
    assert Indicator.objects.filter(framework=spbe).by_key(typed).code == "I19"


@pytest.mark.parametrize("typed", ["", "99", "I99", "x"])
def test_an_unknown_indicator_is_none_in_both(spbe, typed):
    assert spbe.spec().indicator_by_key(typed) is None
    assert Indicator.objects.filter(framework=spbe).by_key(typed) is None
