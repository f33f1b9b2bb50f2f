"""Meetings figures for the participation table of the forum (indicator 20)."""

from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef

from simpul.agencies.models import Agency

from .models import Attendance, Invitation, Meeting


def _bounds(start: date, end: date, zone) -> tuple[datetime, datetime]:
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end, time.max, tzinfo=zone),
    )


def participation(agency: Agency, start: date, end: date) -> dict:
    """Meetings held between `start` and `end` (inclusive, the agency's dates) and attendance.

    held: meetings that started in the period and have at least one attendee;
    invited / attended_invited: invitations of those meetings and how many of them came;
    attendance_rate: attended_invited / invited as a Decimal fraction (None without invitations);
    attendees: every line of the attendance lists, guests included, and per helix category.
    """
    low, high = _bounds(start, end, agency.zone)
    meetings = Meeting.objects.for_agency(agency).filter(starts_at__range=(low, high))
    held = meetings.filter(attendance__isnull=False).distinct()
    invitations = Invitation.objects.filter(meeting__in=held)
    came_q = Attendance.objects.filter(
        meeting=OuterRef("meeting"), membership=OuterRef("membership")
    )
    invited = invitations.count()
    came = invitations.filter(Exists(came_q)).count()
    rows = Attendance.objects.filter(meeting__in=held)
    per_helix = dict(rows.values_list("helix").annotate(n=Count("pk")).order_by())
    return {
        "start": start,
        "end": end,
        "scheduled": meetings.count(),
        "held": held.count(),
        "invited": invited,
        "attended_invited": came,
        "attendance_rate": (Decimal(came) / Decimal(invited)) if invited else None,
        "attendees": rows.count(),
        "attendees_by_helix": per_helix,
    }
