"""The shipped assumptions: default efforts for every framework, suggested SPBE rules off."""

from decimal import Decimal

import pytest

from simpul.frameworks.checking import load_framework_file, shipped_framework_files
from simpul.frameworks.tests.conftest import SPBE_FILE
from simpul.planner.defaults import DATA_DIR, assumptions
from simpul.planner.optimizer import Rule

SPECS = {path.stem: load_framework_file(path) for path in shipped_framework_files()}


@pytest.mark.parametrize("code", sorted(SPECS))
def test_every_shipped_framework_has_a_growing_positive_effort_for_every_step(code: str) -> None:
    spec = SPECS[code]
    defaults = assumptions(spec)
    assert defaults.efforts.unit == "hari kerja"
    assert "ASUMSI" in defaults.notice
    for indicator, _group in spec.indicators():
        steps = defaults.efforts.steps[indicator.code]
        assert len(steps) == spec.level_max - spec.level_min
        assert all(effort > 0 for effort in steps)
        assert list(steps) == sorted(steps)


def test_the_suggested_spbe_rules_pair_each_policy_with_its_implementation() -> None:
    defaults = assumptions(load_framework_file(SPBE_FILE))
    assert defaults.rules_enabled_by_default is False
    assert "tidak boleh melebihi tingkat L kecuali" in defaults.rules_explanation
    pairs = {(rule.requires, rule.indicator) for rule in defaults.rules}
    expected = {(1, 11), (2, 12), (3, 23), (4, 15), (5, 16), (6, 17), (7, 18), (8, 22)}
    expected |= {(9, 29), (9, 30), (9, 31), (10, 19)}
    assert pairs == {(f"I{p:02}", f"I{i:02}") for p, i in expected}
    # Implementation at most one level above its policy: above L needs the policy at L.
    assert {(r.max_level, r.min_level) for r in defaults.rules if r.indicator == "I30"} == {
        (2, 2),
        (3, 3),
        (4, 4),
    }
    assert Rule("I30", 3, "I09", 3) in defaults.rules


def test_a_framework_without_its_own_file_gets_the_general_defaults() -> None:
    defaults = assumptions(SPECS["pemdi-2026-draft"])
    assert defaults.rules == ()
    assert defaults.efforts.steps["P01"] == tuple(map(Decimal, ("10", "20", "40", "60")))
    assert (DATA_DIR / "default.json").exists()
