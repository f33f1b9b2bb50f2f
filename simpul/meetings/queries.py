"""Meetings figures for the participation table of the forum (indicator 20)."""

from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef

from simpul.agencies.models import Agency
from simpul.core.counting import count_of

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

    Two queries, however many meetings: the counts in one, the lines per helix in the other.
    """
    low, high = _bounds(start, end, agency.zone)
    meetings = Meeting.objects.for_agency(agency).filter(starts_at__range=(low, high))
    held = meetings.filter(Exists(Attendance.objects.filter(meeting=OuterRef("pk"))))
    invitations = Invitation.objects.filter(meeting__in=held)
    came_q = Attendance.objects.filter(
        meeting=OuterRef("meeting"), membership=OuterRef("membership")
    )
    scheduled, held_count, invited, came = (
        Agency.objects.filter(pk=agency.pk)
        .annotate(
            scheduled=count_of(meetings),
            held=count_of(held),
            invited=count_of(invitations),
            came=count_of(invitations.filter(Exists(came_q))),
        )
        .values_list("scheduled", "held", "invited", "came")
        .get()
    )
    rows = Attendance.objects.filter(meeting__in=held)
    per_helix = dict(rows.values_list("helix").annotate(n=Count("pk")).order_by())
    return {
        "start": start,
        "end": end,
        "scheduled": scheduled,
        "held": held_count,
        "invited": invited,
        "attended_invited": came,
        "attendance_rate": (Decimal(came) / Decimal(invited)) if invited else None,
        # Every line falls in one helix group (blank included): their sum is every line.
        "attendees": sum(per_helix.values()),
        "attendees_by_helix": per_helix,
    }
