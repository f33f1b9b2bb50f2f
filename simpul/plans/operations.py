"""Write paths for planning: scenarios, effort profiles, actions and their reminders.

Views, the reminder command and tests all go through these functions. Each checks who may
do it and what is valid, and refuses with PlansError carrying a message fit to show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from simpul.accounts.models import User
from simpul.agencies.models import Agency, Membership, Role, TimeZone, Unit
from simpul.core.errors import Refusal
from simpul.cycles.models import Answer, Cycle
from simpul.evidence.models import Evidence
from simpul.frameworks.models import Framework, Indicator
from simpul.frameworks.spec import decimal_text
from simpul.notifications.api import queue_email
from simpul.planner.defaults import assumptions
from simpul.planner.inputs import EFFORT_DECIMALS, EFFORT_MAX, ITEM_EFFORT_MAX
from simpul.planner.inputs import ITEM_EFFORT_UNIT as ITEM_UNIT
from simpul.planner.items import ItemRoadmap
from simpul.planner.optimizer import Plan

from .access import can_edit_efforts, can_keep_scenarios, can_manage_actions, can_update_progress
from .models import (
    Action,
    ActionReminder,
    ActionSource,
    ActionStatus,
    EffortProfile,
    LevelSource,
    Scenario,
)
from .schedule import Task, spread, window
from .simulation import indicator_label, scale_of

NAME_MAX = 120
UNIT_MAX = 40


class PlansError(Refusal):
    """A refused operation, with a message fit to show the user."""


def _allowed(ok: bool) -> None:
    if not ok:
        raise PlansError(_("Peran Anda tidak berwenang melakukan ini."))


# --- scenarios ----------------------------------------------------------------------------


@transaction.atomic
def save_scenario(
    cycle: Cycle,
    *,
    name: str,
    source: str,
    levels: Mapping[str, int | None],
    membership: Membership,
) -> Scenario:
    """Keep a named what-if on `cycle`; the answers are never touched."""
    _allowed(can_keep_scenarios(membership) and membership.agency_id == cycle.agency_id)
    name = " ".join(name.split())
    if not name:
        raise PlansError(_("Nama skenario wajib diisi."))
    if len(name) > NAME_MAX:
        raise PlansError(_("Nama skenario paling panjang %(max)s karakter.") % {"max": NAME_MAX})
    source = LevelSource.parse(source) or source
    if source not in LevelSource.values:
        raise PlansError(_("Sumber tingkat “%(value)s” tidak dikenal.") % {"value": source})
    if Scenario.objects.filter(cycle=cycle, name__iexact=name).exists():
        raise PlansError(
            _(
                "Periode %(year)s sudah memiliki skenario “%(name)s”; pilih nama lain atau "
                "hapus skenario lama."
            )
            % {"year": cycle.year, "name": name}
        )
    stored = _checked_levels(cycle, levels)
    try:
        with transaction.atomic():
            return Scenario.objects.create(
                agency=cycle.agency,
                cycle=cycle,
                name=name,
                source=source,
                levels=stored,
                created_by=membership.user,
            )
    except IntegrityError as error:
        # Someone saved the same name a moment ago.
        raise PlansError(
            _("Periode %(year)s sudah memiliki skenario “%(name)s”.")
            % {"year": cycle.year, "name": name}
        ) from error


def _checked_levels(cycle: Cycle, levels: Mapping[str, int | None]) -> dict[str, int]:
    spec = cycle.framework.spec()
    indicators = {item.code: item for item, _group in spec.indicators()}
    stored = {}
    for code, level in levels.items():
        indicator = indicators.get(code)
        if indicator is None:
            raise PlansError(
                _("Indikator %(code)s tidak ada dalam kerangka %(framework)s.")
                % {"code": code, "framework": spec.name}
            )
        if level is None:
            continue
        allowed = scale_of(spec, indicator)
        if type(level) is not int or level not in allowed:
            raise PlansError(
                _("Indikator %(indicator)s: tingkat %(level)s di luar skala %(min)s–%(max)s.")
                % {
                    "indicator": indicator_label(indicator),
                    "level": level,
                    "min": min(allowed),
                    "max": max(allowed),
                }
            )
        stored[code] = level
    return stored


@transaction.atomic
def delete_scenario(scenario: Scenario, *, membership: Membership) -> None:
    _allowed(can_keep_scenarios(membership) and membership.agency_id == scenario.agency_id)
    scenario.delete()


# --- effort profiles ----------------------------------------------------------------------


@transaction.atomic
def save_effort_profile(
    agency: Agency,
    framework: Framework,
    *,
    unit: str,
    efforts: Mapping[tuple[str, int], Decimal],
    membership: Membership,
    version: str | None = None,
) -> EffortProfile | None:
    """Set the effort of the steps given (code, from level); keep only what differs from
    the shipped defaults. With nothing left to keep, the profile goes (None). `version` as in
    `save_item_efforts`."""
    _allowed(can_edit_efforts(membership) and membership.agency_id == agency.pk)
    spec = framework.spec()
    defaults = assumptions(spec).efforts
    unit = " ".join(unit.split())
    if not unit or len(unit) > UNIT_MAX:
        raise PlansError(
            _("Satuan upaya harus teks 1–%(max)s karakter, mis. hari kerja.") % {"max": UNIT_MAX}
        )
    profile = EffortProfile.objects.select_for_update().filter(agency=agency, framework=framework)
    profile = profile.first()
    _check_profile_version(profile, version)
    overrides = {
        code: dict(steps) for code, steps in (profile.overrides if profile else {}).items()
    }
    indicators = {item.code: item for item, _group in spec.indicators()}
    for (code, level), effort in efforts.items():
        _check_effort(spec, indicators.get(code), code, level, effort)
        steps = overrides.setdefault(code, {})
        if effort == defaults.step(code, level):
            steps.pop(str(level), None)
        else:
            steps[str(level)] = decimal_text(effort)
    overrides = {code: steps for code, steps in overrides.items() if steps}
    if not overrides and unit == defaults.unit:
        if profile is not None:
            profile.delete()
        return None
    if profile is None:
        return EffortProfile.objects.create(
            agency=agency,
            framework=framework,
            unit=unit,
            overrides=overrides,
            updated_by=membership.user,
        )
    profile.unit, profile.overrides, profile.updated_by = unit, overrides, membership.user
    profile.save(update_fields=["unit", "overrides", "updated_by", "updated_at"])
    return profile


def _check_effort(spec, indicator, code: str, level: int, effort: Decimal) -> None:
    if indicator is None:
        raise PlansError(
            _("Indikator %(code)s tidak ada dalam kerangka %(framework)s.")
            % {"code": code, "framework": spec.name}
        )
    allowed = scale_of(spec, indicator)
    step = _("indikator %(indicator)s, langkah %(from)s→%(to)s") % {
        "indicator": indicator_label(indicator),
        "from": level,
        "to": level + 1,
    }
    if level not in allowed or level + 1 not in allowed:
        raise PlansError(_("Tidak ada %(step)s pada skalanya.") % {"step": step})
    if not isinstance(effort, Decimal) or not effort.is_finite() or not 0 <= effort <= EFFORT_MAX:
        raise PlansError(
            _("Upaya %(step)s harus angka 0 atau lebih (paling besar 10^15).") % {"step": step}
        )
    if -effort.as_tuple().exponent > EFFORT_DECIMALS:
        raise PlansError(
            _("Upaya %(step)s paling banyak %(n)s angka desimal.")
            % {"step": step, "n": EFFORT_DECIMALS}
        )


@transaction.atomic
def reset_effort_profile(agency: Agency, framework: Framework, *, membership: Membership) -> None:
    """Back to the shipped defaults for this framework."""
    _allowed(can_edit_efforts(membership) and membership.agency_id == agency.pk)
    EffortProfile.objects.filter(agency=agency, framework=framework).delete()


def _check_profile_version(profile: EffortProfile | None, version: str | None) -> None:
    """`version` is the profile's `updated_at` as the form showed it ("" for no profile)."""
    if version is not None and version != (profile.updated_at.isoformat() if profile else ""):
        raise PlansError(
            _(
                "Perkiraan upaya ini baru saja diubah orang lain; tidak ada yang disimpan. Muat "
                "ulang halaman, lalu ulangi perubahan Anda."
            )
        )


@transaction.atomic
def save_item_efforts(
    agency: Agency,
    framework: Framework,
    *,
    unit: str,
    efforts: Mapping[str, Decimal],
    membership: Membership,
    version: str | None = None,
    replace: bool = False,
) -> EffortProfile | None:
    """Set the effort of the items given (an item not kept costs 1), on a framework valued item
    by item. With `replace`, every item not given goes back to 1 (an uploaded CSV).

    `version` is the profile's `updated_at` as the form showed it ("" for no profile): when
    someone else saved in between, nothing is written.
    """
    _allowed(can_edit_efforts(membership) and membership.agency_id == agency.pk)
    unit = " ".join(unit.split())
    if not unit or len(unit) > UNIT_MAX:
        raise PlansError(
            _("Satuan upaya harus teks 1–%(max)s karakter, mis. hari kerja.") % {"max": UNIT_MAX}
        )
    profile = EffortProfile.objects.select_for_update().filter(agency=agency, framework=framework)
    profile = profile.first()
    _check_profile_version(profile, version)
    codes = {
        item.code
        for indicator, _group in framework.spec().indicators()
        for _l, item in indicator.items()
    }
    overrides = {} if replace or profile is None else dict(profile.overrides)
    for code, effort in efforts.items():
        if code not in codes:
            raise PlansError(
                _("Butir %(code)s tidak ada dalam kerangka %(framework)s.")
                % {"code": code, "framework": framework.name}
            )
        if (
            not isinstance(effort, Decimal)
            or not effort.is_finite()
            or not 0 <= effort <= ITEM_EFFORT_MAX
        ):
            raise PlansError(
                _("Upaya butir %(code)s harus angka 0 sampai %(max)s.")
                % {"code": code, "max": ITEM_EFFORT_MAX}
            )
        if -effort.as_tuple().exponent > EFFORT_DECIMALS:
            raise PlansError(
                _("Upaya butir %(code)s paling banyak %(n)s angka desimal.")
                % {"code": code, "n": EFFORT_DECIMALS}
            )
        if effort == 1:
            overrides.pop(code, None)
        else:
            overrides[code] = decimal_text(effort)
    if not overrides and unit == ITEM_UNIT:
        if profile is not None:
            profile.delete()
        return None
    if profile is None:
        return EffortProfile.objects.create(
            agency=agency, framework=framework, unit=unit, overrides=overrides,
            updated_by=membership.user,
        )  # fmt: skip
    profile.unit, profile.overrides, profile.updated_by = unit, overrides, membership.user
    profile.save(update_fields=["unit", "overrides", "updated_by", "updated_at"])
    return profile


# --- actions ------------------------------------------------------------------------------

# What an action's editor may change, in the order the form shows it (ActionForm derives from it).
EDIT_FIELDS = (
    "indicator",
    "target_level",
    "cycle",
    "unit",
    "pic",
    "start_date",
    "due_date",
    "budget",
    "status",
    "progress",
    "notes",
)
# What its owner may change (ProgressForm has these, plus the evidence of completion).
PROGRESS_FIELDS = ("status", "progress", "notes")


def _check_action(agency: Agency, values: Mapping[str, Any]) -> None:
    """Every value of an action belongs to its agency and fits together."""
    cycle, indicator = values.get("cycle"), values["indicator"]
    if cycle is not None and cycle.agency_id != agency.pk:
        raise PlansError(_("Periode itu bukan milik instansi ini."), field="cycle")
    if cycle is not None and indicator.framework_id != cycle.framework_id:
        raise PlansError(
            _("Indikator %(code)s bukan bagian kerangka periode %(year)s.")
            % {"code": indicator.code, "year": cycle.year},
            field="indicator",
        )
    spec = indicator.framework.spec()
    item = next(item for item, _group in spec.indicators() if item.code == indicator.code)
    allowed = scale_of(spec, item)
    if values["target_level"] not in allowed:
        raise PlansError(
            _("Tingkat sasaran %(level)s di luar skala indikator %(code)s (%(min)s–%(max)s).")
            % {
                "level": values["target_level"],
                "code": indicator.code,
                "min": min(allowed),
                "max": max(allowed),
            },
            field="target_level",
        )
    unit = values.get("unit")
    if unit is not None and unit.agency_id != agency.pk:
        raise PlansError(_("Unit %(unit)s bukan unit instansi ini.") % {"unit": unit}, field="unit")
    pic = values.get("pic")
    if pic is not None and not Membership.objects.active().filter(agency=agency, user=pic).exists():
        raise PlansError(
            _("%(name)s bukan anggota aktif instansi ini.") % {"name": pic.display_name},
            field="pic",
        )
    _check_progress(values)
    if values["start_date"] > values["due_date"]:
        raise PlansError(_("Tanggal mulai tidak boleh sesudah tenggat."), field="due_date")
    budget = values.get("budget")
    if budget is not None and budget < 0:
        raise PlansError(_("Perkiraan anggaran tidak boleh negatif."), field="budget")


def _check_progress(values: dict[str, Any]) -> None:
    values["status"] = ActionStatus.parse(values["status"]) or values["status"]
    if values["status"] not in ActionStatus.values:
        raise PlansError(
            _("Status “%(value)s” tidak dikenal.") % {"value": values["status"]}, field="status"
        )
    progress = values["progress"]
    if type(progress) is not int or not 0 <= progress <= 100:
        raise PlansError(
            _("Kemajuan harus 0 sampai 100 persen, bukan %(value)s.") % {"value": progress},
            field="progress",
        )


def _check_evidence(agency: Agency, evidence: Iterable[Evidence]) -> list[Evidence]:
    documents = list(evidence)
    foreign = [doc for doc in documents if doc.agency_id != agency.pk]
    if foreign:
        raise PlansError(
            _("Dokumen “%(title)s” bukan data dukung instansi ini.") % {"title": foreign[0].title},
            field="evidence",
        )
    return documents


def _settle(action: Action) -> None:
    """Done means 100 % and a completion time; anything else has no completion time."""
    if action.status == ActionStatus.DONE:
        action.progress = 100
        action.completed_at = action.completed_at or timezone.now()
    else:
        action.completed_at = None


@transaction.atomic
def create_action(
    agency: Agency,
    *,
    membership: Membership,
    evidence: Iterable[Evidence] = (),
    source: str = ActionSource.MANUAL,
    **values: Any,
) -> Action:
    _allowed(can_manage_actions(membership) and membership.agency_id == agency.pk)
    values = {"status": ActionStatus.PLANNED, "progress": 0, "notes": "", **values}
    _check_action(agency, values)
    documents = _check_evidence(agency, evidence)
    action = Action(
        agency=agency,
        source=source,
        created_by=membership.user,
        updated_by=membership.user,
        **values,
    )
    _settle(action)
    action.save()
    action.evidence.set(documents)
    return action


@transaction.atomic
def update_action(
    action: Action,
    *,
    membership: Membership,
    evidence: Iterable[Evidence] | None = None,
    **values: Any,
) -> Action:
    """Change any field of an action (the admin)."""
    _allowed(can_manage_actions(membership) and membership.agency_id == action.agency_id)
    locked = _locked(action)
    merged = {name: getattr(locked, name) for name in EDIT_FIELDS} | values
    _check_action(locked.agency, merged)
    return _write(locked, merged, EDIT_FIELDS, evidence, membership.user)


@transaction.atomic
def update_action_progress(
    action: Action,
    *,
    membership: Membership,
    evidence: Iterable[Evidence] | None = None,
    **values: Any,
) -> Action:
    """Status, progress, notes and completion evidence: the admin or the action's owner."""
    locked = _locked(action)
    _allowed(can_update_progress(membership, locked))
    unknown = set(values) - set(PROGRESS_FIELDS)
    if unknown:
        raise PlansError(_("Kolom %(field)s tidak dapat diubah di sini.") % {"field": min(unknown)})
    merged = {name: getattr(locked, name) for name in PROGRESS_FIELDS} | values
    _check_progress(merged)
    return _write(locked, merged, PROGRESS_FIELDS, evidence, membership.user)


def _locked(action: Action) -> Action:
    return (
        Action.objects.select_for_update(of=("self",))
        .select_related("agency", "indicator__framework")
        .get(pk=action.pk)
    )


def _write(
    action: Action,
    values: Mapping[str, Any],
    fields: Iterable[str],
    evidence: Iterable[Evidence] | None,
    user: User,
) -> Action:
    documents = None if evidence is None else _check_evidence(action.agency, evidence)
    for name, value in values.items():
        setattr(action, name, value)
    _settle(action)
    action.updated_by = user
    action.save(update_fields=[*fields, "progress", "completed_at", "updated_by", "updated_at"])
    if documents is not None:
        action.evidence.set(documents)
    return action


@transaction.atomic
def delete_action(action: Action, *, membership: Membership) -> None:
    _allowed(can_manage_actions(membership) and membership.agency_id == action.agency_id)
    action.delete()


# --- from a plan --------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanActions:
    created: list[Action]
    # Indicators that already had an open action: left alone, named to the user.
    skipped: list[str] = field(default_factory=list)


@transaction.atomic
def actions_from_plan(
    agency: Agency,
    result: Plan,
    *,
    start_cycle: Cycle,
    first_year: int,
    membership: Membership,
    today: date,
) -> PlanActions:
    """One action per raised indicator, at its final level, due in the evaluation year of its
    last step: the year's actions spread before its deadline, prerequisites first (schedule.py).

    The owner unit and the person in charge come from the indicator's answer in the cycle of
    that year, or else in the agency's latest cycle of the framework (its most recent
    assignment). Indicators with an open action are skipped.
    """
    _allowed(can_manage_actions(membership) and membership.agency_id == agency.pk)
    if start_cycle.agency_id != agency.pk or result.framework != start_cycle.framework.code:
        raise PlansError(_("Rencana ini bukan dari periode instansi ini."))
    raised: dict[str, list] = {}
    for step in result.steps:
        raised.setdefault(step.indicator, []).append(step)
    if not raised:
        raise PlansError(_("Rencana ini tidak berisi kenaikan; tidak ada rencana aksi dibuat."))
    framework = start_cycle.framework
    indicators = {
        item.code: item
        for item in Indicator.objects.filter(framework=framework, code__in=raised).only(
            "pk", "code", "number", "name", "framework_id"
        )
    }
    open_codes = set(
        Action.objects.for_agency(agency)
        .open()
        .filter(indicator__in=indicators.values())
        .values_list("indicator__code", flat=True)
    )
    cycles = {
        c.year: c for c in Cycle.objects.for_agency(agency).filter(framework=framework).only("year")
    }
    latest = cycles[max(cycles)]
    owners = _owners(agency, list(cycles.values()), raised)
    # Prerequisites first: an indicator another one's rule requires is worked on before it.
    required = {rule.requires for rule in result.rules}
    created, skipped = [], []
    by_year: dict[int, list[tuple[Action, Task]]] = {}
    for code, steps in sorted(raised.items(), key=lambda item: item[1][0].number):
        indicator = indicators[code]
        if code in open_codes:
            skipped.append(f"{indicator.number} ({code})")
            continue
        year = first_year + steps[-1].year - 1
        target_cycle = cycles.get(year)
        unit, pic = owners.get(((target_cycle or latest).pk, code), (None, None))
        action = Action(
            agency=agency,
            cycle=target_cycle,
            indicator=indicator,
            target_level=steps[-1].to_level,
            unit=unit,
            pic=pic,
            source=ActionSource.PLAN,
            notes=_plan_note(steps, first_year, result.effort_unit),
            created_by=membership.user,
            updated_by=membership.user,
        )
        effort = sum((step.effort for step in steps), Decimal(0))
        task = Task(len(created), (code not in required, indicator.number), effort)
        by_year.setdefault(year, []).append((action, task))
        created.append(action)
    _schedule(by_year, cycles, today)
    for action in created:
        action.save()
    return PlanActions(created, skipped)


def _schedule(
    by_year: Mapping[int, list[tuple[Action, Task]]], cycles: Mapping[int, Cycle], today: date
) -> None:
    """Start and due dates spread over each evaluation year, before its deadline: the latest
    answer due date of that year's period (plans/schedule.py)."""
    deadlines = dict(
        Answer.objects.filter(cycle__in=[cycles[y] for y in by_year if y in cycles])
        .values("cycle__year")
        .annotate(last=Max("due_date"))
        .values_list("cycle__year", "last")
    )
    for year, pairs in by_year.items():
        start, end = window(year, today=today, deadline=deadlines.get(year))
        slots = spread([task for _action, task in pairs], start=start, end=end)
        for action, task in pairs:
            action.start_date, action.due_date = slots[task.key].start, slots[task.key].due


def _owners(
    agency: Agency, cycles: list[Cycle], codes: Iterable[str]
) -> dict[tuple[int, str], tuple[Unit | None, User | None]]:
    """(cycle pk, code) → (owner unit, PIC) from the answers: the PIC's own unit when it is
    among the answer's units, else the first unit by name."""
    answers = list(
        Answer.objects.filter(cycle__in=cycles, indicator__code__in=list(codes))
        .select_related("pic", "indicator")
        .prefetch_related("units")
        .only("pk", "cycle_id", "indicator__code", "pic")
    )
    pics = {answer.pic_id for answer in answers if answer.pic_id}
    home = dict(
        Membership.objects.active()
        .filter(agency=agency, user_id__in=pics, unit__isnull=False)
        .values_list("user_id", "unit_id")
    )
    out = {}
    for answer in answers:
        units = sorted(answer.units.all(), key=lambda unit: unit.name)
        unit = next((u for u in units if u.pk == home.get(answer.pic_id)), None)
        out[(answer.cycle_id, answer.indicator.code)] = (
            unit or (units[0] if units else None),
            answer.pic,
        )
    return out


def _plan_note(steps: list, first_year: int, unit: str) -> str:
    path = ", ".join(
        f"{first_year + step.year - 1}: {step.from_level}→{step.to_level}" for step in steps
    )
    effort = sum((step.effort for step in steps), Decimal(0))
    return _("Dari perencana: %(path)s; perkiraan upaya %(effort)s %(unit)s.") % {
        "path": path,
        "effort": decimal_text(effort),
        "unit": unit,
    }


PER_ITEM = "butir"
PER_INDICATOR = "indikator"


@transaction.atomic
def actions_from_item_roadmap(
    agency: Agency,
    roadmap: ItemRoadmap,
    *,
    start_cycle: Cycle,
    first_year: int,
    per: str,
    membership: Membership,
    today: date,
    efforts: Mapping[str, Decimal],
    unit_label: str,
) -> PlanActions:
    """Actions from an item roadmap: one per item (`per` = "butir") or one per indicator and
    evaluation ("indikator"), each due in its evaluation's year: spread before the deadline,
    lower levels first, by effort (schedule.py).

    An item already in an open action of the agency is not planned again; an indicator whose
    items all are is named in `skipped`. Owner unit and PIC as in `actions_from_plan`.
    """
    _allowed(can_manage_actions(membership) and membership.agency_id == agency.pk)
    if per not in (PER_ITEM, PER_INDICATOR):
        raise PlansError(_("Pilih rencana aksi per butir atau per indikator."))
    framework = start_cycle.framework
    if start_cycle.agency_id != agency.pk or framework.engine().scored_by_level:
        raise PlansError(_("Rencana ini bukan dari periode per butir instansi ini."))
    changes = [(k, change) for k, plan in enumerate(roadmap.plans) for change in plan.changes]
    if not changes:
        raise PlansError(_("Rencana ini tidak berisi butir; tidak ada rencana aksi dibuat."))
    codes = {change.code for _k, change in changes}
    indicators = {
        item.code: item
        for item in Indicator.objects.filter(framework=framework, code__in=codes).only(
            "pk", "code", "number", "name", "framework_id"
        )
    }
    planned: set[str] = set()
    for listed in (
        Action.objects.for_agency(agency)
        .open()
        .filter(indicator__in=indicators.values())
        .values_list("items", flat=True)
    ):
        planned.update(listed or ())
    cycles = {
        c.year: c for c in Cycle.objects.for_agency(agency).filter(framework=framework).only("year")
    }
    latest = cycles[max(cycles)]
    owners = _owners(agency, list(cycles.values()), codes)
    level_of = {
        item.code: level.level
        for indicator, _group in framework.spec().indicators()
        for level, item in indicator.items()
    }
    item_rank = {}
    for indicator_spec, _group in framework.spec().indicators():
        for position, (level, item) in enumerate(indicator_spec.items()):
            item_rank[item.code] = (level.level, indicator_spec.number, position)
    created, skipped = [], []
    by_year: dict[int, list[tuple[Action, Task]]] = {}
    for k, change in changes:
        indicator = indicators[change.code]
        items = [code for code in change.items if code not in planned]
        if not items:
            label = f"{indicator.number} ({change.code})"
            if label not in skipped:  # an indicator raised in two evaluations is named once
                skipped.append(label)
            continue
        year = first_year + k
        target_cycle = cycles.get(year)
        unit, pic = owners.get(((target_cycle or latest).pk, change.code), (None, None))
        groups = [[code] for code in items] if per == PER_ITEM else [items]
        for group in groups:
            note = _(
                "Dari perencana butir: evaluasi %(year)s, nilai %(from)s → %(to)s; butir "
                "%(items)s; perkiraan upaya %(effort)s %(unit)s."
            ) % {
                "year": year,
                "from": framework.engine().display(change.from_value),
                "to": framework.engine().display(change.to_value),
                "items": ", ".join(group),
                "effort": decimal_text(
                    sum((efforts.get(c, Decimal(1)) for c in group), Decimal(0))
                ),
                "unit": unit_label,
            }
            action = Action(
                agency=agency,
                cycle=target_cycle,
                indicator=indicator,
                target_level=max(level_of[code] for code in group)
                if per == PER_ITEM
                else change.to_level,
                items=group,
                unit=unit,
                pic=pic,
                source=ActionSource.PLAN,
                notes=note,
                created_by=membership.user,
                updated_by=membership.user,
            )
            # Lower levels first: an item counts only once the levels below it are complete.
            effort = sum((efforts.get(c, Decimal(1)) for c in group), Decimal(0))
            task = Task(len(created), min(item_rank[code] for code in group), effort)
            by_year.setdefault(year, []).append((action, task))
            created.append(action)
    _schedule(by_year, cycles, today)
    for action in created:
        action.save()
    return PlanActions(created, skipped)


# --- reminders ----------------------------------------------------------------------------


@dataclass
class ReminderReport:
    emails: int = 0
    due_soon: int = 0
    overdue: int = 0
    without_recipient: list[str] = field(default_factory=list)


def send_action_reminders(
    *,
    today: date | None = None,
    days: int = 7,
    repeat_overdue: int = 7,
    now: datetime | None = None,
) -> ReminderReport:
    """Email each person in charge about open actions due within `days` and overdue ones.

    Due soon: once per action and due date. Overdue: again every `repeat_overdue` days.
    Each email is put in the outbox in the same transaction that records it, so a second run
    the same day sends only what was not queued yet, and a mail outage delays the email (the
    outbox retries) without losing it.

    A due date is a calendar day of the agency: without `today`, each agency counts from its
    own day at `now` (default: this instant) in its zone (WIB, WITA or WIT).
    """
    now = now or timezone.now()
    report = ReminderReport()
    for zone in TimeZone:
        day = today or timezone.localdate(now, ZoneInfo(zone.value))
        _remind_zone(zone, day, days, repeat_overdue, report)
    return report


def _remind_zone(zone: str, today: date, days: int, repeat: int, report: ReminderReport) -> None:
    pending = _pending_reminders(today, days, repeat, zone)
    by_recipient: dict[str, list[tuple[Action, str]]] = defaultdict(list)
    recipients = _recipients([action for action, _kind in pending])
    for action, kind in pending:
        emails = recipients[action.pk]
        if not emails:
            report.without_recipient.append(str(action))
        for email in emails:
            by_recipient[email].append((action, kind))
    for email, items in sorted(by_recipient.items()):
        with transaction.atomic():
            subject, body = _message(items, today)
            queue_email(email, subject, body, agency=items[0][0].agency)
            _record(items, email, today)
        report.emails += 1
    for _action, kind in pending:
        if kind == ActionReminder.Kind.DUE_SOON:
            report.due_soon += 1
        else:
            report.overdue += 1


def _pending_reminders(
    today: date, days: int, repeat_overdue: int, zone: str
) -> list[tuple[Action, str]]:
    due_soon_sent = ActionReminder.objects.filter(
        action=OuterRef("pk"), kind=ActionReminder.Kind.DUE_SOON, due_date=OuterRef("due_date")
    )
    overdue_sent = ActionReminder.objects.filter(
        action=OuterRef("pk"),
        kind=ActionReminder.Kind.OVERDUE,
        sent_on__gt=today - timedelta(days=repeat_overdue),
    )
    actions = (
        Action.objects.filter(agency__is_active=True, agency__time_zone=zone)
        .select_related("agency", "indicator", "unit", "pic")
        .only(
            "pk",
            "due_date",
            "target_level",
            "progress",
            "status",
            "agency__name",
            "agency__is_active",
            "indicator__code",
            "indicator__number",
            "indicator__name",
            "unit__name",
            "unit__short_name",
            "pic__email",
            "pic__full_name",
            "pic__username",
            "pic__is_active",
            "agency_id",
            "unit_id",
            "pic_id",
        )
    )
    soon = actions.due_soon(today, days).filter(~Exists(due_soon_sent))
    late = actions.overdue(today).filter(~Exists(overdue_sent))
    return [(a, ActionReminder.Kind.OVERDUE) for a in late] + [
        (a, ActionReminder.Kind.DUE_SOON) for a in soon
    ]


def _recipients(actions: list[Action]) -> dict[int, list[str]]:
    """Per action: its person in charge; without one (or without email), the owner unit's
    respondents; failing those, the agency's admins. Only active members with an email."""
    people = list(
        Membership.objects.active()
        .filter(agency_id__in={action.agency_id for action in actions})
        .exclude(user__email="")
        .values_list("agency_id", "user_id", "role", "unit_id", "user__email")
    )
    out = {}
    for action in actions:
        mine = [row for row in people if row[0] == action.agency_id]
        found = [row for row in mine if action.pic_id is not None and row[1] == action.pic_id]
        if not found and action.unit_id is not None:
            found = [row for row in mine if row[2] == Role.RESPONDENT and row[3] == action.unit_id]
        if not found:
            found = [row for row in mine if row[2] == Role.ADMIN]
        out[action.pk] = sorted({row[4] for row in found})
    return out


def _message(items: list[tuple[Action, str]], today: date) -> tuple[str, str]:
    late = [action for action, kind in items if kind == ActionReminder.Kind.OVERDUE]
    soon = [action for action, kind in items if kind == ActionReminder.Kind.DUE_SOON]
    subject = _("[Simpul] Rencana aksi: %(late)s lewat tenggat, %(soon)s tenggat segera") % {
        "late": len(late),
        "soon": len(soon),
    }
    lines = [_("Pengingat rencana aksi SPBE yang menjadi tanggung jawab Anda."), ""]
    for title, group in ((_("Lewat tenggat"), late), (_("Tenggat segera"), soon)):
        if not group:
            continue
        lines.append(f"{title}:")
        for action in group:
            lines.append(_reminder_line(action, today))
        lines.append("")
    lines.append(_("Perbarui kemajuan dan status di Simpul bila sudah ada perkembangan."))
    return subject, "\n".join(lines)


def _reminder_line(action: Action, today: date) -> str:
    days = (action.due_date - today).days
    when = (
        _("lewat %(n)s hari") % {"n": -days}
        if days < 0
        else (_("hari ini") if days == 0 else _("%(n)s hari lagi") % {"n": days})
    )
    url = settings.SITE_URL.rstrip("/") + reverse("plans:action", args=[action.pk])
    return _(
        "- Indikator %(number)s (%(code)s) %(name)s → tingkat %(level)s; tenggat %(due)s "
        "(%(when)s); %(agency)s%(unit)s; kemajuan %(progress)s%%\n  %(url)s"
    ) % {
        "number": action.indicator.number,
        "code": action.indicator.code,
        "name": action.indicator.name,
        "level": action.target_level,
        "due": date_format(action.due_date, "j F Y"),
        "when": when,
        "agency": action.agency.name,
        "unit": f", {action.unit}" if action.unit_id else "",
        "progress": action.progress,
        "url": url,
    }


@transaction.atomic
def _record(items: list[tuple[Action, str]], email: str, today: date) -> None:
    for action, kind in items:
        reminder, _created = ActionReminder.objects.select_for_update().get_or_create(
            action=action, kind=kind, sent_on=today, defaults={"due_date": action.due_date}
        )
        if email not in reminder.recipients:
            reminder.recipients = [*reminder.recipients, email]
            reminder.save(update_fields=["recipients"])
