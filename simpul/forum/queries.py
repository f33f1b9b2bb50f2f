"""Read paths shared by the forum pages and by other apps' pages."""

from django.db.models import Count, QuerySet

from simpul.agencies.models import Agency, Membership

from .actions import can_moderate
from .models import PostKind, PostState, Thread, ThreadStatus


def threads_for(membership: Membership) -> QuerySet[Thread]:
    """Threads of the membership's agency it may see: moderators also see pending ones."""
    threads = Thread.objects.for_agency(membership.agency)
    if not can_moderate(membership):
        threads = threads.visible()
    return threads


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
