"""Absurd meeting dates are refused at the form, with a message, and nothing is saved."""

import pytest
from django.urls import reverse

from simpul.meetings import operations
from simpul.meetings.models import Meeting, MeetingKind, Recurrence
from simpul.meetings.operations import MeetingError

from .conftest import at


def meeting_data(**changes) -> dict:
    data = {
        "title": "Rapat koordinasi SPBE",
        "kind": MeetingKind.FORUM,
        "starts_at": "2026-03-10T09:00",
        "ends_at": "2026-03-10T11:00",
        "place": "Aula Diskominfo",
        "recurrence": "",
        "count": "1",
        "agenda": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {
                "starts_at": "9999-12-31T09:00",
                "ends_at": "9999-12-31T11:00",
                "recurrence": Recurrence.MONTHLY,
                "count": "3",
            },
            "31 Desember 9999 tidak masuk akal",
        ),
        ({"starts_at": "0001-01-01T09:00"}, "1 Januari 0001 tidak masuk akal"),
        ({"ends_at": "2036-03-10T11:00"}, "Rapat paling lama 3 hari"),
    ],
)
def test_an_absurd_meeting_date_is_refused_at_the_form(as_user, personas, changes, message):
    response = as_user(personas.admin).post(reverse("meetings:create"), meeting_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_meeting_ten_years_long_is_refused_by_the_action_too(personas):
    with pytest.raises(MeetingError, match="Rapat paling lama 3 hari"):
        operations.schedule_meeting(
            personas.agency_a,
            membership=personas.admin_membership,
            title="Rapat",
            kind=MeetingKind.FORUM,
            starts_at=at(2026, 3, 10, 9),
            ends_at=at(2036, 3, 10, 9),
        )
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("number", ["²", "１２"])
def test_an_agenda_line_with_an_unreadable_thread_number_keeps_it_as_text(
    as_user, personas, number
):
    data = meeting_data(agenda=f"Pembahasan kendala #{number}")
    response = as_user(personas.admin).post(reverse("meetings:create"), data)
    assert response.status_code == 302
    assert Meeting.objects.get().agenda.get().title == f"Pembahasan kendala #{number}"
