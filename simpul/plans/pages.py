"""What the planning pages show, read in a fixed number of queries; nothing here writes.

Also the two small pieces other apps' pages use: the actions of an indicator on its answer
page and the action count on the cycle page.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from simpul.agencies.models import Membership
from simpul.cycles.models import Answer, Cycle

from .models import Action, ActionStatus
from .simulation import FIELD_PREFIX, Comparison, Levels, compare

# --- simulation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ControlRow:
    """One indicator's line in the simulation form."""

    number: int
    code: str
    name: str
    group: str | None  # the group name, on the first indicator of each group
    field: str
    choices: tuple[tuple[int, str], ...]
    real: int | None
    simulated: int | None

    @property
    def changed(self) -> bool:
        return self.real != self.simulated


def simulation_rows(spec, real: Levels, levels: Levels) -> list[ControlRow]:
    rows, last = [], None
    for item, group in spec.indicators():
        scale = spec.scale(item.scale)
        rows.append(
            ControlRow(
                number=item.number,
                code=item.code,
                name=item.name,
                group=None if group.code == last else group.name,
                field=FIELD_PREFIX + item.code,
                choices=tuple((level.level, level.name) for level in scale.levels),
                real=real.get(item.code),
                simulated=levels.get(item.code),
            )
        )
        last = group.code
    return rows


def simulation_view(engine, real: Levels, levels: Levels) -> Comparison:
    return compare(engine, [(_("Nyata"), real), (_("Simulasi"), levels)])


def level_inputs(spec, levels: Levels) -> list[tuple[str, str]]:
    """Hidden (name, value) pairs carrying simulated levels to the save form."""
    return [
        (FIELD_PREFIX + item.code, "" if levels.get(item.code) is None else str(levels[item.code]))
        for item, _group in spec.indicators()
    ]


# --- action lists -------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionGroup:
    key: str
    title: str
    actions: list[Action]


def by_unit(actions: list[Action]) -> list[ActionGroup]:
    groups: dict[str, ActionGroup] = {}
    for action in actions:
        key = str(action.unit_id or "")
        if key not in groups:
            title = action.unit.name if action.unit_id else _("Belum ada unit pemilik")
            groups[key] = ActionGroup(key, title, [])
        groups[key].actions.append(action)
    return sorted(groups.values(), key=lambda group: (group.key == "", group.title))


def by_indicator(actions: list[Action]) -> list[ActionGroup]:
    groups: dict[int, ActionGroup] = {}
    for action in actions:
        indicator = action.indicator
        if indicator.pk not in groups:
            title = f"{indicator.number}. {indicator.name} ({indicator.framework.name})"
            groups[indicator.pk] = ActionGroup(str(indicator.pk), title, [])
        groups[indicator.pk].actions.append(action)
    return sorted(
        groups.values(),
        key=lambda g: (g.actions[0].indicator.framework.code, g.actions[0].indicator.number),
    )


# --- timeline -----------------------------------------------------------------------------


def _percent(value: float) -> str:
    # A string, so the template never localises the decimal point of a CSS length.
    return f"{max(0.0, min(100.0, value)):.2f}"


def timeline(actions: list[Action], today: date) -> dict | None:
    """Bars from start to due date on a shared month axis, in percent of its width."""
    if not actions:
        return None
    first = min(action.start_date for action in actions)
    last = max(action.due_date for action in actions)
    begin = date(first.year, first.month, 1)
    end = date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
    span = (end - begin).days + 1
    months, cursor = [], begin
    step = 1 if span <= 400 else (3 if span <= 1200 else 12)
    while cursor <= end:
        months.append(
            {
                "left": _percent((cursor - begin).days * 100 / span),
                "label": date_format(cursor, "M Y"),
            }
        )
        month = cursor.month - 1 + step
        cursor = date(cursor.year + month // 12, month % 12 + 1, 1)
    bars = [
        {
            "action": action,
            "left": _percent((action.start_date - begin).days * 100 / span),
            "width": _percent(
                max(((action.due_date - action.start_date).days + 1) * 100 / span, 1)
            ),
            "late": action.is_overdue(today),
        }
        for action in actions
    ]
    marker = _percent((today - begin).days * 100 / span) if begin <= today <= end else None
    return {"begin": begin, "end": end, "months": months, "bars": bars, "today": marker}


# --- on other apps' pages -----------------------------------------------------------------


def answer_actions(membership: Membership, answer: Answer) -> list[Action] | None:
    """The actions for this answer's indicator aimed at its cycle (or at no cycle yet);
    None for a role that does not see actions."""
    if not membership.can("action.read"):
        return None
    return list(
        Action.objects.for_membership(membership)
        .filter(indicator_id=answer.indicator_id)
        .filter(Q(cycle_id=answer.cycle_id) | Q(cycle__isnull=True))
        .select_related("unit", "pic")
        .prefetch_related("evidence")
        .order_by("-status", "due_date", "pk")
    )


def cycle_actions(membership: Membership, cycle: Cycle) -> dict:
    """Counts of the actions aimed at this cycle, and whether planning links show."""
    counts = (
        Action.objects.for_membership(membership)
        .filter(cycle=cycle)
        .aggregate(
            total=Count("pk", filter=~Q(status=ActionStatus.CANCELLED)),
            done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        )
    )
    return {**counts, "can_plan": membership.can("plan.read")}
