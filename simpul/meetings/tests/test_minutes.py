from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simpul.evidence.tests import samples
from simpul.frameworks.models import Indicator
from simpul.meetings import operations
from simpul.meetings.models import MinutesStatus
from simpul.meetings.operations import MeetingError
from simpul.notifications.operations import deliver_due
from simpul.plans.models import Action


@pytest.fixture
def attended(personas, meeting):
    operations.check_in(meeting, personas.partner_membership, membership=personas.admin_membership)
    return meeting


def move(personas, meeting, to):
    return operations.move_minutes(meeting, to, membership=personas.admin_membership)


def test_minutes_go_from_draft_through_review_and_approval_to_published(
    personas, attended, django_capture_on_commit_callbacks
):
    item = attended.agenda.get()
    operations.save_minutes(
        attended,
        membership=personas.admin_membership,
        items={item.pk: "Dibahas peta rencana SPBE."},
        summary="Rapat lancar.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        move(personas, attended, MinutesStatus.REVIEW)
    deliver_due()
    assert [message.to for message in mail.outbox] == [["partner@contoh.go.id"]]
    operations.comment_on_minutes(
        attended, membership=personas.partner_membership, body="Mohon tambahkan tenggat.", item=item
    )
    approved = move(personas, attended, MinutesStatus.APPROVED)
    assert approved.approved_by == personas.admin and approved.approved_at
    published = move(personas, approved, MinutesStatus.PUBLISHED)
    assert published.minutes_status == MinutesStatus.PUBLISHED
    with pytest.raises(MeetingError, match="tidak dapat diubah lagi"):
        operations.save_minutes(published, membership=personas.admin_membership, items={})


def test_a_draft_cannot_be_published_without_approval(personas, attended):
    with pytest.raises(MeetingError, match="berstatus draf tidak dapat dipindah"):
        move(personas, attended, MinutesStatus.PUBLISHED)


def test_only_attendees_comment_and_only_during_review(personas, attended):
    with pytest.raises(MeetingError, match="hanya dapat diberikan saat notulen sedang ditinjau"):
        operations.comment_on_minutes(attended, membership=personas.partner_membership, body="x")
    move(personas, attended, MinutesStatus.REVIEW)
    with pytest.raises(MeetingError, match="Hanya peserta yang hadir"):
        operations.comment_on_minutes(attended, membership=personas.respondent_membership, body="x")
    with pytest.raises(MeetingError, match="Komentar tidak boleh kosong"):
        operations.comment_on_minutes(attended, membership=personas.partner_membership, body="  ")


def test_only_the_admin_approves_when_the_meeting_has_no_chair(personas, attended):
    move(personas, attended, MinutesStatus.REVIEW)
    with pytest.raises(MeetingError, match="Hanya koordinator"):
        operations.move_minutes(
            attended, MinutesStatus.APPROVED, membership=personas.leader_membership
        )


def test_the_chair_approves_in_person_but_does_not_publish(personas, attended):
    attended.chair = personas.leader_membership
    attended.save(update_fields=["chair"])
    move(personas, attended, MinutesStatus.REVIEW)
    operations.move_minutes(attended, MinutesStatus.APPROVED, membership=personas.leader_membership)
    attended.refresh_from_db()
    assert attended.minutes_status == MinutesStatus.APPROVED
    assert attended.approved_by == personas.leader
    with pytest.raises(MeetingError, match="Hanya koordinator"):
        operations.move_minutes(
            attended, MinutesStatus.PUBLISHED, membership=personas.leader_membership
        )


def test_the_chair_approves_through_the_page(as_user, personas, attended):
    from django.urls import reverse

    attended.chair = personas.leader_membership
    attended.save(update_fields=["chair"])
    move(personas, attended, MinutesStatus.REVIEW)
    client = as_user(personas.leader)
    body = client.get(reverse("meetings:detail", args=[attended.pk])).content.decode()
    assert "Setujui (pimpinan rapat)" in body
    assert "Minta tinjauan peserta" not in body
    client.post(reverse("meetings:move_minutes", args=[attended.pk, MinutesStatus.APPROVED]))
    attended.refresh_from_db()
    assert attended.minutes_status == MinutesStatus.APPROVED
    # Another member who is not the chair is refused and nothing moves.
    client = as_user(personas.respondent)
    client.post(reverse("meetings:move_minutes", args=[attended.pk, MinutesStatus.PUBLISHED]))
    attended.refresh_from_db()
    assert attended.minutes_status == MinutesStatus.APPROVED


def test_a_decision_becomes_an_action_linked_both_ways(personas, meeting, frameworks_loaded):
    item = meeting.agenda.get()
    indicator = Indicator.objects.get(framework__code="spbe-2020", code="I19")
    decision = operations.record_decision(
        item,
        membership=personas.admin_membership,
        text="Menyusun SK Tim Koordinasi SPBE",
        unit=personas.unit_a,
        due_date=date(2026, 6, 30),
    )
    action = operations.decision_to_action(
        decision, membership=personas.admin_membership, indicator=indicator, target_level=3
    )
    action = Action.objects.get(pk=action.pk)
    assert (action.unit, action.due_date, action.indicator) == (
        personas.unit_a,
        date(2026, 6, 30),
        indicator,
    )
    assert action.start_date == date(2026, 3, 10)
    assert action.meeting_decision == decision and action.source == "meeting"
    assert "Menyusun SK Tim Koordinasi SPBE" in action.notes
    with pytest.raises(MeetingError, match="sudah menjadi rencana aksi"):
        operations.decision_to_action(
            decision, membership=personas.admin_membership, indicator=indicator, target_level=3
        )


def test_a_decision_without_owner_or_a_bad_level_is_refused(personas, meeting, frameworks_loaded):
    item = meeting.agenda.get()
    indicator = Indicator.objects.get(framework__code="spbe-2020", code="I19")
    decision = operations.record_decision(item, membership=personas.admin_membership, text="X")
    with pytest.raises(MeetingError, match="memerlukan unit pemilik dan tenggat"):
        operations.decision_to_action(
            decision, membership=personas.admin_membership, indicator=indicator, target_level=3
        )
    with pytest.raises(MeetingError, match="Tingkat sasaran 9 di luar skala"):
        operations.decision_to_action(
            decision,
            membership=personas.admin_membership,
            indicator=indicator,
            target_level=9,
            unit=personas.unit_a,
            due_date=date(2026, 6, 30),
        )
    assert not Action.objects.exists()


def test_photos_are_checked_by_their_content(personas, meeting):
    photo = operations.add_photo(
        meeting,
        samples.upload("foto.jpg", samples.png_bytes()),
        membership=personas.admin_membership,
        caption="Sesi 1",
    )
    assert photo.content_type == "image/png" and photo.file.name.endswith(".png")
    with pytest.raises(MeetingError, match="“laporan.png” bukan foto: isinya PDF"):
        operations.add_photo(
            meeting,
            samples.upload("laporan.png", samples.pdf_bytes("Halo")),
            membership=personas.admin_membership,
        )
    with pytest.raises(MeetingError, match="“x.jpg” ditolak: isinya bukan dokumen"):
        operations.add_photo(
            meeting,
            samples.upload("x.jpg", b"bukan gambar sama sekali"),
            membership=personas.admin_membership,
        )


def test_an_oversize_photo_is_refused(personas, meeting):
    big = SimpleUploadedFile("besar.jpg", samples.jpeg_bytes() + b"\0" * (5 * 1024 * 1024))
    with pytest.raises(MeetingError, match="“besar.jpg” terlalu besar .* paling besar 5 MB"):
        operations.add_photo(meeting, big, membership=personas.admin_membership)


def test_a_decision_becomes_an_action_by_number_or_code(
    personas, meeting, frameworks_loaded, as_user, cycle
):
    item = meeting.agenda.get()
    client = as_user(personas.admin)
    made = []
    for typed in ("19", "i19", "I19"):
        decision = operations.record_decision(
            item, membership=personas.admin_membership, text=f"SK {typed}", unit=personas.unit_a,
            due_date=date(2026, 6, 30),
        )  # fmt: skip
        url = reverse("meetings:to_action", args=[meeting.pk, decision.pk])
        response = client.post(url, {"indicator": typed, "target_level": 3})
        assert response.status_code == 302
        made.append(Action.objects.get(meeting_decision=decision).indicator.code)
    assert made == ["I19", "I19", "I19"]


def test_the_action_page_says_which_meeting_it_came_from(
    personas, meeting, frameworks_loaded, as_user
):
    indicator = Indicator.objects.get(framework__code="spbe-2020", code="I19")
    decision = operations.record_decision(
        meeting.agenda.get(), membership=personas.admin_membership, text="SK Tim",
        unit=personas.unit_a, due_date=date(2026, 6, 30),
    )  # fmt: skip
    action = operations.decision_to_action(
        decision, membership=personas.admin_membership, indicator=indicator, target_level=3
    )
    page = as_user(personas.admin).get(reverse("plans:action", args=[action.pk])).content
    html = page.decode()
    assert "Dari keputusan rapat" in html and f"Keputusan rapat “{meeting.title}”" in html
    assert reverse("meetings:detail", args=[meeting.pk]) in html


def test_an_old_status_name_in_the_minutes_address_moves_them_as_the_slug_does(
    personas, as_user, attended
):
    client = as_user(personas.admin)
    client.post(reverse("meetings:move_minutes", args=[attended.pk, "tinjauan"]))
    attended.refresh_from_db()
    assert attended.minutes_status == MinutesStatus.REVIEW == "review"
    client.post(reverse("meetings:move_minutes", args=[attended.pk, "entah"]))
    attended.refresh_from_db()
    assert attended.minutes_status == MinutesStatus.REVIEW
