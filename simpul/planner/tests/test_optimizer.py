"""The planner on hand-made cases: targets, locks, step limits, rules, limits, leverage."""

import copy
import json
from decimal import Decimal
from types import MappingProxyType

import pytest

from simpul.frameworks.checking import load_framework_file, parse_framework_document
from simpul.frameworks.scoring import IndexEngine
from simpul.frameworks.tests.conftest import PEMDI_FILE, SPBE_FILE
from simpul.planner import optimizer
from simpul.planner.defaults import assumptions
from simpul.planner.optimizer import (
    INDICATOR_LIMIT,
    Efforts,
    Leverage,
    Limit,
    PlanTooComplex,
    Rule,
    Target,
    plan,
    rank_leverage,
)
from simpul.planner.tests.references import check_plan, small_engine
from simpul.plans.planning import plan_view

# The parsed spec is shared; the engine is built in each test (fixture `spbe`) so that mutmut
# attributes the optimizer's and the engine's mutants to every test that runs them.
SPBE_SPEC = load_framework_file(SPBE_FILE)
CODES = [item.code for item, _group in SPBE_SPEC.indicators()]
DEFAULTS = assumptions(SPBE_SPEC).efforts
SUGGESTED = assumptions(SPBE_SPEC).rules


@pytest.fixture
def spbe() -> IndexEngine:
    return IndexEngine(SPBE_SPEC)


def levels(level: int, **changes: int) -> dict[str, int]:
    return {**dict.fromkeys(CODES, level), **changes}


def flat(engine: IndexEngine, effort: int | str = 10, **own: tuple) -> Efforts:
    steps = {item.code: (Decimal(effort),) * 4 for item, _group in engine.spec.indicators()}
    steps.update({code: tuple(Decimal(v) for v in values) for code, values in own.items()})
    return Efforts("hari", 1, MappingProxyType(steps))


def test_a_target_already_reached_needs_no_step(spbe: IndexEngine) -> None:
    result = plan(spbe, levels(3), [Target(Decimal("2.6"))], DEFAULTS)
    assert result.feasible and result.steps == () and result.total_effort == 0
    assert result.index == result.start_index == Decimal(3)


def test_it_reaches_sangat_baik_from_its_exact_lower_bound_at_the_least_effort(
    spbe: IndexEngine,
) -> None:
    target = Target.of_predicate(spbe.spec, "Sangat Baik")
    assert (target.value, target.inclusive) == (Decimal("3.5"), True)
    result = plan(spbe, levels(3), [target], DEFAULTS)
    assert result.feasible and result.final.predicate == "Sangat Baik"
    assert result.index >= Decimal("3.5")
    # +0.5 needs 50 weight-levels; proses steps 3→4 cost 40, layanan 60; the weights per
    # day are best on I01–I31 (proses) and among them D2 (2.5) beats D3 (1.5) beats D1 (1.3).
    check_plan(spbe, result, levels(3), [target], DEFAULTS, set(), None, [])
    assert result.total_effort == sum(step.effort for step in result.steps)


def test_an_exclusive_band_edge_must_be_passed_not_just_touched() -> None:
    document = json.loads(SPBE_FILE.read_text("utf-8"))
    band = next(item for item in document["predicates"] if item["name"] == "Baik")
    band["lower_inclusive"] = False
    cukup = next(item for item in document["predicates"] if item["name"] == "Cukup")
    cukup["upper_inclusive"] = True
    engine = IndexEngine(parse_framework_document(document))
    target = Target.of_predicate(engine.spec, "Baik")
    assert (target.value, target.inclusive) == (Decimal("2.6"), False)
    # 2.6 exactly is Cukup now: 60 weight-levels above 2 is not enough, 60.x is.
    start = levels(2)
    touching = plan(engine, start, [Target(Decimal("2.6"))], flat(engine))
    passing = plan(engine, start, [target], flat(engine))
    assert touching.index == Decimal("2.6") and touching.final.predicate == "Cukup"
    assert passing.index > Decimal("2.6") and passing.final.predicate == "Baik"


def test_locked_indicators_stay_even_when_they_are_the_cheapest(spbe: IndexEngine) -> None:
    efforts = flat(spbe, 50, I45=(1, 1, 1, 1), I46=(1, 1, 1, 1))
    free = plan(spbe, levels(2), [Target(Decimal("2.1"))], efforts)
    assert {step.indicator for step in free.steps} == {"I45", "I46"}
    locked = plan(spbe, levels(2), [Target(Decimal("2.1"))], efforts, locks={"I45"})
    assert "I45" not in {step.indicator for step in locked.steps}
    assert locked.total_effort > free.total_effort


def test_no_indicator_climbs_more_than_the_yearly_step_limit(spbe: IndexEngine) -> None:
    efforts = flat(spbe, 50, I45=(1, 1, 1, 1))
    unlimited = plan(spbe, levels(1), [Target(Decimal("1.1"))], efforts)
    assert [(s.indicator, s.from_level, s.to_level) for s in unlimited.steps][0] == ("I45", 1, 5)
    limited = plan(spbe, levels(1), [Target(Decimal("1.1"))], efforts, max_steps=1)
    assert all(step.to_level - step.from_level == 1 for step in limited.steps)


def test_a_prerequisite_rule_brings_the_policy_indicator_along(spbe: IndexEngine) -> None:
    start = levels(3, I01=1)
    efforts = flat(spbe, 100, I11=(1, 1, 1, 1), I01=(5, 5, 5, 5))
    # From 2.974, +0.05 is 5 weight-levels: I11 3→5 alone (2.5 each) for 2 days.
    target = [Target(Decimal("3.024"))]
    alone = plan(spbe, start, target, efforts)
    assert [(s.indicator, s.to_level) for s in alone.steps] == [("I11", 5)]
    ruled = plan(spbe, start, target, efforts, rules=SUGGESTED)
    # I11 above 3 needs I01 at 3, above 4 needs I01 at 4: I01 1→3 (2.6) with I11 3→4 (2.5)
    # for 11 beats I01 1→4 with I11 3→5 for 17 and I01 1→5 alone (5.2) for 20.
    assert [(s.indicator, s.to_level) for s in ruled.steps] == [("I01", 3), ("I11", 4)]
    assert ruled.total_effort == 10 + 1


def test_a_rule_does_not_lower_an_indicator_that_already_exceeds_it(spbe: IndexEngine) -> None:
    start = levels(2, I11=5, I01=1)
    result = plan(spbe, start, [Target(Decimal("2"))], DEFAULTS, rules=SUGGESTED)
    assert result.feasible and result.levels["I11"] == 5 and result.steps == ()


def test_an_unreachable_target_reports_the_highest_index_and_the_locks_that_hold_it(
    spbe: IndexEngine,
) -> None:
    locks = set(CODES[32:])
    result = plan(spbe, levels(1), [Target(Decimal("4.5"))], DEFAULTS, locks=locks)
    assert not result.feasible and result.limits_year == 1
    # Everything unlocked at 5, the 15 locked layanan indicators at 1.
    locked_weight = sum(item.weight for item, _g in spbe.spec.indicators() if item.code in locks)
    expected = (5 * (100 - locked_weight) + locked_weight) / Decimal(100)
    assert result.final.max_reachable == expected == result.index
    assert {
        (limit.indicator, limit.kind, limit.level, limit.ceiling) for limit in result.limits
    } == {(code, "lock", 1, 5) for code in locks}


def test_the_step_limit_and_the_rules_are_named_when_they_hold_the_index_down(
    spbe: IndexEngine,
) -> None:
    result = plan(
        spbe,
        levels(2),
        [Target(Decimal("4.9"))],
        DEFAULTS,
        locks={"I01"},
        max_steps=2,
        rules=SUGGESTED,
    )
    assert not result.feasible
    kinds = {limit.indicator: limit for limit in result.limits}
    assert kinds["I01"].kind == "lock"
    # I11 needs I01 at 3 to pass 3; I01 is locked at 2.
    assert (kinds["I11"].kind, kinds["I11"].level, kinds["I11"].ceiling) == ("rule", 3, 4)
    assert kinds["I11"].rules == (Rule("I11", 3, "I01", 3),)
    assert (kinds["I32"].kind, kinds["I32"].level) == ("max_steps", 4)


def test_a_roadmap_meets_every_year_under_the_step_limit_for_the_least_total_effort(
    spbe: IndexEngine,
) -> None:
    targets = [Target(Decimal("3.2")), Target(Decimal("3.6"))]
    start = levels(3, I01=2, I20=2)
    roadmap = plan(spbe, start, targets, DEFAULTS, max_steps=1)
    check_plan(spbe, roadmap, start, targets, DEFAULTS, set(), 1, [])
    assert [year.feasible for year in roadmap.years] == [True, True]
    assert {step.year for step in roadmap.steps} == {1, 2}
    assert roadmap.total_effort == sum(year.effort for year in roadmap.years)
    # Without a step limit the roadmap is the one-year plan to the last target, done at once.
    at_once = plan(spbe, start, targets, DEFAULTS)
    one_year = plan(spbe, start, targets[-1:], DEFAULTS)
    assert at_once.total_effort == one_year.total_effort
    assert at_once.years[0].levels == one_year.levels and at_once.years[1].steps == ()


def test_a_year_out_of_reach_is_named_while_the_later_years_are_still_planned(
    spbe: IndexEngine,
) -> None:
    targets = [Target(Decimal("3.5")), Target(Decimal("3.5"))]
    result = plan(spbe, levels(2), targets, DEFAULTS, max_steps=1)
    assert [year.feasible for year in result.years] == [False, True]
    assert result.limits_year == 1 and not result.feasible
    assert result.years[0].index == result.years[0].max_reachable == Decimal(3)
    assert all(limit.kind == "max_steps" for limit in result.limits)


def test_ties_go_to_fewer_steps_then_to_lower_indicator_numbers() -> None:
    engine = small_engine([Decimal(1)] * 4)
    efforts = Efforts(
        "hari",
        1,
        MappingProxyType(
            {
                "K1": tuple(map(Decimal, (2, 2, 2, 2))),
                "K2": tuple(map(Decimal, (1, 1, 1, 1))),
                "K3": tuple(map(Decimal, (1, 1, 1, 1))),
                "K4": tuple(map(Decimal, (2, 2, 2, 2))),
            }
        ),
    )
    start = dict.fromkeys(["K1", "K2", "K3", "K4"], 1)
    # +2 levels: K2 twice, K3 twice, K2+K3 all cost 2 with two steps; K1 or K4 alone costs 4.
    result = plan(engine, start, [Target(Decimal("1.5"))], efforts)
    assert [(s.indicator, s.from_level, s.to_level) for s in result.steps] == [("K2", 1, 3)]
    assert plan(engine, start, [Target(Decimal("1.5"))], efforts) == result


def test_the_leverage_ranking_puts_free_steps_first_then_gain_per_effort(spbe: IndexEngine) -> None:
    efforts = flat(spbe, 40, I05=(0, 0, 0, 0), I45=(10, 10, 10, 10), I11=(5, 5, 5, 5))
    ranked = rank_leverage(spbe, levels(1), efforts, locks={"I46"}, rules=SUGGESTED)
    assert [item.indicator for item in ranked[:3]] == ["I05", "I11", "I45"]
    assert ranked[0].gain_per_effort is None
    assert ranked[1].gain_per_effort > ranked[2].gain_per_effort
    assert "I46" not in {item.indicator for item in ranked}
    # A plan carries the same ranking from its start, its rules and what it started from.
    planned = plan(
        spbe, levels(1), [Target(Decimal("1.2"))], efforts, locks={"I46"}, rules=SUGGESTED
    )
    assert planned.leverage == ranked and planned.rules == tuple(SUGGESTED)
    assert planned.start_index == 1 and planned.start_predicate == spbe.predicate(Decimal(1))
    assert planned.start_predicate == "Kurang"
    assert ranked[1].blocked_by == ()  # 1→2 needs nothing; 2→3 would need I01 at 2
    blocked = rank_leverage(spbe, levels(2, I01=1), efforts, rules=SUGGESTED)
    assert next(i for i in blocked if i.indicator == "I11").blocked_by == (
        Rule("I11", 2, "I01", 2),
    )


def test_any_framework_version_can_be_planned_with_its_default_efforts() -> None:
    engine = IndexEngine(load_framework_file(PEMDI_FILE))
    start = {item.code: 2 for item, _group in engine.spec.indicators()}
    target = Target.of_predicate(engine.spec, "Baik")
    result = plan(engine, start, [target], assumptions(engine.spec).efforts)
    assert result.feasible and result.final.predicate == "Baik"


def test_decimal_efforts_add_up_exactly(spbe: IndexEngine) -> None:
    efforts = flat(spbe, "0.1")
    result = plan(spbe, levels(1), [Target(Decimal("1.3"))], efforts, max_steps=1)
    raised = sum(step.to_level - step.from_level for step in result.steps)
    assert raised > 3 and result.total_effort == Decimal("0.1") * raised
    assert result.total_effort == sum((step.effort for step in result.steps), Decimal(0))


def test_rules_that_join_too_many_indicators_are_refused_not_guessed(spbe: IndexEngine) -> None:
    chain = [Rule(CODES[k], 1, CODES[k + 1], 2) for k in range(len(CODES) - 1)]
    with pytest.raises(PlanTooComplex) as caught:
        plan(spbe, levels(1), [Target(Decimal("3"))], DEFAULTS, rules=chain)
    assert caught.value.field == "rules"


def test_inconsistent_input_is_a_value_error(spbe: IndexEngine) -> None:
    with pytest.raises(ValueError, match="every indicator"):
        plan(spbe, {"I01": 1}, [Target(Decimal(3))], DEFAULTS)
    negative = copy.copy(DEFAULTS).replaced({("I01", 1): Decimal(-1)})
    with pytest.raises(ValueError, match="none negative"):
        plan(spbe, levels(1), [Target(Decimal(3))], negative)
    with pytest.raises(ValueError, match="own prerequisite"):
        plan(spbe, levels(1), [Target(Decimal(3))], DEFAULTS, rules=[Rule("I01", 1, "I01", 2)])


def test_a_framework_past_the_indicator_limit_is_refused_not_a_crash() -> None:
    """1,000 indicators once ended in RecursionError; the limit itself still plans."""
    for count in (INDICATOR_LIMIT, INDICATOR_LIMIT + 1, 1000):
        engine = small_engine([Decimal(1)] * count)
        start = {f"K{number}": 1 for number in range(1, count + 1)}
        targets = [Target(Decimal("2")), Target(Decimal("3"))]
        efforts = assumptions(engine.spec).efforts
        if count <= INDICATOR_LIMIT:
            result = plan(engine, start, targets, efforts, max_steps=1)
            assert result.feasible and result.final.index >= 3
            continue
        with pytest.raises(PlanTooComplex) as caught:
            plan(engine, start, targets, efforts, max_steps=1)
        assert caught.value.field == "framework"
        assert f"{count} indikator" in caught.value.message


def test_each_inconsistent_input_names_what_is_wrong(spbe: IndexEngine) -> None:
    def refused(match: str, start: dict | None = None, targets=None, efforts=None, **options):
        with pytest.raises(ValueError, match=match):
            plan(
                spbe,
                levels(1) if start is None else start,
                [Target(Decimal(3))] if targets is None else targets,
                DEFAULTS if efforts is None else efforts,
                **options,
            )

    refused("^at least one target is needed$", targets=[])
    refused("^max_steps must not be negative$", max_steps=-1)
    refused(r"^unknown locked indicators: \['I98', 'I99'\]$", locks={"I99", "I01", "I98"})
    for wrong in (0, 6, True, 2.0):
        refused("^every level must be a whole level on the scale$", levels(1, I07=wrong))
    for rule in (Rule("I99", 1, "I01", 2), Rule("I01", 1, "I99", 2)):
        refused(f"^rule {rule} names an unknown indicator$".replace("(", r"\(").replace(")", r"\)"),
                rules=[rule])  # fmt: skip
    short = Efforts("hari", 1, MappingProxyType({**DEFAULTS.steps, "I07": (Decimal(1),) * 3}))
    refused("^efforts must give every step of I07, none negative$", efforts=short)
    for bad in ("Infinity", "NaN", "-0.5"):
        odd = DEFAULTS.replaced({("I07", 4): Decimal(bad)})
        refused("^efforts must give every step of I07, none negative$", efforts=odd)
    # The edges are allowed: no step at all, the scale's own ends, free steps.
    edges = levels(1, I07=5)
    free = DEFAULTS.replaced({("I07", 1): Decimal(0)})
    result = plan(spbe, edges, [Target(Decimal(1))], free, max_steps=0, locks={"I07"})
    assert result.feasible and result.steps == () and result.start_levels["I07"] == 5


def test_rules_past_the_component_budget_say_how_many_indicators_they_join(
    spbe: IndexEngine,
) -> None:
    chain = [Rule(CODES[k], 1, CODES[k + 1], 2) for k in range(len(CODES) - 1)]
    with pytest.raises(PlanTooComplex) as caught:
        plan(spbe, levels(1), [Target(Decimal("3"))], DEFAULTS, rules=chain)
    assert caught.value.message == (
        f"aturan prasyarat menghubungkan terlalu banyak indikator ({len(CODES)}) untuk dihitung "
        "tepat"
    )
    assert str(caught.value) == caught.value.message


def test_the_small_input_and_output_types_do_what_they_say(spbe: IndexEngine) -> None:
    # The lowest band has no lower bound: its target is the scale's minimum, inclusive.
    assert Target.of_predicate(spbe.spec, "Kurang") == Target(Decimal(1), True, "Kurang")
    assert Target.of_predicate(spbe.spec, "Memuaskan") == Target(Decimal("4.2"), True, "Memuaskan")
    assert Target(Decimal(2)).reached_by(Decimal(2))
    assert not Target(Decimal(2), inclusive=False).reached_by(Decimal(2))
    assert Target(Decimal(2), inclusive=False).reached_by(Decimal("2.001"))
    rule = Rule("I11", 3, "I01", 3)
    start = levels(2)
    assert rule.allows(levels(2, I11=3), start) and not rule.allows(levels(2, I11=4), start)
    assert rule.allows(levels(2, I11=4, I01=3), start)
    assert rule.allows(levels(2, I11=5), levels(2, I11=5))  # already above: may stay
    efforts = flat(spbe, 1, I07=(1, 2, 4, 8))
    assert efforts.step("I07", 1) == 1 and efforts.step("I07", 4) == 8
    assert efforts.between("I07", 2, 5) == 14 and efforts.between("I07", 3, 3) == 0
    changed = efforts.replaced({("I07", 2): Decimal(9)}, unit="jam")
    assert changed.unit == "jam" and changed.level_min == 1
    assert changed.steps["I07"] == (1, 9, 4, 8) and efforts.steps["I07"] == (1, 2, 4, 8)
    assert efforts.replaced({}).unit == "hari"
    result = plan(spbe, levels(2), [Target(Decimal("2.1")), Target(Decimal("2.2"))], efforts)
    assert result.target == Target(Decimal("2.2")) == result.final.target
    assert (
        result.final.year == 2 and result.effort_unit == "hari" and result.framework == "spbe-2020"
    )
    assert result.levels == result.final.levels and result.index == result.final.index


def test_no_leverage_under_a_zero_step_limit_and_none_past_the_top(spbe: IndexEngine) -> None:
    efforts = flat(spbe, 3)
    assert rank_leverage(spbe, levels(2), efforts, max_steps=0) == ()
    ranked = rank_leverage(spbe, levels(2, I07=5), efforts, max_steps=1, locks={"I08"})
    assert {item.indicator for item in ranked} == set(CODES) - {"I07", "I08"}
    assert all((item.from_level, item.to_level, item.effort) == (2, 3, 3) for item in ranked)


def test_a_rule_limit_names_only_the_rules_that_hold_it_and_what_it_loses(
    spbe: IndexEngine,
) -> None:
    # I11 may not pass 2 unless I01 is 3 (locked at 2: it holds) and unless I02 is 3 (I02
    # gets exactly to 3 in the year: that rule is met, so it is not named).
    rules = [Rule("I11", 2, "I01", 3), Rule("I11", 2, "I02", 3)]
    result = plan(
        spbe, levels(2), [Target(Decimal("4.9"))], DEFAULTS, locks={"I01"}, max_steps=1, rules=rules
    )
    assert not result.feasible and result.levels["I02"] == 3
    weights = {item.code: item.weight for item, _group in spbe.spec.indicators()}
    total = sum(weights.values())
    limits = {limit.indicator: limit for limit in result.limits}
    assert limits["I11"] == Limit("I11", 11, "rule", 2, 3, weights["I11"] / total, (rules[0],))
    assert limits["I01"] == Limit("I01", 1, "lock", 2, 5, 3 * weights["I01"] / total)
    assert limits["I02"] == Limit("I02", 2, "max_steps", 3, 5, 2 * weights["I02"] / total)
    assert len(result.limits) == len(CODES)


def test_a_gain_that_does_not_terminate_carries_40_significant_digits() -> None:
    engine = small_engine([Decimal(1)] * 3)
    start = dict.fromkeys(["K1", "K2", "K3"], 1)
    result = plan(engine, start, [Target(Decimal("1.3"))], assumptions(engine.spec).efforts)
    (step,) = result.steps
    assert step.to_level - step.from_level == 1
    assert step.gain == Decimal("0." + "3" * 40)


def test_a_step_is_blocked_only_by_rules_whose_prerequisite_is_not_met_yet(
    spbe: IndexEngine,
) -> None:
    rules = [Rule("I11", 2, "I01", 3), Rule("I11", 2, "I02", 3), Rule("I12", 3, "I01", 3)]
    start = levels(2, I02=3)
    ranked = {item.indicator: item for item in rank_leverage(spbe, start, flat(spbe), rules=rules)}
    weights = {item.code: item.weight for item, _group in spbe.spec.indicators()}
    gain = weights["I11"] / sum(weights.values())
    # I02 is at 3 already: only I01's rule blocks; I12 may go to 3 under its rule.
    assert ranked["I11"] == Leverage("I11", 11, 2, 3, gain, Decimal(10), (rules[0],))
    assert ranked["I12"].blocked_by == () and ranked["I02"].from_level == 3


def test_missing_levels_or_efforts_of_an_indicator_are_value_errors(spbe: IndexEngine) -> None:
    start = {code: 1 for code in CODES if code != "I07"}
    missing_level = "^levels must give every indicator of the framework a level$"
    with pytest.raises(ValueError, match=missing_level):
        plan(spbe, start, [Target(Decimal(3))], DEFAULTS)
    steps = {code: own for code, own in DEFAULTS.steps.items() if code != "I07"}
    without = Efforts("hari", 1, MappingProxyType(steps))
    with pytest.raises(ValueError, match="^efforts must give every step of I07, none negative$"):
        plan(spbe, levels(1), [Target(Decimal(3))], without)


def test_the_indicator_limit_message_names_the_count_and_the_limit() -> None:
    count = INDICATOR_LIMIT + 1
    engine = small_engine([Decimal(1)] * count)
    start = {f"K{number}": 1 for number in range(1, count + 1)}
    with pytest.raises(PlanTooComplex) as caught:
        plan(engine, start, [Target(Decimal(2))], assumptions(engine.spec).efforts)
    assert caught.value.message == (
        f"kerangka ini memiliki {count} indikator; perencana menghitung tepat paling banyak "
        f"{INDICATOR_LIMIT}"
    )


def test_the_search_spends_one_node_per_option_tried_and_refuses_past_its_budget(
    spbe: IndexEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A target already reached from level 3 everywhere: each indicator has three options (5, 4,
    # stay at 3), tried in that order; only "stay" fits a zero budget of effort, so the search
    # tries all three for each of the 47 indicators: 141 nodes. The budget is that many nodes:
    # 141 plans, 140 refuses.
    def solve() -> optimizer.Plan:
        return plan(spbe, levels(3), [Target(Decimal("2.6"))], DEFAULTS)

    nodes = 3 * len(CODES)
    monkeypatch.setattr(optimizer, "NODE_LIMIT", nodes)
    assert solve().feasible
    monkeypatch.setattr(optimizer, "NODE_LIMIT", nodes - 1)
    with pytest.raises(PlanTooComplex) as refused:
        solve()
    assert refused.value.field == "years"
    assert "terlalu rumit untuk dihitung tepat" in refused.value.message
    assert "kurangi jumlah tahun, kunci, atau aturan" in str(refused.value)


def test_a_plan_with_nothing_to_move_reports_the_current_index_exactly() -> None:
    """Weights are reduced by the common divisor of the indicators that can move; with none
    that can, the highest index reported is still the current one, exactly (odd weights are
    not halved)."""
    odd = small_engine([Decimal(3), Decimal(5)])
    stuck = plan(odd, {"K1": 2, "K2": 3}, [Target(Decimal("4.5"))], flat(odd), locks={"K1", "K2"})
    assert not stuck.feasible and stuck.steps == ()
    assert stuck.index == stuck.final.max_reachable == Decimal(2 * 3 + 3 * 5) / 8


def test_the_rule_component_budget_counts_each_level_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    """K2 above 2 needs K1 at 3: one component of two indicators, each from 1 up to 5. Its
    enumeration tries K1's five levels and, under each, K2's five: 5 + 25 = 30 levels. The
    budget is that many levels: 30 plans, 29 refuses."""
    engine = small_engine([Decimal(1), Decimal(1)])

    def solve() -> optimizer.Plan:
        rules = [Rule("K2", 2, "K1", 3)]
        return plan(engine, {"K1": 1, "K2": 1}, [Target(Decimal(4))], flat(engine), rules=rules)

    monkeypatch.setattr(optimizer, "COMPONENT_LIMIT", 30)
    assert solve().feasible
    monkeypatch.setattr(optimizer, "COMPONENT_LIMIT", 29)
    with pytest.raises(PlanTooComplex) as refused:
        solve()
    assert refused.value.field == "rules" and "(2)" in refused.value.message


def test_a_chain_of_rules_holds_back_every_link_in_the_same_year() -> None:
    """K1 above 2 needs K2 at 3, K2 above 2 needs K3 at 3, one step a year, K3 from 1. In
    year 1 K3 reaches only 2, so K2 stays at 2, and then K1 must stay at 2 too: lowering K2
    re-checks the rule on K1 (a second pass over the rules)."""
    engine = small_engine([Decimal(1), Decimal(1), Decimal(1)])
    rules = [Rule("K1", 2, "K2", 3), Rule("K2", 2, "K3", 3)]
    start = {"K1": 2, "K2": 2, "K3": 1}
    efforts = flat(engine, K1=(1, 1, 1, 1))
    targets = [Target(Decimal("2.0")), Target(Decimal("3.0"))]
    result = plan(engine, start, targets, efforts, max_steps=1, rules=rules)
    assert result.feasible
    first, second = result.years
    assert dict(first.levels) == {"K1": 2, "K2": 2, "K3": 2}
    assert dict(second.levels) == {"K1": 3, "K2": 3, "K3": 3}
    for year in result.years:
        assert all(rule.allows(year.levels, start) for rule in rules)


def test_a_year_without_steps_has_an_exact_zero_effort_the_plan_view_can_show(
    spbe: IndexEngine,
) -> None:
    """The step a roadmap needs is taken in year 1 (the earliest schedule), so year 2 has none:
    its effort, and the total of a plan with no step at all, are Decimal zeros (the plan view
    writes them with decimal_text)."""
    targets = [Target(Decimal("2.6")), Target(Decimal("3.024"))]
    result = plan(spbe, levels(3), targets, flat(spbe, 1))
    view = plan_view(spbe.spec, spbe, result, 2027)
    assert [year["effort"] for year in view["years"]] == ["1", "0"]
    assert [len(year["steps"]) for year in view["years"]] == [1, 0]
    idle = plan(spbe, levels(3), [Target(Decimal("2.6"))], DEFAULTS)
    assert plan_view(spbe.spec, spbe, idle, 2027)["total_effort"] == "0"
