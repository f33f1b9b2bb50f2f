from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from simpul.evidence.models import EvidenceLink
from simpul.evidence.tests import samples
from simpul.meetings import ics, operations
from simpul.meetings.models import Attendance, Invitation, Meeting, MinutesStatus, Rsvp
from simpul.notifications.operations import deliver_due

from .conftest import schedule


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def soon(personas, **extra):
    return schedule(personas, timezone.localtime() + timedelta(minutes=10), **extra)


def test_the_list_shows_the_agencys_meetings_with_a_query_count_that_does_not_grow(
    personas, as_user, django_assert_max_num_queries
):
    client = as_user(personas.admin)
    schedule(personas)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url("list")).status_code == 200
    for n in range(6):
        meeting = schedule(personas, title=f"Rapat {n}")
        operations.invite(
            meeting,
            [personas.partner_membership, personas.leader_membership],
            membership=personas.admin_membership,
        )
        operations.check_in(
            meeting, personas.leader_membership, membership=personas.admin_membership
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("list"))
    assert response.content.decode().count("Rapat 5") == 1


def test_a_partner_lists_and_opens_only_meetings_they_are_invited_to(personas, as_user):
    invited, other = schedule(personas, title="Forum diundang"), schedule(personas, title="Intern")
    operations.invite(invited, [personas.partner_membership], membership=personas.admin_membership)
    client = as_user(personas.partner)
    page = client.get(url("list")).content.decode()
    assert "Forum diundang" in page and "Intern" not in page
    assert client.get(url("detail", invited.pk)).status_code == 200
    assert client.get(url("detail", other.pk)).status_code == 404


@pytest.mark.parametrize("name", ["detail", "ics", "pdf"])
def test_another_agencys_admin_gets_404(personas, as_user, meeting, name):
    assert as_user(personas.admin_b).get(url(name, meeting.pk)).status_code == 404


def test_another_agencys_admin_cannot_post_to_a_meeting(personas, as_user, meeting):
    client = as_user(personas.admin_b)
    response = client.post(url("invite", meeting.pk), {"members": [personas.partner_membership.pk]})
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_only_the_admin_may_schedule(personas, as_user):
    assert as_user(personas.leader).get(url("create")).status_code == 403
    assert as_user(personas.partner).post(url("invite", 1)).status_code == 403


def test_the_admin_schedules_a_recurring_meeting_with_agenda_on_indicators(
    personas, as_user, cycle
):
    response = as_user(personas.admin).post(
        url("create"),
        {
            "title": "Rapat Tim Koordinasi SPBE",
            "kind": "coordination",
            "starts_at": "2026-01-31T09:00",
            "ends_at": "2026-01-31T11:00",
            "place": "Aula",
            "agenda": "I19: Pembentukan tim\nLain-lain",
            "recurrence": "monthly",
            "count": "3",
            "chair": personas.leader_membership.pk,
        },
    )
    assert response.status_code == 302
    first = Meeting.objects.get(series=None)
    assert first.starts_at.isoformat() == "2026-01-31T02:00:00+00:00"
    assert [(i.title, i.indicator and i.indicator.code) for i in first.agenda.all()] == [
        ("Pembentukan tim", "I19"),
        ("Lain-lain", None),
    ]
    assert Meeting.objects.count() == 3


def test_bad_schedule_inputs_get_indonesian_messages_and_save_nothing(personas, as_user, cycle):
    response = as_user(personas.admin).post(
        url("create"),
        {
            "title": "Rapat",
            "kind": "forum",
            "starts_at": "2026-03-10T10:00",
            "ends_at": "2026-03-10T09:00",
            "agenda": "I99: Tidak ada",
            "count": "1",
        },
    )
    page = response.content.decode()
    assert "Waktu selesai harus sesudah waktu mulai." in page
    assert "Isi tempat rapat atau tautan daring." in page
    assert "Indikator “I99” tidak ada di kerangka Indeks SPBE (Peraturan Menteri PANRB" in page
    assert not Meeting.objects.exists()


def test_an_invited_partner_answers_and_downloads_the_ics(personas, as_user, meeting):
    operations.invite(meeting, [personas.partner_membership], membership=personas.admin_membership)
    client = as_user(personas.partner)
    client.post(url("rsvp", meeting.pk), {"rsvp": Rsvp.YES})
    assert Invitation.objects.get().rsvp == Rsvp.YES
    response = client.get(url("ics", meeting.pk))
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = ics.parse_ics(response.content)
    assert event["SUMMARY"] == "Rapat Tim Koordinasi SPBE"


def test_the_admin_invites_from_the_page_and_mail_goes_out(
    personas, as_user, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(personas.admin).post(
            url("invite", meeting.pk), {"members": [personas.partner_membership.pk]}
        )
    deliver_due()
    assert mail.outbox[0].to == ["partner@contoh.go.id"]
    assert f"/rapat/{meeting.pk}/" in mail.outbox[0].body


def test_an_attendee_checks_in_on_the_phone_with_the_code(personas, as_user):
    meeting = soon(personas)
    client = as_user(personas.respondent)
    response = client.post(url("self_check_in"), {"code": "SALAH1"}, follow=True)
    assert "Kode rapat “SALAH1” tidak dikenal" in response.content.decode()
    response = client.post(url("self_check_in"), {"code": meeting.code}, follow=True)
    assert "kehadiran Anda di “Rapat Tim Koordinasi SPBE” tercatat" in response.content.decode()
    assert Attendance.objects.get().membership == personas.respondent_membership


def test_a_code_outside_the_window_says_when_it_closed(personas, as_user, meeting):
    response = as_user(personas.respondent).post(url("self_check_in"), {"code": meeting.code})
    assert "sudah ditutup pada 10 Maret 2026, 12:00 WIB" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_meeting_photo_is_shown_to_the_agency_only(personas, as_user, meeting):
    photo = operations.add_photo(
        meeting, samples.upload("a.png", samples.png_bytes()), membership=personas.admin_membership
    )
    response = as_user(personas.admin).get(url("photo", meeting.pk, photo.pk))
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert as_user(personas.admin_b).get(url("photo", meeting.pk, photo.pk)).status_code == 404


def test_a_partner_cannot_read_draft_minutes_but_can_after_publication(personas, as_user, meeting):
    operations.invite(meeting, [personas.partner_membership], membership=personas.admin_membership)
    client = as_user(personas.partner)
    assert client.get(url("pdf", meeting.pk)).status_code == 403
    operations.move_minutes(meeting, MinutesStatus.APPROVED, membership=personas.admin_membership)
    operations.move_minutes(meeting, MinutesStatus.PUBLISHED, membership=personas.admin_membership)
    response = client.get(url("pdf", meeting.pk))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_non_image_photo_is_refused_with_its_name(personas, as_user, meeting):
    response = as_user(personas.admin).post(
        url("photo_add", meeting.pk),
        {"photo": samples.upload("rapat.jpg", samples.docx_bytes("Bukan foto"))},
        follow=True,
    )
    assert "“rapat.jpg” bukan foto: isinya DOCX" in response.content.decode()


def test_one_click_exports_the_minutes_to_indicators_19_and_20(personas, as_user, meeting, cycle):
    operations.check_in(meeting, personas.partner_membership, membership=personas.admin_membership)
    operations.move_minutes(meeting, MinutesStatus.APPROVED, membership=personas.admin_membership)
    response = as_user(personas.admin).post(
        url("export", meeting.pk), {"codes": "I19, I20"}, follow=True
    )
    assert "ditautkan ke indikator: I19, I20" in response.content.decode()
    codes = EvidenceLink.objects.values_list("answer__indicator__code", flat=True)
    assert sorted(codes) == ["I19", "I20"]


def test_a_decision_becomes_an_action_from_the_page(personas, as_user, meeting, cycle):
    item = meeting.agenda.get()
    client = as_user(personas.admin)
    client.post(
        url("decision", meeting.pk, item.pk),
        {"text": "Menyusun SK", "unit": personas.unit_a.pk, "due_date": "2026-06-30"},
    )
    decision = item.decisions.get()
    response = client.post(
        url("to_action", meeting.pk, decision.pk), {"indicator": "I19", "target_level": "3"}
    )
    decision.refresh_from_db()
    assert response.url == reverse("plans:action", args=[decision.action_id])
    assert decision.action.indicator.code == "I19"


def test_the_detail_page_renders_for_every_internal_role(personas, as_user, meeting):
    for name in ("admin", "respondent", "assessor", "leader", "external"):
        assert as_user(getattr(personas, name)).get(url("detail", meeting.pk)).status_code == 200


def test_agenda_items_link_to_forum_threads_of_the_same_agency_only(personas, as_user, cycle):
    from simpul.forum.models import PostKind
    from simpul.forum.operations import start_thread

    thread = start_thread(
        personas.agency_a,
        membership=personas.admin_membership,
        title="Kendala SK tim",
        kind=PostKind.OBSTACLE,
        body="Belum ada SK.",
    )
    data = {
        "title": "Forum",
        "kind": "forum",
        "starts_at": "2026-03-10T09:00",
        "ends_at": "2026-03-10T10:00",
        "place": "Aula",
        "count": "1",
    }
    client = as_user(personas.admin)
    response = client.post(url("create"), {**data, "agenda": "I20: Kendala SK #999999"})
    assert "Utas forum #999999 tidak ada di forum instansi ini." in response.content.decode()
    client.post(url("create"), {**data, "agenda": f"I20: Kendala SK #{thread.pk}"})
    item = Meeting.objects.get().agenda.get()
    assert (item.title, item.indicator.code, item.thread) == ("Kendala SK", "I20", thread)
    page = client.get(url("detail", item.meeting_id)).content.decode()
    assert reverse("forum:thread", args=[thread.pk]) in page


def test_the_admin_adds_an_agenda_item_and_a_bad_indicator_is_named(personas, as_user, cycle):
    meeting = schedule(personas)
    client = as_user(personas.admin)
    response = client.post(url("agenda", meeting.pk), {"line": "I77: Tidak ada"}, follow=True)
    assert "Indikator “I77” tidak ada di kerangka Indeks SPBE (" in response.content.decode()
    client.post(url("agenda", meeting.pk), {"line": "i20: Kolaborasi dengan kampus"})
    added = meeting.agenda.last()
    assert (added.title, added.indicator.code, added.position) == (
        "Kolaborasi dengan kampus",
        "I20",
        2,
    )
    assert (
        as_user(personas.admin_b).post(url("agenda", meeting.pk), {"line": "X"}).status_code == 404
    )


def test_the_detail_page_query_count_does_not_grow_with_attendees_and_decisions(
    personas, as_user, meeting, django_assert_max_num_queries
):
    client = as_user(personas.admin)
    admin = personas.admin_membership
    with django_assert_max_num_queries(40) as few:
        assert client.get(url("detail", meeting.pk)).status_code == 200
    item = meeting.agenda.get()
    for n in range(5):
        operations.add_agenda_item(meeting, membership=admin, title=f"Mata acara {n}")
        operations.record_decision(item, membership=admin, text=f"Keputusan {n}")
        operations.add_guest(
            meeting, membership=admin, name=f"Tamu {n}", organisation="X", helix="media"
        )
    operations.invite(
        meeting, [personas.partner_membership, personas.leader_membership], membership=admin
    )
    operations.check_in(meeting, personas.leader_membership, membership=admin)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url("detail", meeting.pk)).content.decode()
    assert "Keputusan 4" in page and "Tamu 4" in page
