"""Index figures of a cycle, ready for templates: everything comes from the index engine.

Pure: fed with the engine and levels already read from the database. The engine keeps
values exact; only `engine.display` rounds, and only for showing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from simpul.frameworks.scoring import IndexEngine, IndexResult


@dataclass(frozen=True)
class GroupRow:
    code: str
    name: str
    kind: str
    depth: int
    index: str | None
    answered: int
    total: int


@dataclass(frozen=True)
class IndexSummary:
    """One set of levels scored: the index as shown, its predicate, range and groups."""

    result: IndexResult
    index: str | None
    predicate: str | None
    minimum: str
    maximum: str
    groups: tuple[GroupRow, ...]

    @property
    def provisional(self) -> bool:
        return self.result.provisional

    @property
    def answered(self) -> int:
        return self.result.answered

    @property
    def total(self) -> int:
        return self.result.total


def summarise(engine: IndexEngine, levels: Mapping[str, int | None]) -> IndexSummary:
    return summarise_result(engine, engine.score(levels))


def summarise_result(engine: IndexEngine, result: IndexResult) -> IndexSummary:
    """An engine result as shown: also for frameworks valued item by item (exact Fractions)."""
    return IndexSummary(
        result=result,
        index=_shown(engine, result.index),
        predicate=result.predicate,
        minimum=engine.display(result.minimum),
        maximum=engine.display(result.maximum),
        groups=tuple(
            GroupRow(
                code=group.code,
                name=group.name,
                kind=group.kind,
                depth=group.depth,
                index=_shown(engine, group.index),
                answered=group.answered,
                total=group.total,
            )
            for group in result.groups
        ),
    )


def difference(engine: IndexEngine, now: Decimal | None, before: Decimal | None) -> str | None:
    """The change between two exact indexes as shown, with its sign: "+0.25", "-0.10"."""
    if now is None or before is None:
        return None
    change = now - before
    shown = engine.display(abs(change))
    if engine.display(Decimal(0)) == shown:
        return f"±{shown}"
    return f"+{shown}" if change > 0 else f"−{shown}"


def _shown(engine: IndexEngine, value: Decimal | Fraction | None) -> str | None:
    return None if value is None else engine.display(value)
