"""Who may reach which meeting objects: the access chokepoint of the meetings app.

Views and the API fetch meetings only through `get_meeting`, which filters by the current
agency and, for partners, by invitation first: anything else is a 404. Agenda items,
decisions and photos are fetched through their meeting.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from . import operations
from .models import AgendaItem, Decision, Invitation, Meeting, MinutesStatus, Photo


def get_meeting(request: HttpRequest, pk: int) -> Meeting:
    meetings = Meeting.objects.for_membership(request.membership)
    return get_object_or_404(meetings.select_related("agency", "chair__user"), pk=pk)


def get_item(request: HttpRequest, meeting: Meeting, pk: int) -> AgendaItem:
    return get_object_or_404(meeting.agenda.select_related("indicator"), pk=pk)


def may_read_minutes(membership, meeting: Meeting) -> bool:
    if membership.can("meeting.read_all"):
        return True
    if meeting.minutes_status == MinutesStatus.PUBLISHED:
        return True
    return meeting.minutes_status == MinutesStatus.REVIEW and operations.attended(
        meeting, membership
    )


def get_invitation(request: HttpRequest, meeting: Meeting) -> Invitation:
    """The current membership's own invitation to `meeting`; 404 when it has none."""
    return get_object_or_404(Invitation, meeting=meeting, membership=request.membership)


def get_decision(meeting: Meeting, pk: int) -> Decision:
    return get_object_or_404(Decision.objects.filter(item__meeting=meeting), pk=pk)


def get_photo(meeting: Meeting, pk: int) -> Photo:
    return get_object_or_404(Photo.objects.filter(meeting=meeting), pk=pk)
