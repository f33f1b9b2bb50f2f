"""A plan request, as `manage.py plan` and POST /api/v1/plan take it, and the JSON they return.

The request document (docs/planner.md):

    {"framework": "spbe-2020", "levels": {"1": 3, ...},            every indicator
     "target": "3.5" | 3.5 | "Sangat Baik"   or   "years": ["3.2", "3.6"],
     "costs": [{"indicator": "3", "from": 2, "to": 3, "effort": 12},
               {"indicator": "5", "effort": 8}],
     "effort_unit": "hari kerja", "locks": ["3", "I07"], "max_steps": 1,
     "rules": [{"indicator": "11", "max_level": 2, "requires": "1", "min_level": 2}],
     "suggested_rules": false}

Every bad value raises ScoreInputError naming its field (e.g. "costs[2].effort") with an
Indonesian message; nothing is planned until the whole request is clean.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Context, Decimal, localcontext
from typing import Any

from django.utils.translation import gettext as _

from simpul.frameworks.scoring import IndexEngine, ScoreInputError, resolve_engine
from simpul.frameworks.spec import decimal_text, parse_decimal
from simpul.frameworks.values import exact_text
from simpul.planner.defaults import assumptions
from simpul.planner.items import ItemPlan, ItemRoadmap, plan_item_roadmap, plan_items
from simpul.planner.optimizer import Efforts, Plan, PlanTooComplex, Rule, Step, Target, plan

KEYS = (
    "framework",
    "levels",
    "target",
    "years",
    "costs",
    "effort_unit",
    "locks",
    "max_steps",
    "rules",
    "suggested_rules",
)
MAX_YEARS = 10
EFFORT_MAX = Decimal(10) ** 15
EFFORT_DECIMALS = 6
ITEM_EFFORT_MAX = Decimal(10) ** 9


def plan_request(
    document: object,
    engines: Callable[[str], IndexEngine | None],
    framework: str | None = None,
) -> dict[str, Any]:
    """Plan from a request document and return the result JSON (see module docstring).

    `engines` finds the engine for a framework code; `framework` (the command's --framework)
    is used when the document has none and must agree with it otherwise.
    """
    if not isinstance(document, dict):
        raise ScoreInputError("body", _("Isi permintaan harus berupa objek JSON."))
    engine = resolve_engine(document, engines, framework)
    if not engine.scored_by_level:
        return item_plan_request(document, engine)
    for key in document:
        if key not in KEYS:
            raise ScoreInputError(key, _("Kolom %(field)s tidak dikenal.") % {"field": key})
    reader = _Reader(engine)
    levels = reader.levels(document)
    targets = reader.targets(document)
    defaults = assumptions(engine.spec)
    efforts = reader.efforts(document, defaults.efforts)
    locks = reader.locks(document.get("locks", []))
    max_steps = reader.max_steps(document.get("max_steps"))
    rules = reader.rules(document.get("rules", []))
    suggested = document.get("suggested_rules", False)
    if not isinstance(suggested, bool):
        raise ScoreInputError("suggested_rules", _("Kolom suggested_rules harus true atau false."))
    if suggested:
        if not defaults.rules:
            raise ScoreInputError(
                "suggested_rules",
                _("Kerangka %(code)s tidak memiliki aturan prasyarat usulan.")
                % {"code": engine.spec.code},
            )
        rules = [*rules, *(rule for rule in defaults.rules if rule not in rules)]
    try:
        result = plan(
            engine, levels, targets, efforts, locks=locks, max_steps=max_steps, rules=rules
        )
    except PlanTooComplex as exc:
        raise ScoreInputError(
            exc.field, _("Rencana tidak dapat dihitung: %(reason)s.") % {"reason": exc.message}
        ) from exc
    return plan_json(engine, result, locks, max_steps)


class _Reader:
    """Checks one request's values against one framework version."""

    def __init__(self, engine: IndexEngine) -> None:
        self.engine = engine
        self.spec = engine.spec
        self.codes: dict[str, str] = {}
        for indicator, _group in self.spec.indicators():
            self.codes[str(indicator.number)] = indicator.code
            self.codes[indicator.code] = indicator.code
        self.low, self.high = self.spec.level_min, self.spec.level_max

    def indicator(self, value: object, field: str) -> str:
        key = str(value).strip() if isinstance(value, str | int) else None
        if isinstance(value, bool) or key is None or key not in self.codes:
            raise ScoreInputError(
                field,
                _("Indikator %(key)s tidak ada dalam kerangka %(framework)s.")
                % {"key": _written(value), "framework": self.spec.code},
            )
        return self.codes[key]

    def level(self, value: object, field: str) -> int:
        if type(value) is not int or not self.low <= value <= self.high:
            raise ScoreInputError(
                field,
                _("%(field)s harus tingkat bilangan bulat %(min)s sampai %(max)s, bukan %(value)s.")
                % {
                    "field": field.rsplit(".", 1)[-1],
                    "min": self.low,
                    "max": self.high,
                    "value": _written(value),
                },
            )
        return value

    def levels(self, document: dict) -> dict[str, int]:
        if "levels" not in document:
            raise ScoreInputError("levels", _("Kolom levels wajib diisi."))
        raw = document["levels"]
        if not isinstance(raw, dict):
            raise ScoreInputError(
                "levels", _('Kolom levels harus berupa objek, misalnya {"1": 3, "I02": 4}.')
            )
        levels = self.engine.read_levels(raw)
        for indicator, _group in self.spec.indicators():
            if indicator.code not in levels:
                raise ScoreInputError(
                    f"levels.{indicator.code}",
                    _(
                        "Indikator %(code)s belum memiliki tingkat. Perencanaan memerlukan "
                        "tingkat awal setiap indikator (%(total)s indikator); jawaban yang "
                        "kosong tidak dapat direncanakan."
                    )
                    % {"code": indicator.code, "total": self.engine.total},
                )
        return levels

    def targets(self, document: dict) -> list[Target]:
        if ("target" in document) == ("years" in document):
            raise ScoreInputError(
                "target",
                _(
                    "Isi tepat salah satu: target (satu tahun) atau years (peta jalan, satu "
                    "target per tahun)."
                ),
            )
        if "target" in document:
            return [self.target(document["target"], "target")]
        years = document["years"]
        if not isinstance(years, list) or not 1 <= len(years) <= MAX_YEARS:
            raise ScoreInputError(
                "years",
                _("Kolom years harus daftar berisi 1 sampai %(max)s target, satu per tahun.")
                % {"max": MAX_YEARS},
            )
        return [self.target(value, f"years[{k}]") for k, value in enumerate(years)]

    def target(self, value: object, field: str) -> Target:
        names = [band.name for band in self.spec.predicates]
        number = parse_decimal(value)
        if number is None:
            text = value.strip().casefold() if isinstance(value, str) else None
            name = next((name for name in names if name.casefold() == text), None)
            if name is None:
                raise ScoreInputError(
                    field,
                    _(
                        "Target harus nilai indeks (mis. 3.5) atau nama predikat (%(names)s), "
                        "bukan %(value)s."
                    )
                    % {"names": ", ".join(names), "value": _written(value)},
                )
            return Target.of_predicate(self.spec, name)
        if not self.low <= number <= self.high:
            raise ScoreInputError(
                field,
                _("Target %(value)s di luar skala indeks %(min)s–%(max)s.")
                % {"value": decimal_text(number), "min": self.low, "max": self.high},
            )
        return Target(number)

    def efforts(self, document: dict, defaults: Efforts) -> Efforts:
        unit = document.get("effort_unit", defaults.unit)
        if not isinstance(unit, str) or not unit.strip() or len(unit) > 40:
            raise ScoreInputError(
                "effort_unit", _("Satuan upaya harus teks 1–40 karakter, mis. hari kerja.")
            )
        rows = document.get("costs", [])
        if not isinstance(rows, list):
            raise ScoreInputError(
                "costs",
                _(
                    'Kolom costs harus daftar baris, mis. [{"indicator": "3", "from": 2, '
                    '"to": 3, "effort": 12}].'
                ),
            )
        every: dict[tuple[str, int], Decimal] = {}
        single: dict[tuple[str, int], Decimal] = {}
        given: dict[tuple[str, int | None], int] = {}
        for k, row in enumerate(rows):
            field = f"costs[{k}]"
            code, start, effort = self.cost_row(row, field)
            if (code, start) in given:
                raise ScoreInputError(
                    field,
                    _("Upaya %(what)s sudah diberikan pada costs[%(first)s].")
                    % {"what": _step_name(code, start), "first": given[(code, start)]},
                )
            given[(code, start)] = k
            if start is None:
                every.update({(code, level): effort for level in range(self.low, self.high)})
            else:
                single[(code, start)] = effort
        # A row for one step wins over a row for every step of the same indicator.
        return defaults.replaced({**every, **single}, unit=unit.strip())

    def cost_row(self, row: object, field: str) -> tuple[str, int | None, Decimal]:
        if not isinstance(row, dict):
            raise ScoreInputError(
                field, _("Setiap baris biaya harus objek dengan indicator dan effort.")
            )
        for key in row:
            if key not in ("indicator", "from", "to", "effort"):
                raise ScoreInputError(
                    f"{field}.{key}", _("Kolom %(field)s tidak dikenal.") % {"field": key}
                )
        for key in ("indicator", "effort"):
            if key not in row:
                raise ScoreInputError(
                    f"{field}.{key}", _("Kolom %(field)s wajib diisi.") % {"field": key}
                )
        code = self.indicator(row["indicator"], f"{field}.indicator")
        if ("from" in row) != ("to" in row):
            raise ScoreInputError(
                f"{field}.{'to' if 'from' in row else 'from'}",
                _("Isi from dan to bersama-sama, atau keduanya kosong untuk setiap langkah."),
            )
        start = None
        if "from" in row:
            start = self.level(row["from"], f"{field}.from")
            if start == self.high:
                raise ScoreInputError(
                    f"{field}.from",
                    _("Tingkat %(level)s adalah tingkat tertinggi; tidak ada langkah darinya.")
                    % {"level": start},
                )
            end = self.level(row["to"], f"{field}.to")
            if end != start + 1:
                raise ScoreInputError(
                    f"{field}.to",
                    _(
                        "Satu baris biaya untuk satu langkah: to harus from + 1 (%(next)s), "
                        "bukan %(to)s."
                    )
                    % {"next": start + 1, "to": end},
                )
        effort = parse_decimal(row["effort"])
        if effort is None or effort < 0 or effort > EFFORT_MAX:
            raise ScoreInputError(
                f"{field}.effort",
                _("Upaya harus angka 0 atau lebih (paling besar 10^15), bukan %(value)s.")
                % {"value": _written(row["effort"])},
            )
        if -effort.as_tuple().exponent > EFFORT_DECIMALS:
            raise ScoreInputError(
                f"{field}.effort",
                _("Upaya paling banyak %(n)s angka desimal, bukan %(value)s.")
                % {"n": EFFORT_DECIMALS, "value": _written(row["effort"])},
            )
        return code, start, effort

    def locks(self, raw: object) -> list[str]:
        if not isinstance(raw, list):
            raise ScoreInputError(
                "locks", _('Kolom locks harus daftar indikator, mis. ["3", "I07"].')
            )
        codes = [self.indicator(value, f"locks[{k}]") for k, value in enumerate(raw)]
        return list(dict.fromkeys(codes))

    def max_steps(self, raw: object) -> int | None:
        if raw is None:
            return None
        if type(raw) is not int or raw < 0:
            raise ScoreInputError(
                "max_steps",
                _(
                    "Batas langkah per tahun harus bilangan bulat 0 atau lebih (atau null bila "
                    "tanpa batas), bukan %(value)s."
                )
                % {"value": _written(raw)},
            )
        return raw

    def rules(self, raw: object) -> list[Rule]:
        if not isinstance(raw, list):
            raise ScoreInputError(
                "rules",
                _(
                    'Kolom rules harus daftar aturan, mis. [{"indicator": "11", "max_level": 2, '
                    '"requires": "1", "min_level": 2}].'
                ),
            )
        rules = []
        for k, row in enumerate(raw):
            field = f"rules[{k}]"
            if not isinstance(row, dict):
                raise ScoreInputError(
                    field,
                    _(
                        "Setiap aturan harus objek dengan indicator, max_level, requires dan "
                        "min_level."
                    ),
                )
            for key in row:
                if key not in ("indicator", "max_level", "requires", "min_level"):
                    raise ScoreInputError(
                        f"{field}.{key}", _("Kolom %(field)s tidak dikenal.") % {"field": key}
                    )
            for key in ("indicator", "max_level", "requires", "min_level"):
                if key not in row:
                    raise ScoreInputError(
                        f"{field}.{key}", _("Kolom %(field)s wajib diisi.") % {"field": key}
                    )
            rule = Rule(
                self.indicator(row["indicator"], f"{field}.indicator"),
                self.level(row["max_level"], f"{field}.max_level"),
                self.indicator(row["requires"], f"{field}.requires"),
                self.level(row["min_level"], f"{field}.min_level"),
            )
            if rule.indicator == rule.requires:
                raise ScoreInputError(
                    f"{field}.requires",
                    _("Aturan tidak boleh menjadikan indikator %(code)s prasyarat dirinya sendiri.")
                    % {"code": rule.indicator},
                )
            rules.append(rule)
        return rules


ITEM_KEYS = ("framework", "items", "external", "values", "target", "years", "costs", "effort_unit")
ITEM_EFFORT_UNIT = "butir"


def item_plan_request(document: dict, engine: IndexEngine) -> dict[str, Any]:
    """Plan the items to get accepted for a framework valued item by item (docs/planner.md).

    {"framework": "pemdi-2026", "items": {...}, "external": {...}, "target": "2.50",
     "costs": [{"item": "I1-L2-01", "effort": 3}], "effort_unit": "hari kerja"}
    or, for a roadmap over the coming evaluations, "years": ["2.00", "2.50"] for "target".
    """
    for key in document:
        if key not in ITEM_KEYS:
            raise ScoreInputError(key, _("Kolom %(field)s tidak dikenal.") % {"field": key})
    assessment = engine.read_assessment(
        {key: document[key] for key in ("items", "external", "values") if key in document}
    )
    if "target" not in document and "years" not in document:
        raise ScoreInputError("target", _("Kolom target wajib diisi, mis. 2.50 atau Baik."))
    targets = _Reader(engine).targets(document)
    unit = document.get("effort_unit", ITEM_EFFORT_UNIT)
    if not isinstance(unit, str) or not unit.strip() or len(unit) > 40:
        raise ScoreInputError(
            "effort_unit", _("Satuan upaya harus teks 1–40 karakter, mis. hari kerja.")
        )
    efforts = _item_efforts(engine, document.get("costs", []))
    try:
        if "target" in document:
            result = plan_items(engine, assessment, targets[0], efforts)
        else:
            roadmap = plan_item_roadmap(engine, assessment, targets, efforts)
    except PlanTooComplex as exc:
        raise ScoreInputError(
            exc.field, _("Rencana tidak dapat dihitung: %(reason)s.") % {"reason": exc.message}
        ) from exc
    ignored = bool(assessment.values)
    if "target" in document:
        return item_plan_json(engine, result, unit.strip(), ignored_values=ignored)
    return item_roadmap_json(engine, roadmap, unit.strip(), ignored_values=ignored)


def _item_efforts(engine: IndexEngine, rows: object) -> dict[str, Decimal]:
    if not isinstance(rows, list):
        raise ScoreInputError(
            "costs", _('Kolom costs harus daftar baris, mis. [{"item": "I1-L2-01", "effort": 3}].')
        )
    items = {item.code for ind, _group in engine.spec.indicators() for _lv, item in ind.items()}
    efforts: dict[str, Decimal] = {}
    first: dict[str, int] = {}
    for k, row in enumerate(rows):
        field = f"costs[{k}]"
        if not isinstance(row, dict):
            raise ScoreInputError(
                field, _("Setiap baris biaya harus objek dengan item dan effort.")
            )
        for key in row:
            if key not in ("item", "effort"):
                raise ScoreInputError(
                    f"{field}.{key}", _("Kolom %(field)s tidak dikenal.") % {"field": key}
                )
        for key in ("item", "effort"):
            if key not in row:
                raise ScoreInputError(
                    f"{field}.{key}", _("Kolom %(field)s wajib diisi.") % {"field": key}
                )
        code = row["item"]
        if not isinstance(code, str) or code.strip() not in items:
            raise ScoreInputError(
                f"{field}.item",
                _("Butir %(key)s tidak ada dalam kerangka %(framework)s.")
                % {"key": _written(code), "framework": engine.spec.code},
            )
        code = code.strip()
        if code in first:
            raise ScoreInputError(
                field,
                _("Upaya butir %(code)s sudah diberikan pada costs[%(first)s].")
                % {"code": code, "first": first[code]},
            )
        first[code] = k
        effort = parse_decimal(row["effort"])
        if effort is None or effort < 0 or effort > ITEM_EFFORT_MAX:
            raise ScoreInputError(
                f"{field}.effort",
                _("Upaya harus bilangan 0 sampai %(max)s, bukan %(value)s.")
                % {"max": ITEM_EFFORT_MAX, "value": _written(row["effort"])},
            )
        if _decimal_places(effort) > EFFORT_DECIMALS:
            raise ScoreInputError(
                f"{field}.effort",
                _("Upaya paling banyak %(places)s angka di belakang koma.")
                % {"places": EFFORT_DECIMALS},
            )
        efforts[code] = effort
    return efforts


def _decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def item_plan_json(
    engine: IndexEngine, result: ItemPlan, unit: str, *, ignored_values: bool = False
) -> dict[str, Any]:
    """An item plan as the plan command and POST /api/v1/plan return it."""
    spec = engine.spec
    shown = engine.display
    notes = []
    if ignored_values:
        notes.append(
            _(
                "Nilai asesor (values) tidak dipakai: perencana menghitung nilai indikator dari "
                "butir yang diterima."
            )
        )
    return {
        "framework": spec.code,
        "status": spec.status,
        "notice": spec.notice,
        "feasible": result.feasible,
        **_target_json(result.target),
        "start_index": shown(result.start_index),
        "start_index_exact": exact_text(result.start_index),
        "start_predicate": engine.predicate(result.start_index),
        "achieved_index": shown(result.achieved_index),
        "achieved_index_exact": exact_text(result.achieved_index),
        "predicate": engine.predicate(result.achieved_index),
        "max_reachable_index": shown(result.max_reachable_index),
        "max_reachable_index_exact": exact_text(result.max_reachable_index),
        "total_effort": decimal_text(result.total_effort),
        "effort_unit": unit,
        "items": list(result.items),
        "indicators": [
            {
                "indicator": change.code,
                "number": change.number,
                "from_value": shown(change.from_value),
                "from_value_exact": exact_text(change.from_value),
                "to_value": shown(change.to_value),
                "to_value_exact": exact_text(change.to_value),
                "from_level": change.from_level,
                "to_level": change.to_level,
                "items": list(change.items),
                "effort": decimal_text(change.effort),
            }
            for change in result.changes
        ],
        "message": _item_message(engine, result, unit),
        "notes": notes,
    }


def item_roadmap_json(
    engine: IndexEngine, roadmap: ItemRoadmap, unit: str, *, ignored_values: bool = False
) -> dict[str, Any]:
    """A roadmap of item plans: the whole first, then one entry per evaluation (`years`)."""
    years = [item_plan_json(engine, plan, unit) for plan in roadmap.plans]
    for entry in years:
        for key in ("framework", "status", "notice", "notes"):
            entry.pop(key)
    last = roadmap.plans[-1]
    shown = engine.display
    whole = item_plan_json(engine, roadmap.plans[0], unit, ignored_values=ignored_values)
    for key in list(whole):
        if key not in ("framework", "status", "notice", "notes", "start_index",
                       "start_index_exact", "start_predicate"):  # fmt: skip
            whole.pop(key)
    return {
        **whole,
        "feasible": roadmap.feasible,
        "achieved_index": shown(last.achieved_index),
        "achieved_index_exact": exact_text(last.achieved_index),
        "predicate": engine.predicate(last.achieved_index),
        "max_reachable_index": shown(last.max_reachable_index),
        "max_reachable_index_exact": exact_text(last.max_reachable_index),
        "total_effort": decimal_text(roadmap.total_effort),
        "effort_unit": unit,
        "items": list(roadmap.items),
        "years": years,
    }


def _item_message(engine: IndexEngine, result: ItemPlan, unit: str) -> str:
    values = {
        "target": decimal_text(result.target.value),
        "count": len(result.items),
        "effort": decimal_text(result.total_effort),
        "unit": unit,
        "start": engine.display(result.start_index),
        "achieved": engine.display(result.achieved_index),
        "max": engine.display(result.max_reachable_index),
    }
    if not result.feasible:
        return (
            _(
                "Target %(target)s tidak dapat dicapai: indeks tertinggi bila semua butir "
                "diterima adalah %(max)s (indikator dari indeks lain tetap). Rencana menuju "
                "%(max)s: %(count)s butir, upaya %(effort)s %(unit)s."
            )
            % values
        )
    if not result.items:
        return _("Target %(target)s sudah tercapai (indeks %(start)s).") % values
    return (
        _(
            "Target %(target)s tercapai dengan %(count)s butir diterima (upaya %(effort)s "
            "%(unit)s): indeks %(start)s → %(achieved)s."
        )
        % values
    )


def _written(value: object) -> str:
    """A JSON value as the user wrote it: 3.5, "tiga", true."""
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _step_name(code: str, start: int | None) -> str:
    if start is None:
        return _("setiap langkah %(code)s") % {"code": code}
    return _("langkah %(code)s %(from)s→%(to)s") % {"code": code, "from": start, "to": start + 1}


# --- output -------------------------------------------------------------------------------

_RATIO = Context(prec=12)


def plan_json(
    engine: IndexEngine, result: Plan, locks: list[str], max_steps: int | None
) -> dict[str, Any]:
    """The plan as the plan command and POST /api/v1/plan return it."""
    spec = engine.spec
    final = result.final
    return {
        "framework": spec.code,
        "status": spec.status,
        "notice": spec.notice,
        "feasible": result.feasible,
        **_target_json(result.target),
        "start_index": engine.display(result.start_index),
        "start_index_exact": decimal_text(result.start_index),
        "start_predicate": result.start_predicate,
        "achieved_index": engine.display(final.index),
        "achieved_index_exact": decimal_text(final.index),
        "predicate": final.predicate,
        "max_reachable_index": engine.display(final.max_reachable),
        "max_reachable_index_exact": decimal_text(final.max_reachable),
        "total_effort": decimal_text(result.total_effort),
        "effort_unit": result.effort_unit,
        "steps": [_step_json(step) for step in result.steps],
        "years": [
            {
                "year": year.year,
                **_target_json(year.target),
                "feasible": year.feasible,
                "achieved_index": engine.display(year.index),
                "achieved_index_exact": decimal_text(year.index),
                "predicate": year.predicate,
                "max_reachable_index": engine.display(year.max_reachable),
                "max_reachable_index_exact": decimal_text(year.max_reachable),
                "effort": decimal_text(year.effort),
                "steps": [_step_json(step) for step in year.steps],
            }
            for year in result.years
        ],
        "message": _message(engine, result),
        "limits_year": result.limits_year,
        "limits": [
            {
                "indicator": limit.indicator,
                "number": limit.number,
                "kind": limit.kind,
                "level": limit.level,
                "ceiling": limit.ceiling,
                "lost_gain_exact": decimal_text(limit.lost_gain),
                "rules": [_rule_json(rule) for rule in limit.rules],
            }
            for limit in result.limits
        ],
        "leverage": [
            {
                "indicator": item.indicator,
                "number": item.number,
                "from": item.from_level,
                "to": item.to_level,
                "gain_exact": decimal_text(item.gain),
                "effort": decimal_text(item.effort),
                "gain_per_effort": _ratio(item.gain, item.effort),
                "blocked_by": [_rule_json(rule) for rule in item.blocked_by],
            }
            for item in result.leverage
        ],
        "constraints": {
            "locks": locks,
            "max_steps": max_steps,
            "rules": [_rule_json(rule) for rule in result.rules],
        },
    }


def _target_json(target: Target) -> dict[str, Any]:
    return {
        "target": decimal_text(target.value),
        "target_inclusive": target.inclusive,
        "target_predicate": target.predicate,
    }


def _step_json(step: Step) -> dict[str, Any]:
    return {
        "indicator": step.indicator,
        "number": step.number,
        "from": step.from_level,
        "to": step.to_level,
        "gain_exact": decimal_text(step.gain),
        "effort": decimal_text(step.effort),
        "year": step.year,
    }


def _rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "indicator": rule.indicator,
        "max_level": rule.max_level,
        "requires": rule.requires,
        "min_level": rule.min_level,
    }


def _ratio(gain: Decimal, effort: Decimal) -> str | None:
    if not effort:
        return None
    with localcontext(_RATIO):
        return decimal_text(gain / effort)


def _message(engine: IndexEngine, result: Plan) -> str:
    """One Indonesian sentence on the outcome, naming what limits an unreachable target."""
    if result.feasible:
        if not result.steps:
            return _("Target sudah tercapai; tidak perlu menaikkan tingkat apa pun.")
        return _("Target tercapai dengan %(count)s kenaikan, total upaya %(effort)s %(unit)s.") % {
            "count": len(result.steps),
            "effort": decimal_text(result.total_effort),
            "unit": result.effort_unit,
        }
    year = result.years[(result.limits_year or 1) - 1]
    kinds = {
        "lock": _("dikunci"),
        "max_steps": _("batas langkah per tahun"),
        "rule": _("aturan prasyarat"),
    }
    parts = []
    for kind, label in kinds.items():
        codes = [limit.indicator for limit in result.limits if limit.kind == kind]
        if codes:
            parts.append(f"{label} ({', '.join(codes)})")
    reasons = "; ".join(parts) or _("tingkat tertinggi skala")
    return _(
        "Target tahun ke-%(year)s (%(target)s) tidak dapat dicapai: indeks tertinggi yang "
        "dapat dicapai %(max)s. Yang membatasi: %(reasons)s."
    ) % {
        "year": year.year,
        "target": decimal_text(year.target.value),
        "max": engine.display(year.max_reachable),
        "reasons": reasons,
    }
