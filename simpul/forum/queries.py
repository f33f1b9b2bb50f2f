"""Read paths of the forum shared by its pages and other apps' pages: the open threads of an
indicator, the busiest indicators, the moderation queue's size, and the participation figures
per period (the forum page and the evidence of indicator 20).

Meetings figures come from `simpul.meetings.queries.participation(agency, start, end) ->
{"held": int, "attendance_rate": Decimal fraction | None, ...}`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils import timezone

from simpul.agencies.models import Agency, Helix, Membership
from simpul.core.caching import cached
from simpul.core.counting import count_of
from simpul.meetings.queries import participation as meeting_participation

from .models import FiguresVersion, Post, PostKind, PostState, Thread, ThreadStatus


@dataclass
class Figures:
    start: date
    end: date
    posts_by_helix: dict[str, int] = field(default_factory=dict)
    participants_by_helix: dict[str, int] = field(default_factory=dict)
    obstacles_opened: int = 0
    obstacles_resolved: int = 0
    solutions_accepted: int = 0
    meetings_held: int | None = None
    attendance_rate: Decimal | None = None

    @property
    def attendance_percent(self) -> Decimal | None:
        """The attendance rate in percent, one decimal (for display and the CSV)."""
        if self.attendance_rate is None:
            return None
        return (self.attendance_rate * 100).quantize(Decimal("0.1"))

    @property
    def posts(self) -> int:
        return sum(self.posts_by_helix.values())

    @property
    def participants(self) -> int:
        return sum(self.participants_by_helix.values())

    def rows(self) -> list[tuple[str, int, int]]:
        return [
            (label, self.posts_by_helix.get(value, 0), self.participants_by_helix.get(value, 0))
            for value, label in Helix.choices
        ]


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, zone),
        datetime.combine(end + timedelta(days=1), time.min, zone),
    )


# The figures of one version of the data; the token changes with the data, so this only
# bounds how long an entry no one asks for any more stays in the cache.
FIGURES_CACHE_SECONDS = 600


def participation(agency: Agency, start: date, end: date) -> Figures:
    """Visible posts and their distinct authors per helix; people without one count as
    government (pemerintah), which the agency's own staff are.

    The dashboard and the forum page show them on every view: they are counted once per
    version of the agency's data (its `FiguresVersion` token, moved on by every write to
    what they count, simpul/forum/signals.py) and read from the cache otherwise, one query
    for the token (plus the cache's own)."""
    token = _figures_token(agency)
    key = ":".join(
        (
            "forum:figures",
            str(agency.pk),
            token,
            start.isoformat(),
            end.isoformat(),
            timezone.get_current_timezone_name(),
            agency.time_zone,
        )
    )
    return cached(key, lambda: count_participation(agency, start, end), FIGURES_CACHE_SECONDS)


def _figures_token(agency: Agency) -> str:
    token = FiguresVersion.objects.filter(agency=agency).values_list("token", flat=True).first()
    if token is None:
        # The first reader: a fresh token, which no cached figure can carry.
        token = FiguresVersion.objects.get_or_create(
            agency=agency, defaults={"token": uuid.uuid4().hex}
        )[0].token
    return token


def count_participation(agency: Agency, start: date, end: date) -> Figures:
    """The figures counted from the database: three queries for the forum (and two for the
    meetings), however many posts."""
    low, high = _bounds(start, end)
    figures = Figures(start, end)
    helix_of = dict(
        Membership.objects.for_agency(agency).exclude(helix="").values_list("user_id", "helix")
    )
    authors = (
        Post.objects.for_agency(agency)
        .filter(state=PostState.VISIBLE, created_at__gte=low, created_at__lt=high)
        .exclude(author=None)
        .values("author_id")
        .annotate(n=Count("pk"))
    )
    for row in authors:
        helix = helix_of.get(row["author_id"], Helix.GOVERNMENT)
        figures.posts_by_helix[helix] = figures.posts_by_helix.get(helix, 0) + row["n"]
        figures.participants_by_helix[helix] = figures.participants_by_helix.get(helix, 0) + 1
    obstacles = Thread.objects.for_agency(agency).filter(kind=PostKind.OBSTACLE)
    counts = (
        Agency.objects.filter(pk=agency.pk)
        .annotate(
            opened=count_of(obstacles.filter(created_at__gte=low, created_at__lt=high)),
            resolved=count_of(
                obstacles.filter(status=ThreadStatus.CLOSED, closed_at__gte=low, closed_at__lt=high)
            ),
            accepted=count_of(
                Post.objects.for_agency(agency).filter(accepted_at__gte=low, accepted_at__lt=high)
            ),
        )
        .values_list("opened", "resolved", "accepted")
        .get()
    )
    figures.obstacles_opened, figures.obstacles_resolved, figures.solutions_accepted = counts
    _add_meetings(figures, agency, start, end)
    return figures


def _add_meetings(figures: Figures, agency: Agency, start: date, end: date) -> None:
    found = meeting_participation(agency, start, end)
    figures.meetings_held = found.get("held")
    figures.attendance_rate = found.get("attendance_rate")


def period_of(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def threads_for_indicator(agency: Agency, indicator) -> QuerySet[Thread]:
    """Open obstacle and solution threads on one indicator, for its answer and catalogue pages."""
    return (
        Thread.objects.for_agency(agency)
        .visible()
        .open()
        .filter(indicator=indicator, kind__in=[PostKind.OBSTACLE, PostKind.SOLUTION])
        .order_by("-last_activity_at")[:10]
    )


def heat(agency: Agency, limit: int = 10) -> list[dict]:
    """Indicators with the most open obstacle threads."""
    return list(
        Thread.objects.for_agency(agency)
        .visible()
        .filter(status=ThreadStatus.OPEN, kind=PostKind.OBSTACLE, indicator__isnull=False)
        .values("indicator_id", "indicator__number", "indicator__name")
        .annotate(open=Count("pk"))
        .order_by("-open", "indicator__number")[:limit]
    )


def pending_count(agency: Agency) -> int:
    from .models import Post, Report

    pending = Post.objects.for_agency(agency).filter(state=PostState.PENDING).count()
    reported = (
        Report.objects.filter(post__thread__agency=agency, resolved_at__isnull=True)
        .values("post")
        .distinct()
        .count()
    )
    return pending + reported
