"""Context builders for the dashboard pages (the views stay short)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from simpul.agencies.models import Agency
from simpul.cycles.models import Answer
from simpul.forum.figures import participation, period_of
from simpul.forum.models import Thread
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


def _headline(agency: Agency, scores: list[CycleScore]) -> dict:
    current = scores[-1] if scores else None
    previous = previous_of(scores, current) if current else None
    found = settings_of(agency)
    target = current.text(found.target_index) if current else "–"
    return {
        "current": current,
        "previous": previous,
        "settings": found,
        "target_text": target,
        # Last year on another instrument: shown, labelled, never subtracted.
        "other_instrument": _instruments_differ(current, previous),
        "instruments": len({score.cycle.framework_id for score in scores}) > 1,
    }


def _trend_chart(points, maximum: int, shown):
    """Index per year; one series per instrument, never joined across a change of instrument."""
    years = [point.year for point in points]
    instruments = list(dict.fromkeys(point.framework for point in points if point.framework))
    series = []
    for instrument in instruments:
        mine = [point for point in points if point.framework == instrument]
        suffix = f" · {instrument}" if len(instruments) > 1 else ""
        series.append((_("Mandiri") + suffix, {p.year: p.own for p in mine}))
        series.append((_("Resmi") + suffix, {p.year: p.official for p in mine}))
    if any(point.national is not None for point in points):
        series.append((_("Nasional (terbit)"), {p.year: p.national for p in points}))
    return charts.trend(years, series, maximum, _("Indeks per tahun"), shown)


GROUP_TITLES = {"domain": _("Indeks per domain"), "aspect": _("Indeks per aspek")}


def _group_title(kind: str) -> str:
    return str(GROUP_TITLES.get(kind, _("Indeks per kelompok")))


def _result_charts(score: CycleScore) -> dict:
    """The framework's own hierarchy: the top groups on the radar, the groups holding the
    indicators as bars (for a framework of aspects only, both show the aspects)."""
    maximum = score.engine.spec.level_max
    best = score.best
    top, deepest = top_depth(best), deepest_depth(best)
    return {
        "radar": charts.radar(
            groups_at(best, top), maximum, _group_title(kind_at(best, top)), score.text
        ),
        "bars": charts.bars(
            groups_at(best, deepest), maximum, _group_title(kind_at(best, deepest)), score.text
        ),
    }


def _instruments_differ(current: CycleScore | None, previous: CycleScore | None) -> bool:
    return bool(current and previous and current.cycle.framework_id != previous.cycle.framework_id)


def dashboard_context(agency: Agency, today: date, membership=None) -> dict:
    scores = cycle_scores(agency)
    context = _headline(agency, scores)
    current = context["current"]
    national = national_rows(agency)
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
        context["heat"] = charts.heat_map(cells, _("Tingkat setiap indikator"))
        context["trend"] = _trend_chart(points, current.engine.spec.level_max, current.text)
    return context


def leader_context(agency: Agency, today: date) -> dict:
    scores = cycle_scores(agency)
    context = _headline(agency, scores)
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
        maximum = latest.engine.spec.level_max
        context["trend"] = _trend_chart(points, maximum, latest.text)
        top = top_depth(latest.best)
        context["domains"] = charts.radar(
            groups_at(latest.best, top), maximum, _group_title(kind_at(latest.best, top)),
            latest.text,
        )  # fmt: skip
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
