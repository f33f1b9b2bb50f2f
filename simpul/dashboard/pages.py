"""Context builders for the dashboard pages (the views stay short)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from simpul.agencies.models import Agency
from simpul.core.numbers import gap_text, minus, signed_text
from simpul.cycles.models import Answer
from simpul.forum.models import Thread
from simpul.forum.queries import participation, period_of
from simpul.meetings.models import Meeting, MinutesStatus

from . import charts
from .leverage import best_moves
from .queries import (
    CycleScore,
    cycle_scores,
    deepest_depth,
    groups_at,
    heat_cells,
    history,
    kind_at,
    national_before,
    national_rows,
    open_actions,
    overdue_by_unit,
    previous_of,
    settings_of,
    top_depth,
    unit_progress,
)


def _headline(agency: Agency, scores: list[CycleScore], national: list[dict]) -> dict:
    current = scores[-1] if scores else None
    previous = previous_of(scores, current) if current else None
    found = settings_of(agency)
    target = current.text(found.target_index) if current else "–"
    context = {
        "current": current,
        "previous": previous,
        "settings": found,
        "target_text": target,
        # Last year on another instrument: shown, labelled, never subtracted.
        "other_instrument": _instruments_differ(current, previous),
        "instruments": len({score.cycle.framework_id for score in scores}) > 1,
        "mismatches": official_against_published(scores, national),
    }
    if current is not None:
        context.update(
            change=index_change(current, previous),
            target_gap=target_gap(current, found.target_index),
            next_predicate=next_predicate(current),
        )
    return context


def predicate_marks(score: CycleScore) -> list[tuple[str, Decimal]]:
    """The predicates' lower bounds above the scale's bottom, drawn on the charts."""
    spec = score.engine.spec
    return [
        (band.name, band.lower)
        for band in spec.predicates
        if band.lower is not None and band.lower > spec.level_min
    ]


def index_change(current: CycleScore, previous: CycleScore | None) -> str | None:
    """This year's index (official, else self-assessed) minus last year's, within one
    instrument only; None when there is nothing to subtract."""
    if previous is None or _instruments_differ(current, previous):
        return None
    now, before = current.best.index, previous.best.index
    if now is None or before is None:
        return None
    return signed_text(minus(now, before), engine=current.engine)


def target_gap(current: CycleScore, target: Decimal | None) -> dict | None:
    """How far the index is from the agency's target: exact, shown rounded up."""
    index = current.best.index
    if target is None or index is None:
        return None
    missing = minus(Decimal(target), index)
    places = current.engine.spec.rounding.decimals
    return {"reached": missing <= 0, "text": gap_text(missing, places) if missing > 0 else ""}


def next_predicate(current: CycleScore) -> dict | None:
    """The next predicate band above today's index and the index still missing to reach it
    (exact; shown rounded up, so a gap is never shown as zero). None at the top band."""
    index = current.best.index
    if index is None:
        return None
    above = [
        band
        for band in current.engine.spec.predicates
        if band.lower is not None
        and (band.lower > index or (band.lower == index and not band.lower_inclusive))
    ]
    if not above:
        return None
    band = min(above, key=lambda found: found.lower)
    places = current.engine.spec.rounding.decimals
    return {
        "name": band.name,
        "lower": current.text(band.lower),
        "gap": gap_text(minus(band.lower, index), places),
        "inclusive": band.lower_inclusive,
    }


def official_against_published(scores: list[CycleScore], national: list[dict]) -> list[dict]:
    """Years whose official result (imported here) and KemenPANRB's published one, as shown,
    differ: said explicitly, never left for the reader to notice."""
    published = {row["year"]: row for row in national if row.get("index") is not None}
    found = []
    for score in scores:
        row = published.get(score.cycle.year)
        if score.official is None or row is None or not score.engine.scored_by_level:
            continue
        official = score.text(score.official.index)
        shown = score.text(Decimal(row["index"]))
        if official != shown:
            found.append({"year": score.cycle.year, "official": official, "published": shown})
    return found


def group_changes(current: CycleScore, previous: CycleScore | None) -> list[dict]:
    """Every group of the framework (domains, then their aspects) now and last year, with the
    change when both years use the same instrument."""
    same = previous is not None and not _instruments_differ(current, previous)
    before = {g.code: g.index for g in previous.best.groups} if same else {}
    rows = []
    for group in current.best.groups:
        old = before.get(group.code)
        change = None
        if group.index is not None and old is not None:
            change = signed_text(minus(group.index, old), engine=current.engine)
        rows.append(
            {
                "code": group.code,
                "name": group.name,
                "depth": group.depth,
                "now": current.text(group.index),
                "before": current.text(old) if same else "–",
                "change": change or "–",
            }
        )
    return rows


def _trend_chart(points, score: CycleScore):
    """Index per year; one series per instrument, never joined across a change of instrument."""
    years = [point.year for point in points]
    instruments = list(dict.fromkeys(point.framework for point in points if point.framework))
    series = []
    for instrument in instruments:
        mine = [point for point in points if point.framework == instrument]
        suffix = f" · {instrument}" if len(instruments) > 1 else ""
        first = instrument == instruments[0]
        series.append(
            (
                _("Mandiri") + suffix,
                {p.year: p.own for p in mine},
                "self" if first else "",
            )
        )
        series.append(
            (
                _("Hasil resmi") + suffix,
                {p.year: p.official for p in mine},
                "official" if first else "",
            )
        )
    if any(point.national is not None for point in points):
        series.append(
            (
                _("Terbitan KemenPANRB"),
                {p.year: p.national for p in points},
                "published",
            )
        )
    return charts.trend(
        years,
        series,
        score.engine.spec.level_max,
        _("Indeks per tahun"),
        score.text,
        predicate_marks(score),
    )


GROUP_TITLES = {"domain": _("Indeks per domain"), "aspect": _("Indeks per aspek")}
GROUP_NAMES = {"domain": _("Domain"), "aspect": _("Aspek")}


def _group_title(kind: str) -> str:
    return str(GROUP_TITLES.get(kind, _("Indeks per kelompok")))


def _group_name(kind: str) -> str:
    return str(GROUP_NAMES.get(kind, _("Kelompok")))


def _result_charts(score: CycleScore) -> dict:
    """The framework's own hierarchy: the top groups on the radar, the groups holding the
    indicators as bars; a framework of aspects only gets the bars alone (once)."""
    maximum = score.engine.spec.level_max
    best = score.best
    top, deepest = top_depth(best), deepest_depth(best)
    found = {
        "bars": charts.bars(
            groups_at(best, deepest),
            maximum,
            _group_title(kind_at(best, deepest)),
            score.text,
            predicate_marks(score),
            _group_name(kind_at(best, deepest)),
        ),
    }
    if top != deepest:
        found["radar"] = charts.radar(
            groups_at(best, top),
            maximum,
            _group_title(kind_at(best, top)),
            score.text,
            _group_name(kind_at(best, top)),
        )
    return found


def _instruments_differ(current: CycleScore | None, previous: CycleScore | None) -> bool:
    return bool(current and previous and current.cycle.framework_id != previous.cycle.framework_id)


def dashboard_context(agency: Agency, today: date, membership=None) -> dict:
    scores = cycle_scores(agency)
    national = national_rows(agency)
    context = _headline(agency, scores, national)
    current = context["current"]
    points = history(scores, national)
    actions = open_actions(agency)
    context.update(
        national=national_before(national, current.cycle.year) if current else None,
        actions=actions,
        overdue=[action for action in actions if action.is_overdue(today)],
        units=unit_progress(agency, current, today),
        forum=participation(agency, *period_of(today.year)),
        year=today.year,
    )
    if current is not None:
        context.update(_result_charts(current))
        readable = None
        if membership is not None:
            # A respondent opens only their own answers: the other tiles are not links.
            readable = set(
                Answer.objects.for_membership(membership)
                .filter(cycle=current.cycle)
                .values_list("pk", flat=True)
            )
        cells = heat_cells(current, readable)
        spec = current.engine.spec
        context["heat"] = charts.heat_map(
            cells, _("Tingkat setiap indikator"), range(spec.level_min, spec.level_max + 1)
        )
        context["trend"] = _trend_chart(points, current)
    return context


def leader_context(agency: Agency, today: date) -> dict:
    scores = cycle_scores(agency)
    national = national_rows(agency)
    context = _headline(agency, scores, national)
    current = context["current"]
    actions = open_actions(agency)
    context.update(
        overdue_units=overdue_by_unit(actions, today),
        units=[u for u in unit_progress(agency, current, today) if u.overdue],
    )
    if current is not None:
        deepest = deepest_depth(current.best)
        aspects = [g for g in groups_at(current.best, deepest) if g[2] is not None]
        weakest = sorted(aspects, key=lambda g: g[2])[:3]
        context["weakest"] = [(code, name, current.text(value)) for code, name, value in weakest]
        context["moves"] = best_moves(agency, current, actions)
        context["groups"] = group_changes(current, context["previous"])
        context.update(_result_charts(current))
        context["trend"] = _trend_chart(history(scores, national), current)
    return context


def public_context(agency: Agency) -> dict:
    """Only what an agency may show anyone: official indexes, and self-assessed ones only
    once the self-assessment is locked; no evidence, no answers, no names."""
    scores = [s for s in cycle_scores(agency) if s.official or s.cycle.is_locked]
    points = history(scores, national_rows(agency))
    locked = {score.cycle.year for score in scores if score.cycle.is_locked}
    for point in points:
        if point.year not in locked:
            point.own = None  # a self-assessment still open is not public
    rows = [
        {
            "year": score.cycle.year,
            "own": score.own_text if score.cycle.is_locked else "–",
            "official": score.official_text,
            "predicate": score.best.predicate,
        }
        for score in scores
    ]
    latest = scores[-1] if scores else None
    context = {"agency": agency, "rows": rows, "latest": latest}
    if latest is not None:
        context["trend"] = _trend_chart(points, latest)
        found = _result_charts(latest)
        context["domains"] = found.get("radar") or found["bars"]
    context["meetings"] = list(
        Meeting.objects.for_agency(agency)
        .filter(minutes_status=MinutesStatus.PUBLISHED)
        .only("title", "starts_at", "summary", "kind")
        .order_by("-starts_at")[:10]
    )
    context["threads"] = list(
        Thread.objects.for_agency(agency)
        .visible()
        .exclude(published_summary="")
        .only("title", "published_summary", "kind", "status", "last_activity_at")
        .order_by("-last_activity_at")[:10]
    )
    return context
