from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from simpul.meetings import ics, operations
from simpul.meetings.models import Invitation, Rsvp
from simpul.meetings.operations import MeetingError
from simpul.notifications.models import OutboxMessage
from simpul.notifications.operations import deliver_due
from simpul.notifications.tests.conftest import mail_down  # noqa: F401 - a fixture


def invite(personas, meeting, *names):
    members = [getattr(personas, f"{name}_membership") for name in names]
    return operations.invite(meeting, members, membership=personas.admin_membership)


def test_invitees_get_an_email_with_the_meetings_ics(
    personas, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(personas, meeting, "partner", "respondent")
    deliver_due()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "partner@contoh.go.id",
        "respondent@contoh.go.id",
    ]
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert (name, mimetype) == ("rapat.ics", "text/calendar")
    (event,) = ics.parse_ics(content if isinstance(content, bytes) else content.encode())
    assert event["DTSTART"] == "20260310T020000Z"


def test_inviting_twice_sends_nothing_new(personas, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(personas, meeting, "partner")
        invite(personas, meeting, "partner")
    deliver_due()
    assert len(mail.outbox) == 1
    assert Invitation.objects.count() == 1


def test_a_member_of_another_agency_cannot_be_invited(personas, meeting):
    with pytest.raises(MeetingError, match="bukan anggota instansi ini"):
        operations.invite(
            meeting, [personas.admin_b_membership], membership=personas.admin_membership
        )


def test_the_invitee_answers_and_nobody_else_can(personas, meeting):
    (invitation,) = invite(personas, meeting, "partner")
    operations.respond(invitation, Rsvp.MAYBE, membership=personas.partner_membership)
    invitation.refresh_from_db()
    assert invitation.rsvp == Rsvp.MAYBE
    with pytest.raises(MeetingError, match="Hanya orang yang diundang"):
        operations.respond(invitation, Rsvp.YES, membership=personas.admin_membership)
    with pytest.raises(MeetingError, match="Jawaban “ya” tidak dikenal"):
        operations.respond(invitation, "ya", membership=personas.partner_membership)


def test_reminders_go_the_day_before_once_a_day_and_skip_those_who_declined(
    personas, meeting, django_capture_on_commit_callbacks
):
    partner, respondent = invite(personas, meeting, "partner", "respondent")
    operations.respond(respondent, Rsvp.NO, membership=personas.respondent_membership)
    deliver_due()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders", date="2026-03-08", stdout=None)
    deliver_due()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders", date="2026-03-09")
        call_command("send_meeting_reminders", date="2026-03-09")
    deliver_due()
    assert [message.to for message in mail.outbox] == [["partner@contoh.go.id"]]
    assert "Pengingat" in mail.outbox[0].subject
    partner.refresh_from_db()
    assert partner.reminded_on == date(2026, 3, 9)


def test_the_reminder_command_refuses_a_bad_date_with_status_2(db):
    with pytest.raises(CommandError, match="Tanggal “31-03-2026” tidak valid") as error:
        call_command("send_meeting_reminders", date="31-03-2026")
    assert error.value.returncode == 2


@pytest.mark.usefixtures("mail_down")
def test_a_mail_outage_keeps_the_meeting_reminder_and_a_rerun_does_not_duplicate_it(
    personas, meeting, settings, django_capture_on_commit_callbacks
):
    invite(personas, meeting, "partner")
    OutboxMessage.objects.all().delete()  # the invitation itself is another test's matter
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_meeting_reminders", date="2026-03-09", stdout=StringIO())
    deliver_due()
    (waiting,) = OutboxMessage.objects.all()
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_due(timezone.now() + timedelta(days=1)) == 1
    assert [m.to for m in mail.outbox] == [["partner@contoh.go.id"]]
    assert "Pengingat" in mail.outbox[0].subject
