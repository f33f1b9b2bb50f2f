"""Meetings of agencies outside WIB: forms, pages, emails, .ics, PDFs, series and reminders
all read and write the agency's own wall-clock time (WITA = UTC+8, WIT = UTC+9)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from simpul.agencies.models import TimeZone
from simpul.meetings import ics, operations
from simpul.meetings.models import Meeting, MinutesStatus, Recurrence
from simpul.notifications.operations import deliver_due

from .conftest import schedule
from .test_export import text_of

MAKASSAR = ZoneInfo("Asia/Makassar")
JAYAPURA = ZoneInfo("Asia/Jayapura")


def in_zone(personas, zone: TimeZone) -> None:
    """Agency A moves to `zone` (its memberships share the same Agency object)."""
    personas.agency_a.time_zone = zone
    personas.agency_a.save(update_fields=["time_zone"])


@pytest.fixture
def wita(personas):
    in_zone(personas, TimeZone.WITA)
    return personas


def test_a_wita_agency_schedules_10_00_in_the_form_and_it_is_02_00_utc(
    wita, as_user, django_capture_on_commit_callbacks
):
    client = as_user(wita.admin)
    form = client.get(reverse("meetings:create")).content.decode()
    assert "Mulai (WITA)" in form and "Selesai (WITA)" in form and "(WIB)" not in form
    response = client.post(
        reverse("meetings:create"),
        {
            "title": "Rapat Tim Koordinasi SPBE",
            "kind": "coordination",
            "starts_at": "2026-03-10T10:00",
            "ends_at": "2026-03-10T12:00",
            "place": "Aula Bappeda",
            "count": "1",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.starts_at == datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    assert meeting.ends_at == datetime(2026, 3, 10, 4, 0, tzinfo=UTC)

    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "10:00–12:00 WITA" in page
    listing = client.get(reverse("meetings:list")).content.decode()
    assert "Waktu (WITA)" in listing and "10 Mar 2026 10:00" in listing

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("meetings:invite", args=[meeting.pk]),
            {"members": [wita.partner_membership.pk]},
        )
    deliver_due()
    (email,) = mail.outbox
    assert "10 Maret 2026, 10:00 WITA" in email.body and "WIB" not in email.body
    name, content, _type = email.attachments[0]
    (event,) = ics.parse_ics(content if isinstance(content, bytes) else content.encode())
    assert (event["DTSTART"], event["DTEND"]) == ("20260310T020000Z", "20260310T040000Z")
    downloaded = client.get(reverse("meetings:ics", args=[meeting.pk]))
    (event,) = ics.parse_ics(downloaded.content)
    assert event["DTSTART"] == "20260310T020000Z"


def test_a_time_typed_in_a_wita_form_is_read_as_wita_even_outside_a_request(wita):
    from simpul.meetings.forms import MeetingForm

    # No agency zone is active here (a command, a test): the form still means WITA.
    assert timezone.get_current_timezone().key == "Asia/Jakarta"
    form = MeetingForm(
        {
            "title": "Rapat",
            "kind": "other",
            "starts_at": "2026-03-10T10:00",
            "ends_at": "2026-03-10T11:00",
            "place": "Aula",
            "count": "1",
        },
        agency=wita.agency_a,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


def test_a_wita_monthly_series_keeps_09_00_wita_in_every_month(wita):
    first = schedule(
        wita,
        datetime(2026, 1, 15, 9, 0, tzinfo=MAKASSAR),
        recurrence=Recurrence.MONTHLY,
        count=6,
    )
    series = [first, *Meeting.objects.filter(series=first).order_by("starts_at")]
    local = [m.starts_at.astimezone(MAKASSAR) for m in series]
    assert [(t.month, t.day, t.hour, t.minute) for t in local] == [
        (month, 15, 9, 0) for month in range(1, 7)
    ]
    assert all(m.starts_at.astimezone(UTC).hour == 1 for m in series)


def test_a_wit_series_counts_month_ends_by_the_wit_calendar(personas):
    # 01.00 WIT on 31 January is still 30 January in Jakarta: the series must follow the
    # agency's day, so February's meeting is on the 28th WIT, not on 1 March WIT.
    in_zone(personas, TimeZone.WIT)
    first = schedule(
        personas,
        datetime(2026, 1, 31, 1, 0, tzinfo=JAYAPURA),
        recurrence=Recurrence.MONTHLY,
        count=3,
    )
    series = [first, *Meeting.objects.filter(series=first).order_by("starts_at")]
    local = [m.starts_at.astimezone(JAYAPURA) for m in series]
    assert [(t.month, t.day, t.hour) for t in local] == [(1, 31, 1), (2, 28, 1), (3, 31, 1)]


def test_a_wit_meeting_is_reminded_on_the_wit_eve_near_midnight_utc(
    personas, django_capture_on_commit_callbacks
):
    in_zone(personas, TimeZone.WIT)
    meeting = schedule(personas, datetime(2026, 3, 11, 9, 0, tzinfo=JAYAPURA))
    operations.invite(meeting, [personas.partner_membership], membership=personas.admin_membership)
    deliver_due()
    mail.outbox.clear()
    # 9 March, 23.30 WIB is already 10 March, 01.30 WIT: tomorrow (for the agency) is the 11th.
    late_evening_in_jakarta = datetime(2026, 3, 9, 16, 30, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        assert operations.send_reminders(now=late_evening_in_jakarta) == 1
    deliver_due()
    (email,) = mail.outbox
    assert email.subject == "Pengingat: Rapat Tim Koordinasi SPBE besok"
    assert "11 Maret 2026, 09:00 WIT" in email.body
    # The same instant one day earlier (the 9th in WIT): not yet.
    meeting.invitations.update(reminded_on=None)
    assert operations.send_reminders(now=late_evening_in_jakarta - timedelta(days=1)) == 0


def test_a_wib_agency_is_not_reminded_by_another_zones_calendar(
    personas, django_capture_on_commit_callbacks
):
    meeting = schedule(personas, datetime(2026, 3, 11, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    operations.invite(meeting, [personas.partner_membership], membership=personas.admin_membership)
    # 10 March in WIT, still 9 March in WIB: a WIB meeting on the 11th is two WIB days away.
    assert operations.send_reminders(now=datetime(2026, 3, 9, 16, 30, tzinfo=UTC)) == 0
    assert operations.send_reminders(now=datetime(2026, 3, 9, 17, 30, tzinfo=UTC)) == 1


def test_check_in_messages_name_the_agencys_zone(wita, as_user, meeting):
    response = as_user(wita.respondent).post(
        reverse("meetings:self_check_in"), {"code": meeting.code}
    )
    # The fixture meeting is 09.00–11.00 WIB = 10.00–12.00 WITA; check-in closes an hour later.
    assert "sudah ditutup pada 10 Maret 2026, 13:00 WITA" in response.content.decode()


def test_the_minutes_pdf_is_in_the_agencys_zone(wita, meeting):
    admin = wita.admin_membership
    meeting.chair = wita.leader_membership
    meeting.save(update_fields=["chair"])
    operations.move_minutes(meeting, MinutesStatus.APPROVED, membership=admin)
    meeting.refresh_from_db()
    from simpul.meetings.pdf import minutes_filename, minutes_pdf

    text = text_of(minutes_pdf(meeting))
    assert "10:00–12:00 WITA" in text
    assert minutes_filename(meeting).startswith("notulen-natuna-2026-03-10-")


def test_a_late_evening_meeting_has_the_agencys_date_in_its_file_name(personas):
    in_zone(personas, TimeZone.WIT)
    # 00.30 WIT on 11 March is 22.30 WIB on the 10th: the file takes the agency's day.
    meeting = schedule(personas, datetime(2026, 3, 11, 0, 30, tzinfo=JAYAPURA))
    from simpul.meetings.pdf import minutes_filename

    assert minutes_filename(meeting).startswith("notulen-natuna-2026-03-11-")
