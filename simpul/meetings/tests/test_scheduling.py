from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.meetings import operations
from simpul.meetings.models import Meeting, MeetingKind, Recurrence
from simpul.meetings.operations import MeetingError

from .conftest import at, schedule


def test_the_admin_schedules_a_meeting_stored_aware_with_a_check_in_code(personas):
    meeting = schedule(personas, at(2026, 3, 10, 9))
    assert timezone.is_aware(meeting.starts_at)
    assert meeting.starts_at == at(2026, 3, 10, 9)
    assert len(meeting.code) == 6
    assert [item.title for item in meeting.agenda.all()] == ["Arsitektur SPBE"]


def test_a_monthly_series_creates_its_occurrences_linked_to_the_first(personas):
    first = schedule(personas, at(2026, 1, 31, 9), recurrence=Recurrence.MONTHLY, count=3)
    series = Meeting.objects.filter(series=first).order_by("starts_at")
    assert [m.starts_at.date().isoformat() for m in series] == ["2026-02-28", "2026-03-31"]
    assert all(m.ends_at - m.starts_at == timedelta(hours=2) for m in series)
    assert all(m.agenda.count() == 1 for m in series)
    assert len({first.code, *(m.code for m in series)}) == 3


def test_an_end_before_the_start_is_refused_and_nothing_is_saved(personas):
    with pytest.raises(MeetingError, match="Waktu selesai .* harus sesudah waktu mulai"):
        operations.schedule_meeting(
            personas.agency_a,
            membership=personas.admin_membership,
            title="Rapat",
            kind=MeetingKind.FORUM,
            starts_at=at(2026, 3, 10, 10),
            ends_at=at(2026, 3, 10, 9),
        )
    assert not Meeting.objects.exists()


def test_an_invalid_recurrence_is_refused_by_the_action(personas):
    with pytest.raises(MeetingError, match="Jumlah pertemuan berulang"):
        schedule(personas, recurrence=Recurrence.QUARTERLY, count=40)
    assert not Meeting.objects.exists()


def test_only_the_admin_schedules(personas):
    with pytest.raises(MeetingError, match="Hanya koordinator"):
        operations.schedule_meeting(
            personas.agency_a,
            membership=personas.leader_membership,
            title="Rapat",
            kind=MeetingKind.FORUM,
            starts_at=at(2026, 3, 10, 9),
            ends_at=at(2026, 3, 10, 10),
        )
