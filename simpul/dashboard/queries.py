"""What the dashboard, the leader view and the public page read: a fixed number of queries
per page, whatever the number of cycles, answers, units or actions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.urls import reverse

from simpul.agencies.models import Agency, Unit
from simpul.core.numbers import index_text
from simpul.cycles import items
from simpul.cycles.models import Answer, AnswerStatus, Cycle, ItemVerdict
from simpul.frameworks.scoring import IndexEngine, IndexResult
from simpul.national.queries import history_for
from simpul.plans.models import Action

from .charts import Cell
from .models import DashboardSettings

DONE_STATUSES = (AnswerStatus.SUBMITTED, AnswerStatus.ACCEPTED)


@dataclass
class CycleScore:
    """One cycle's self-assessed index and, when final levels exist, its official one."""

    cycle: Cycle
    engine: IndexEngine
    rows: list[dict]
    own: IndexResult
    official: IndexResult | None
    # Frameworks valued item by item: each indicator's level band now (official, else own).
    item_levels: dict[str, int] | None = None
    # …and the item codes accepted at the stage those levels come from.
    accepted_items: frozenset[str] = frozenset()
    item_values: dict = field(default_factory=dict)

    @property
    def best(self) -> IndexResult:
        """The official result when there is one, otherwise the self-assessed one."""
        return self.official if self.official is not None else self.own

    def text(self, value: Decimal | None) -> str:
        return index_text(self.engine, value)

    @property
    def own_text(self) -> str:
        return self.text(self.own.index)

    @property
    def official_text(self) -> str:
        return self.text(self.official.index) if self.official else "–"

    @property
    def best_text(self) -> str:
        return self.text(self.best.index)

    def levels(self) -> dict[str, int | None]:
        """Each indicator's level now: final when set, otherwise self-assessed (for item
        frameworks: the level whose band holds the indicator's value)."""
        if self.item_levels is not None:
            return dict(self.item_levels)
        return {
            row["indicator__code"]: row["final_level"]
            if row["final_level"] is not None
            else row["self_level"]
            for row in self.rows
        }


@dataclass
class UnitProgress:
    unit: Unit
    total: int = 0
    answered: int = 0
    submitted: int = 0
    accepted: int = 0
    overdue: int = 0


@dataclass
class HistoryPoint:
    year: int
    own: Decimal | None = None
    official: Decimal | None = None
    national: Decimal | None = None
    source: str = ""
    cycles: list = field(default_factory=list)
    framework: str = ""  # the instrument's name: a trend never joins two instruments


def settings_of(agency: Agency) -> DashboardSettings:
    found = DashboardSettings.objects.for_agency(agency).first()
    return found or DashboardSettings(agency=agency)


def cycle_scores(agency: Agency) -> list[CycleScore]:
    """Every cycle of the agency scored, oldest first: two queries, and five more when a
    framework is valued item by item (items.cycles_assessments, official_stages)."""
    cycles = list(
        Cycle.objects.for_agency(agency)
        .select_related("framework")
        .defer("framework__document", "self_assessment_snapshot")
        .order_by("year")
    )
    rows_by_cycle: dict[int, list[dict]] = defaultdict(list)
    fields = ("pk", "cycle_id", "indicator__code", "indicator__number", "indicator__name")
    for row in (
        Answer.objects.for_agency(agency)
        .values(*fields, "self_level", "final_level", "status", "due_date")
        .order_by("indicator__number")
    ):
        rows_by_cycle[row["cycle_id"]].append(row)
    item_cycles = [cycle for cycle in cycles if not cycle.framework.engine().scored_by_level]
    assessments = items.cycles_assessments(
        item_cycles,
        [
            (row["pk"], cycle.pk, row["indicator__code"])
            for cycle in item_cycles
            for row in rows_by_cycle[cycle.pk]
        ],
    )
    official_stages = items.official_stages(item_cycles)
    scores = []
    for cycle in cycles:
        engine = cycle.framework.engine()
        rows = rows_by_cycle[cycle.pk]
        if cycle.pk in assessments:
            scores.append(_item_score(cycle, engine, rows, assessments[cycle.pk], official_stages))
            continue
        own = engine.score({r["indicator__code"]: r["self_level"] for r in rows})
        finals = {r["indicator__code"]: r["final_level"] for r in rows}
        official = engine.score(finals) if any(v is not None for v in finals.values()) else None
        scores.append(CycleScore(cycle, engine, rows, own, official))
    return scores


def _item_score(cycle, engine, rows, assessments, official_stages) -> CycleScore:
    """A cycle valued item by item: own = items marked ready, official = the latest
    external stage with verdicts (docs/cycles.md)."""
    own = engine.evaluate(assessments[items.SELF])
    official = None
    stage = official_stages.get(cycle.pk)
    if stage is not None:
        official = engine.evaluate(assessments[stage])
    best = official or own
    verdicts = assessments[stage if official is not None else items.SELF].verdicts
    levels = {value.code: value.level for value in best.indicators}
    return CycleScore(
        cycle,
        engine,
        rows,
        own.result,
        None if official is None else official.result,
        item_levels=levels,
        accepted_items=frozenset(code for code, v in verdicts.items() if v == ItemVerdict.ACCEPTED),
        item_values={value.code: value for value in best.indicators},
    )


def national_rows(agency: Agency) -> list[dict]:
    """The published national results linked to this agency, oldest first
    ({year, index, predicate, source, ...})."""
    return list(history_for(agency))


def national_before(rows: list[dict], year: int) -> dict | None:
    """The latest published row before `year`, the national "last year"."""
    earlier = [row for row in rows if row.get("year") is not None and row["year"] < year]
    return earlier[-1] if earlier else None


def history(scores: list[CycleScore], national: list[dict]) -> list[HistoryPoint]:
    points: dict[int, HistoryPoint] = {}
    for score in scores:
        point = points.setdefault(score.cycle.year, HistoryPoint(score.cycle.year))
        point.own = score.own.index
        point.official = score.official.index if score.official else None
        point.framework = score.cycle.framework.name
    for row in national:
        year, index = row.get("year"), row.get("index")
        if year is not None and index is not None:
            point = points.setdefault(year, HistoryPoint(year))
            point.national = Decimal(index)
            point.source = str(row.get("source", ""))
    return [points[year] for year in sorted(points)]


def previous_of(scores: list[CycleScore], current: CycleScore) -> CycleScore | None:
    by_pk = {score.cycle.pk: score for score in scores}
    if current.cycle.previous_id in by_pk:
        return by_pk[current.cycle.previous_id]
    return next((s for s in scores if s.cycle.year == current.cycle.year - 1), None)


def groups_at(result: IndexResult, depth: int) -> list[tuple[str, str, Decimal | None]]:
    return [(g.code, g.name, g.index) for g in result.groups if g.depth == depth]


def top_depth(result: IndexResult) -> int:
    return min((group.depth for group in result.groups), default=0)


def deepest_depth(result: IndexResult) -> int:
    """The depth of the groups that hold indicators: aspects in SPBE 2020 and Pemdi 2026."""
    return max((group.depth for group in result.groups), default=0)


def kind_at(result: IndexResult, depth: int) -> str:
    return next((group.kind for group in result.groups if group.depth == depth), "")


def heat_cells(score: CycleScore, readable: set[int] | None = None) -> list[Cell]:
    """One cell per indicator; linked to its answer only when the viewer may open it
    (`readable`: the answer ids the viewer may read; None: all of them)."""
    levels = score.levels()
    return [
        Cell(
            code=row["indicator__code"],
            number=row["indicator__number"],
            name=row["indicator__name"],
            level=levels[row["indicator__code"]],
            url=reverse("cycles:answer", args=[row["pk"]])
            if readable is None or row["pk"] in readable
            else "",
        )
        for row in score.rows
    ]


def unit_progress(agency: Agency, score: CycleScore | None, today: date) -> list[UnitProgress]:
    """Per active unit: its answers in the current cycle, answered, submitted, accepted and
    overdue (past the due date, not yet submitted). Two queries."""
    progress = {
        unit.pk: UnitProgress(unit)
        for unit in Unit.objects.for_agency(agency).filter(is_active=True)
    }
    if score is None or not progress:
        return list(progress.values())
    by_pk = {row["pk"]: row for row in score.rows}
    pairs = Answer.units.through.objects.filter(answer__cycle=score.cycle).values_list(
        "answer_id", "unit_id"
    )
    for answer_id, unit_id in pairs:
        entry, row = progress.get(unit_id), by_pk.get(answer_id)
        if entry is None or row is None:
            continue
        entry.total += 1
        entry.answered += row["self_level"] is not None
        entry.submitted += row["status"] in DONE_STATUSES
        entry.accepted += row["status"] == AnswerStatus.ACCEPTED
        late = row["due_date"] is not None and row["due_date"] < today
        entry.overdue += late and row["status"] not in DONE_STATUSES
    return list(progress.values())


def open_actions(agency: Agency) -> list[Action]:
    return list(
        Action.objects.for_agency(agency)
        .open()
        .select_related("indicator", "unit")
        .order_by("due_date", "pk")
    )


def overdue_by_unit(actions: list[Action], today: date) -> list[tuple[str, list[Action]]]:
    grouped: dict[str, list[Action]] = defaultdict(list)
    for action in actions:
        if action.is_overdue(today):
            grouped[str(action.unit) if action.unit else "—"].append(action)
    return sorted(grouped.items())
