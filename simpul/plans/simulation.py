"""What-if figures: levels read from a cycle or typed in, scored side by side with the engine.

The real levels come from the answers (one query); virtual levels never go back there. The
comparison is pure: several columns of levels scored by one engine, with their groups and
the indicators that differ from the first column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from simpul.cycles.models import Cycle
from simpul.cycles.overview import IndexSummary, difference, summarise
from simpul.frameworks.scoring import IndexEngine
from simpul.frameworks.spec import FrameworkSpec, IndicatorSpec

from .models import SOURCE_FIELDS, LevelSource

Levels = dict[str, int | None]
FIELD_PREFIX = "t-"


def source_levels(cycle: Cycle, source: str) -> Levels:
    """The cycle's real levels of one source by indicator code (None where there is none)."""
    field = SOURCE_FIELDS[LevelSource(source)]
    levels: Levels = {item.code: None for item, _group in cycle.framework.spec().indicators()}
    levels.update(cycle.answers.values_list("indicator__code", field))
    return levels


def scale_of(spec: FrameworkSpec, indicator: IndicatorSpec) -> list[int]:
    return [item.level for item in spec.scale(indicator.scale).levels]


def indicator_label(indicator: IndicatorSpec) -> str:
    return f"{indicator.number} ({indicator.code})"


def read_levels(
    spec: FrameworkSpec, data: Mapping[str, str], start: Mapping[str, int | None]
) -> tuple[Levels, list[str]]:
    """Levels from form fields "t-<code>" over `start`; a bad value keeps its start level.

    An empty value means "no level". Returns the levels and one message per bad value.
    """
    levels: Levels = dict(start)
    errors = []
    for indicator, _group in spec.indicators():
        key = FIELD_PREFIX + indicator.code
        if key not in data:
            continue
        raw = str(data[key]).strip()
        if raw == "":
            levels[indicator.code] = None
            continue
        allowed = scale_of(spec, indicator)
        if raw.isascii() and raw.isdigit() and int(raw) in allowed:
            levels[indicator.code] = int(raw)
            continue
        errors.append(
            _(
                "Indikator %(indicator)s: tingkat “%(value)s” tidak ada pada skalanya "
                "(%(min)s–%(max)s)."
            )
            % {
                "indicator": indicator_label(indicator),
                "value": raw[:20],
                "min": min(allowed),
                "max": max(allowed),
            }
        )
    return levels, errors


@dataclass(frozen=True)
class GroupLine:
    code: str
    name: str
    depth: int
    indexes: tuple[str | None, ...]

    @property
    def changed(self) -> bool:
        return len(set(self.indexes)) > 1


@dataclass(frozen=True)
class IndicatorLine:
    number: int
    code: str
    name: str
    levels: tuple[int | None, ...]


@dataclass(frozen=True)
class Column:
    label: str
    summary: IndexSummary
    change: str | None  # the change from the first column, as shown: "+0.12"


@dataclass(frozen=True)
class Comparison:
    columns: tuple[Column, ...]
    groups: tuple[GroupLine, ...]
    changed: tuple[IndicatorLine, ...]


def compare(
    engine: IndexEngine, columns: Sequence[tuple[str, Mapping[str, int | None]]]
) -> Comparison:
    """Score every column; groups side by side; indicators where any column differs."""
    summaries = [(label, summarise(engine, levels)) for label, levels in columns]
    first = summaries[0][1].result.index
    shown = tuple(
        Column(
            label,
            summary,
            None if k == 0 else difference(engine, summary.result.index, first),
        )
        for k, (label, summary) in enumerate(summaries)
    )
    groups = tuple(
        GroupLine(rows[0].code, rows[0].name, rows[0].depth, tuple(row.index for row in rows))
        for rows in zip(*(summary.groups for _label, summary in summaries), strict=True)
    )
    changed = []
    for indicator, _group in engine.spec.indicators():
        values = tuple(levels.get(indicator.code) for _label, levels in columns)
        if len(set(values)) > 1:
            changed.append(IndicatorLine(indicator.number, indicator.code, indicator.name, values))
    return Comparison(shown, groups, tuple(changed))
