"""The planner page's inputs and outputs around the pure optimizer (simpul/planner).

Starting points are a cycle's levels of one source or a saved scenario; efforts are the
shipped defaults with the agency's saved overrides. The plan is shaped for the template
here, with indicator names from the framework spec and values rounded only for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.agencies.models import Agency
from simpul.cycles.items import SELF, official_stages
from simpul.cycles.models import Cycle, ItemReview, ReviewStage
from simpul.frameworks.models import Framework
from simpul.frameworks.spec import RULE_EXTERNAL, FrameworkSpec, decimal_text
from simpul.frameworks.values import exact_text
from simpul.planner.defaults import assumptions
from simpul.planner.inputs import ITEM_EFFORT_UNIT as ITEM_UNIT
from simpul.planner.items import ItemRoadmap
from simpul.planner.optimizer import (
    KIND_LOCK,
    KIND_MAX_STEPS,
    KIND_RULE,
    Efforts,
    Plan,
    Rule,
)

from .models import SOURCE_FIELDS, EffortProfile, LevelSource, Scenario
from .simulation import Levels, indicator_label, source_levels

SCENARIO_PREFIX = "skenario"
GAIN_PLACES = Decimal("0.0001")
LIMIT_KINDS = {
    KIND_LOCK: gettext_lazy("dikunci"),
    KIND_MAX_STEPS: gettext_lazy("batas langkah per tahun"),
    KIND_RULE: gettext_lazy("aturan prasyarat"),
}


@dataclass(frozen=True)
class Start:
    """One starting point the planner offers: `key` is its form value."""

    key: str
    label: str
    cycle: Cycle
    source: str
    scenario: Scenario | None
    complete: bool


def starts_for(agency: Agency) -> list[Start]:
    """Every cycle × source of the agency (with whether all levels are there), then scenarios."""
    counts = {
        f"{source}_n": Count("answers", filter=Q(**{f"answers__{field}__isnull": False}))
        for source, field in SOURCE_FIELDS.items()
    }
    cycles = (
        Cycle.objects.for_agency(agency)
        .select_related("framework")
        .defer("framework__document", "self_assessment_snapshot")
        .annotate(total=Count("answers"), **counts)
        .order_by("-year")
    )
    out = []
    for cycle in cycles:
        if not cycle.framework.engine().scored_by_level:
            continue  # valued item by item: planned by the item planner (docs/planner.md)
        for source in LevelSource:
            given = getattr(cycle, f"{source}_n")
            label = f"{cycle.year} · {source.label}"
            if given < cycle.total:
                label += " " + _("(baru %(given)s dari %(total)s bertingkat)") % {
                    "given": given,
                    "total": cycle.total,
                }
            out.append(
                Start(f"{source}:{cycle.pk}", label, cycle, source, None, given == cycle.total)
            )
    scenarios = (
        Scenario.objects.for_agency(agency)
        .select_related("cycle__framework")
        .defer("cycle__framework__document", "cycle__self_assessment_snapshot")
    )
    for scenario in scenarios:
        label = _("Skenario “%(name)s” (%(year)s)") % {
            "name": scenario.name,
            "year": scenario.cycle.year,
        }
        out.append(
            Start(
                f"{SCENARIO_PREFIX}:{scenario.pk}",
                label,
                scenario.cycle,
                scenario.source,
                scenario,
                len(scenario.levels) == len(list(scenario.cycle.framework.spec().indicators())),
            )
        )
    return out


def current_start_key(key: str) -> str:
    """A start key as saved before the slugs ("mandiri:12") in today's form ("self:12")."""
    source, sep, rest = key.partition(":")
    member = LevelSource.parse(source)
    return f"{member}:{rest}" if sep and member is not None else key


def default_start(starts: list[Start]) -> Start | None:
    """The latest complete official result, else the latest complete start, else the first."""
    complete = [start for start in starts if start.complete and start.scenario is None]
    for start in complete:
        if start.source == LevelSource.FINAL:
            return start
    return complete[0] if complete else (starts[0] if starts else None)


def start_levels(start: Start) -> Levels:
    if start.scenario is not None:
        spec = start.cycle.framework.spec()
        levels: Levels = {item.code: None for item, _group in spec.indicators()}
        levels.update(start.scenario.levels)
        return levels
    return source_levels(start.cycle, start.source)


def missing_levels(spec: FrameworkSpec, levels: Levels) -> list[str]:
    """Indicators without a level, as "5 (I05)", in number order."""
    return [
        indicator_label(item) for item, _group in spec.indicators() if levels.get(item.code) is None
    ]


# --- efforts ------------------------------------------------------------------------------


def agency_efforts(agency: Agency, framework: Framework) -> tuple[Efforts, EffortProfile | None]:
    """The shipped default efforts with the agency's saved overrides applied."""
    defaults = assumptions(framework.spec()).efforts
    profile = EffortProfile.objects.for_agency(agency).filter(framework=framework).first()
    if profile is None:
        return defaults, None
    return apply_overrides(defaults, profile.overrides, profile.unit), profile


def apply_overrides(defaults: Efforts, overrides: dict, unit: str) -> Efforts:
    steps = defaults.steps
    changes = {}
    for code, values in overrides.items():
        for level, effort in values.items():
            # A step the framework does not have (a stale override) is ignored.
            position = int(level) - defaults.level_min
            if code in steps and 0 <= position < len(steps[code]):
                changes[(code, int(level))] = Decimal(effort)
    return defaults.replaced(changes, unit=unit)


# --- output -------------------------------------------------------------------------------


def gain_text(value: Decimal) -> str:
    """An exact index gain rounded to four places, for showing only."""
    return decimal_text(value.quantize(GAIN_PLACES, rounding=ROUND_HALF_EVEN))


def rule_text(spec: FrameworkSpec, rule: Rule) -> str:
    names = {item.code: indicator_label(item) for item, _group in spec.indicators()}
    return _(
        "indikator %(x)s tidak boleh melebihi tingkat %(max)s kecuali indikator %(y)s paling "
        "rendah tingkat %(min)s"
    ) % {
        "x": names[rule.indicator],
        "max": rule.max_level,
        "y": names[rule.requires],
        "min": rule.min_level,
    }


def plan_view(spec: FrameworkSpec, engine, result: Plan, first_year: int) -> dict:
    """The plan as the planner template shows it."""
    indicators = {item.code: item for item, _group in spec.indicators()}

    def step_row(step) -> dict:
        return {
            "indicator": indicators[step.indicator],
            "from": step.from_level,
            "to": step.to_level,
            "gain": gain_text(step.gain),
            "gain_exact": decimal_text(step.gain),
            "effort": decimal_text(step.effort),
            "year": first_year + step.year - 1,
        }

    years = [
        {
            "year": first_year + year.year - 1,
            "target": decimal_text(year.target.value),
            "target_predicate": year.target.predicate,
            "target_inclusive": year.target.inclusive,
            "feasible": year.feasible,
            "index": engine.display(year.index),
            "predicate": year.predicate,
            "max_reachable": engine.display(year.max_reachable),
            "effort": decimal_text(year.effort),
            "steps": [step_row(step) for step in year.steps],
        }
        for year in result.years
    ]
    return {
        "result": result,
        "feasible": result.feasible,
        "start_index": engine.display(result.start_index),
        "start_predicate": result.start_predicate,
        "index": engine.display(result.index),
        "index_exact": decimal_text(result.index),
        "predicate": result.final.predicate,
        "max_reachable": engine.display(result.final.max_reachable),
        "total_effort": decimal_text(result.total_effort),
        "unit": result.effort_unit,
        "years": years,
        "steps": [step_row(step) for step in result.steps],
        "limits_year": None if result.limits_year is None else first_year + result.limits_year - 1,
        "limits": [
            {
                "indicator": indicators[limit.indicator],
                "kind": LIMIT_KINDS[limit.kind],
                "level": limit.level,
                "ceiling": limit.ceiling,
                "lost_gain": gain_text(limit.lost_gain),
                "rules": [rule_text(spec, rule) for rule in limit.rules],
            }
            for limit in result.limits
        ],
        "leverage": [
            {
                "indicator": indicators[item.indicator],
                "from": item.from_level,
                "to": item.to_level,
                "gain": gain_text(item.gain),
                "effort": decimal_text(item.effort),
                "ratio": _ratio(item.gain, item.effort),
                "blocked_by": [rule_text(spec, rule) for rule in item.blocked_by],
            }
            for item in result.leverage
        ],
    }


def _ratio(gain: Decimal, effort: Decimal) -> str:
    if not effort:
        return "∞"
    # Gain per 100 units of effort reads better than 0.000xyz per unit.
    return gain_text(gain * 100 / effort)


# --- the item planner (frameworks valued item by item) ------------------------------------


def item_cycles(agency: Agency) -> list[Cycle]:
    """The agency's cycles on a framework valued item by item, newest first."""
    cycles = (
        Cycle.objects.for_agency(agency)
        .select_related("framework")
        .defer("framework__document", "self_assessment_snapshot")
        .order_by("-year")
    )
    return [cycle for cycle in cycles if not cycle.framework.engine().scored_by_level]


def agency_item_efforts(
    agency: Agency, framework: Framework
) -> tuple[dict[str, Decimal], str, EffortProfile | None]:
    """(effort by item code where it is not 1, the unit, the saved profile or None)."""
    profile = EffortProfile.objects.for_agency(agency).filter(framework=framework).first()
    if profile is None:
        return {}, ITEM_UNIT, None
    codes = {
        item.code
        for indicator, _group in framework.spec().indicators()
        for _l, item in indicator.items()
    }
    # An item the framework no longer has (a stale override) is ignored.
    efforts = {code: Decimal(text) for code, text in profile.overrides.items() if code in codes}
    return efforts, profile.unit, profile


def default_item_stage(cycle: Cycle) -> str:
    """The latest stage with verdicts of its own, else the self-assessment (ready items)."""
    found = official_stages([cycle]).get(cycle.pk)
    if found:
        return found
    has_internal = ItemReview.objects.filter(
        answer__cycle=cycle, stage=ReviewStage.INTERNAL
    ).exists()
    return ReviewStage.INTERNAL.value if has_internal else SELF


def item_roadmap_view(
    cycle: Cycle, roadmap: ItemRoadmap, first_year: int, efforts: dict[str, Decimal], unit: str
) -> dict:
    """An item roadmap as the item planner shows it: per evaluation, per indicator, per item,
    with each indicator's owner units in the cycle planned from (two queries)."""
    framework = cycle.framework
    engine = framework.engine()
    spec = engine.spec
    indicators = {item.code: item for item, _group in spec.indicators()}
    items = {
        item.code: (level.level, item)
        for indicator in indicators.values()
        for level, item in indicator.items()
    }
    owners: dict[str, list[str]] = {}
    for answer in cycle.answers.select_related("indicator").prefetch_related("units"):
        owners[answer.indicator.code] = sorted(unit.name for unit in answer.units.all())

    def effort_of(code: str) -> Decimal:
        return efforts.get(code, Decimal(1))

    years = []
    for k, plan in enumerate(roadmap.plans):
        years.append(
            {
                "year": first_year + k,
                "target": decimal_text(plan.target.value),
                "target_inclusive": plan.target.inclusive,
                "feasible": plan.feasible,
                "start": engine.display(plan.start_index),
                "index": engine.display(plan.achieved_index),
                "predicate": engine.predicate(plan.achieved_index),
                "max_reachable": engine.display(plan.max_reachable_index),
                "effort": decimal_text(plan.total_effort),
                "count": len(plan.items),
                "indicators": [
                    {
                        "indicator": indicators[change.code],
                        "from": engine.display(change.from_value),
                        "to": engine.display(change.to_value),
                        "from_level": change.from_level,
                        "to_level": change.to_level,
                        "effort": decimal_text(change.effort),
                        "owners": owners.get(change.code, []),
                        "items": [
                            {
                                "code": code,
                                "level": items[code][0],
                                "text": items[code][1].text or items[code][1].note,
                                "effort": decimal_text(effort_of(code)),
                            }
                            for code in change.items
                        ],
                    }
                    for change in plan.changes
                ],
            }
        )
    last = roadmap.plans[-1]
    first = roadmap.plans[0]
    return {
        "roadmap": roadmap,
        "efforts": efforts,
        "unit": unit,
        "feasible": roadmap.feasible,
        "start_index": engine.display(first.start_index),
        "start_predicate": engine.predicate(first.start_index),
        "index": engine.display(last.achieved_index),
        "index_exact": exact_text(last.achieved_index),
        "predicate": engine.predicate(last.achieved_index),
        "max_reachable": engine.display(last.max_reachable_index),
        "total_effort": decimal_text(roadmap.total_effort),
        "count": len(roadmap.items),
        "years": years,
        "external": [
            indicator for indicator in indicators.values() if indicator.value_rule == RULE_EXTERNAL
        ],
    }
