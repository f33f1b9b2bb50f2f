"""What a cycle report says, read once from the database with a bounded number of queries.

The index figures come from the same engine and the same levels (self-assessment) as the
cycle page, so the report's numbers equal the app's.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from simpul.cycles import items
from simpul.cycles.models import Answer, Cycle
from simpul.cycles.overview import IndexSummary, difference, summarise_result
from simpul.cycles.pages import previous_figures
from simpul.evidence.models import EvidenceLink
from simpul.plans.models import Action

BAR_WIDTH = 300
# The PDF names this many documents per indicator (spread over its levels), then "dan N
# dokumen lainnya": an agency with 20,000 linked documents gets a report of a few dozen pages,
# not of 20,000 lines. The full list (every document, level, purpose and note) is the "Data
# dukung" sheet of the Excel export and data_dukung.csv.
SHOWN_DOCUMENTS = 10


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
    # Frameworks valued item by item: each indicator's value as shown, and how many of the
    # items were marked ready; last year's index is that of another instrument when so.
    values: dict = field(default_factory=dict)
    previous_framework: str = ""


def report_answers(cycle: Cycle, shown: int = SHOWN_DOCUMENTS) -> list[Answer]:
    """The cycle's answers, each with `evidence_count`, `level_counts` ([(level, count)]) and
    `shown_links`: `shown` of its links taken in turn from each level that has any (the first
    linked of every level, then the second...), so the assessor sees an example for each level
    claimed. Four queries, and at most `shown` rows per level read, however many documents."""
    answers = list(
        cycle.answers.select_related("indicator", "pic")
        .prefetch_related("units")
        .annotate(evidence_count=Count("evidence_links"))
        .order_by("indicator__number")
    )
    links = (
        EvidenceLink.objects.filter(answer__cycle=cycle)
        .select_related("evidence")
        .annotate(
            turn=Window(
                RowNumber(), partition_by=[F("answer_id"), F("level")], order_by=F("pk").asc()
            )
        )
        .filter(turn__lte=shown)
    )
    candidates: dict[int, list[EvidenceLink]] = {}
    for link in links:
        candidates.setdefault(link.answer_id, []).append(link)
    shown_links = {
        answer_id: sorted(
            sorted(found, key=lambda link: (link.turn, link.level, link.pk))[:shown],
            key=lambda link: (link.level, link.pk),
        )
        for answer_id, found in candidates.items()
    }
    counts = (
        EvidenceLink.objects.filter(answer__cycle=cycle)
        .values_list("answer_id", "level")
        .annotate(count=Count("pk"))
        .order_by("answer_id", "level")
    )
    level_counts: dict[int, list[tuple[int, int]]] = {}
    for answer_id, level, count in counts:
        level_counts.setdefault(answer_id, []).append((level, count))
    for answer in answers:
        answer.shown_links = shown_links.get(answer.pk, [])
        answer.level_counts = level_counts.get(answer.pk, [])
        answer.more_links = answer.evidence_count - len(answer.shown_links)
    return answers


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
    result, values = items.self_values(cycle, answers)
    summary = summarise_result(engine, result)
    previous, levels, _official = previous_figures(cycle)
    before, previous_index, previous_framework = None, None, ""
    if previous is not None and previous.framework.engine().scored_by_level:
        previous_engine = previous.framework.engine()
        shown = previous_engine.score(levels).index
        previous_index = None if shown is None else previous_engine.display(shown)
        if previous.framework_id == cycle.framework_id:
            before = shown  # a change is only ever computed within one instrument
        else:
            previous_framework = previous.framework.name
    actions = Action.objects.for_agency(cycle.agency).filter(Q(cycle=cycle) | Q(cycle__isnull=True))
    return ReportContent(
        cycle=cycle,
        summary=summary,
        previous_index=previous_index,
        change=difference(engine, summary.result.index, before),
        values=values,
        previous_framework=previous_framework,
        bars=group_bars(summary),
        answers=answers,
        actions=list(actions.select_related("indicator", "unit").order_by("due_date", "pk")),
        obstacles=obstacles_of(cycle),
        meetings=meetings_of(cycle),
    )
