"""Guests without an account on the attendance list, and comments on minutes under review,
through the meeting's page, with every refusal named and nothing half saved."""

import pytest
from django.urls import reverse

from simpul.meetings import operations
from simpul.meetings.models import Attendance, CheckInMethod, MinutesComment, MinutesStatus

from .conftest import schedule


def page_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_secretary_adds_a_guest_who_shows_on_the_attendance_list(personas, as_user, meeting):
    admin = as_user(personas.admin)
    response = admin.post(
        reverse("meetings:guest", args=[meeting.pk]),
        {"name": "  Budi   Santoso ", "organisation": " Universitas  Riau", "helix": "academia"},
        follow=True,
    )
    assert page_messages(response) == ["Budi Santoso tercatat hadir."]
    guest = Attendance.objects.get(meeting=meeting)
    assert (guest.name, guest.organisation, guest.helix, guest.method) == (
        "Budi Santoso",
        "Universitas Riau",
        "academia",
        CheckInMethod.GUEST,
    )
    assert guest.membership is None and guest.recorded_by == personas.admin
    page = admin.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Budi Santoso" in page and "Universitas Riau" in page


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": "", "helix": "academia"}, "Nama: "),
        ({"name": "Budi", "helix": "alien"}, "Kategori heliks: "),
        ({"name": "Budi"}, "Kategori heliks: "),
        ({"name": "B" * 201, "helix": "media"}, "Nama: "),
    ],
    ids=["no name", "unknown helix", "no helix", "name too long"],
)
def test_a_bad_guest_is_refused_by_its_field_and_nothing_is_recorded(
    personas, as_user, meeting, values, message
):
    response = as_user(personas.admin).post(
        reverse("meetings:guest", args=[meeting.pk]), values, follow=True
    )
    [shown] = page_messages(response)
    assert shown.startswith(message) and len(shown) > len(message)
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_only_the_admin_adds_guests(personas, as_user, meeting):
    for persona in (personas.respondent, personas.leader, personas.assessor):
        response = as_user(persona).post(
            reverse("meetings:guest", args=[meeting.pk]), {"name": "Tamu", "helix": "media"}
        )
        assert response.status_code == 403
    assert not Attendance.objects.filter(meeting=meeting).exists()


@pytest.fixture
def in_review(personas, meeting):
    """The partner invited and present; the minutes sent for review."""
    operations.invite(meeting, [personas.partner_membership], membership=personas.admin_membership)
    operations.check_in(meeting, personas.partner_membership, membership=personas.admin_membership)
    operations.move_minutes(meeting, MinutesStatus.REVIEW, membership=personas.admin_membership)
    return meeting


def test_an_attendee_comments_on_an_agenda_item_of_the_minutes(personas, as_user, in_review):
    partner = as_user(personas.partner)
    item = in_review.agenda.get()
    response = partner.post(
        reverse("meetings:comment", args=[in_review.pk]),
        {"body": "  Mohon tambahkan tenggat tindak lanjut. ", "item": item.pk},
        follow=True,
    )
    assert page_messages(response) == ["Komentar Anda tersimpan."]
    note = MinutesComment.objects.get(meeting=in_review)
    assert (note.body, note.item, note.author) == (
        "Mohon tambahkan tenggat tindak lanjut.",
        item,
        personas.partner,
    )
    page = as_user(personas.admin).get(reverse("meetings:detail", args=[in_review.pk]))
    text = page.content.decode()
    assert "Mohon tambahkan tenggat tindak lanjut." in text and item.title in text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   ", "Komentar tidak boleh kosong."),
        ("x" * 4001, "Komentar paling panjang 4000 karakter (Anda menulis 4001)."),
    ],
    ids=["empty", "too long"],
)
def test_a_bad_comment_is_refused_by_name_and_nothing_is_saved(
    personas, as_user, in_review, body, message
):
    response = as_user(personas.partner).post(
        reverse("meetings:comment", args=[in_review.pk]), {"body": body}, follow=True
    )
    assert page_messages(response) == [message]
    assert not MinutesComment.objects.exists()


def test_comments_need_an_attendee_minutes_under_review_and_an_item_of_this_meeting(
    personas, as_user, meeting, in_review
):
    url = reverse("meetings:comment", args=[in_review.pk])
    response = as_user(personas.respondent).post(url, {"body": "Saya tidak hadir."}, follow=True)
    assert page_messages(response) == [
        "Hanya peserta yang hadir yang dapat mengomentari notulen ini."
    ]
    other = schedule(personas, agenda=[("Lain", None)])
    response = as_user(personas.partner).post(
        url, {"body": "Salah rapat.", "item": other.agenda.get().pk}
    )
    assert response.status_code == 404
    operations.move_minutes(in_review, MinutesStatus.APPROVED, membership=personas.admin_membership)
    response = as_user(personas.partner).post(url, {"body": "Terlambat."}, follow=True)
    assert page_messages(response) == [
        "Komentar hanya dapat diberikan saat notulen sedang ditinjau."
    ]
    assert not MinutesComment.objects.exists()
