"""What a cycle report says, read once from the database with a bounded number of queries.

The index figures come from the same engine and the same levels (self-assessment) as the
cycle page, so the report's numbers equal the app's.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from simpul.cycles.models import Answer, Cycle
from simpul.cycles.overview import IndexSummary, difference, summarise
from simpul.cycles.pages import previous_figures
from simpul.evidence.models import EvidenceLink
from simpul.plans.models import Action

BAR_WIDTH = 300


@dataclass
class ReportContent:
    cycle: Cycle
    summary: IndexSummary
    previous_index: str | None
    change: str | None
    bars: list[dict]
    answers: list[Answer]
    actions: list[Action]
    obstacles: list = field(default_factory=list)
    meetings: list = field(default_factory=list)


def report_answers(cycle: Cycle) -> list[Answer]:
    links = EvidenceLink.objects.select_related("evidence").order_by("level", "pk")
    return list(
        cycle.answers.select_related("indicator", "pic")
        .prefetch_related("units", Prefetch("evidence_links", queryset=links))
        .order_by("indicator__number")
    )


def group_bars(summary: IndexSummary) -> list[dict]:
    """Inline SVG bars (display only: widths are floats, the labels are the engine's strings)."""
    bars = []
    for shown, exact in zip(summary.groups, summary.result.groups, strict=True):
        width = int(float(exact.index or 0) / 5 * BAR_WIDTH)
        bars.append({"group": shown, "width": width, "y": len(bars) * 22})
    return bars


def obstacles_of(cycle: Cycle) -> list:
    try:
        from simpul.forum.models import PostKind, Thread
    except ImportError:  # pragma: no cover - the forum is optional
        return []
    threads = Thread.objects.for_agency(cycle.agency).visible().filter(kind=PostKind.OBSTACLE)
    threads = threads.filter(Q(cycle=cycle) | Q(cycle__isnull=True)).select_related("indicator")
    return list(threads.order_by("-created_at")[:100])


def meetings_of(cycle: Cycle) -> list:
    try:
        from simpul.meetings.models import Meeting
    except ImportError:  # pragma: no cover - meetings are optional
        return []
    meetings = Meeting.objects.for_agency(cycle.agency).filter(
        starts_at__year=cycle.year, starts_at__lte=timezone.now()
    )
    return list(meetings.order_by("starts_at")[:200])


def gather(cycle: Cycle) -> ReportContent:
    engine = cycle.framework.engine()
    answers = report_answers(cycle)
    summary = summarise(engine, {a.indicator.code: a.self_level for a in answers})
    previous, levels, _official = previous_figures(cycle)
    before = engine.score(levels).index if previous is not None else None
    actions = Action.objects.for_agency(cycle.agency).filter(Q(cycle=cycle) | Q(cycle__isnull=True))
    return ReportContent(
        cycle=cycle,
        summary=summary,
        previous_index=engine.display(before) if before is not None else None,
        change=difference(engine, summary.result.index, before),
        bars=group_bars(summary),
        answers=answers,
        actions=list(actions.select_related("indicator", "unit").order_by("due_date", "pk")),
        obstacles=obstacles_of(cycle),
        meetings=meetings_of(cycle),
    )
