"""Reminder emails for actions due soon and overdue: one email per person, once per day."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from simpul.agencies.models import Membership, Role
from simpul.conftest import make_user
from simpul.notifications.models import OutboxMessage
from simpul.notifications.operations import deliver_due
from simpul.notifications.tests.conftest import mail_down  # noqa: F401 - a fixture
from simpul.plans.models import ActionReminder, ActionStatus
from simpul.plans.tests.conftest import make_action

TODAY = date(2025, 6, 10)


def remind(today: date = TODAY, *args: str) -> str:
    out = StringIO()
    call_command("send_action_reminders", f"--today={today.isoformat()}", *args, stdout=out)
    deliver_due()
    return out.getvalue()


def due(personas, cycle, code: str, days: int, **values):
    return make_action(
        personas,
        cycle,
        code,
        start_date=TODAY - timedelta(days=90),
        due_date=TODAY + timedelta(days=days),
        **values,
    )


def test_the_person_in_charge_gets_one_email_with_due_soon_and_overdue_actions(
    personas, cycle, mailoutbox
):
    due(personas, cycle, "I05", 3)
    due(personas, cycle, "I06", -2)
    due(personas, cycle, "I07", 30)  # not yet
    output = remind()
    assert "1 email terkirim: 1 aksi lewat tenggat, 1 aksi tenggat segera." in output
    [email] = mailoutbox
    assert email.to == ["respondent@contoh.go.id"]
    assert email.subject == "[Simpul] Rencana aksi: 1 lewat tenggat, 1 tenggat segera"
    late, soon = email.body.index("Lewat tenggat:"), email.body.index("Tenggat segera:")
    assert "Indikator 6 (I06)" in email.body[late:soon] and "lewat 2 hari" in email.body
    assert "Indikator 5 (I05)" in email.body[soon:] and "13 Juni 2025 (3 hari lagi)" in email.body
    assert "I07" not in email.body
    assert "http://127.0.0.1:8000/rencana/aksi/" in email.body
    assert ActionReminder.objects.count() == 2
    recipients = ActionReminder.objects.values_list("recipients", flat=True)
    assert list(recipients) == [["respondent@contoh.go.id"]] * 2


def test_a_second_run_the_same_day_sends_nothing(personas, cycle, mailoutbox):
    due(personas, cycle, "I05", 3)
    due(personas, cycle, "I06", -2)
    remind()
    assert "0 email terkirim" in remind()
    assert len(mailoutbox) == 1 and ActionReminder.objects.count() == 2


def test_due_soon_is_sent_once_per_due_date_and_overdue_again_weekly(personas, cycle, mailoutbox):
    soon = due(personas, cycle, "I05", 3)
    due(personas, cycle, "I06", -2)
    remind()
    remind(TODAY + timedelta(days=1))
    assert len(mailoutbox) == 1  # neither again the next day
    remind(TODAY + timedelta(days=7))
    assert len(mailoutbox) == 2
    assert "I06" in mailoutbox[1].body and "Tenggat segera" not in mailoutbox[1].body
    # A moved due date is a new deadline to remind about.
    soon.due_date = TODAY + timedelta(days=9)
    soon.save(update_fields=["due_date"])
    remind(TODAY + timedelta(days=8))
    assert len(mailoutbox) == 3 and "Indikator 5 (I05)" in mailoutbox[2].body


def test_done_and_cancelled_actions_are_not_reminded(personas, cycle, mailoutbox):
    due(personas, cycle, "I05", -1, status=ActionStatus.DONE)
    due(personas, cycle, "I06", 2, status=ActionStatus.CANCELLED)
    assert "0 email terkirim" in remind()
    assert mailoutbox == []


def test_without_a_pic_the_units_respondents_get_it_and_then_the_admins(
    personas, cycle, mailoutbox
):
    other = make_user("responden2")
    Membership.objects.create(
        user=other, agency=personas.agency_a, role=Role.RESPONDENT, unit=personas.unit_a2
    )
    due(personas, cycle, "I05", 1, pic=None)
    due(personas, cycle, "I06", 1, pic=None, unit=None)
    remind()
    sent = {tuple(email.to): email.body for email in mailoutbox}
    assert set(sent) == {
        ("respondent@contoh.go.id",),
        ("responden2@contoh.go.id",),
        ("admin@contoh.go.id",),
    }
    assert (
        "I05" in sent[("responden2@contoh.go.id",)]
        and "I06" not in sent[("responden2@contoh.go.id",)]
    )
    assert "I06" in sent[("admin@contoh.go.id",)]
    assert sorted(ActionReminder.objects.get(action__indicator__code="I05").recipients) == [
        "responden2@contoh.go.id",
        "respondent@contoh.go.id",
    ]


def test_a_pic_without_email_falls_back_and_nobody_at_all_is_reported(personas, cycle, mailoutbox):
    personas.respondent.email = ""
    personas.respondent.save(update_fields=["email"])
    due(personas, cycle, "I05", 1, pic=personas.respondent, unit=None)
    remind()
    assert [email.to for email in mailoutbox] == [["admin@contoh.go.id"]]
    due(personas, cycle, "I06", 1, pic=None, unit=None)
    personas.admin_membership.is_active = False
    personas.admin_membership.save(update_fields=["is_active"])
    err = StringIO()
    call_command("send_action_reminders", f"--today={TODAY}", stdout=StringIO(), stderr=err)
    assert "Tidak ada penerima dengan email untuk I06" in err.getvalue()
    assert len(mailoutbox) == 1


def test_inactive_agencies_are_not_reminded(personas, cycle, mailoutbox):
    due(personas, cycle, "I05", 1)
    personas.agency_a.is_active = False
    personas.agency_a.save(update_fields=["is_active"])
    remind()
    assert mailoutbox == []


def test_the_window_is_configurable(personas, cycle, mailoutbox):
    due(personas, cycle, "I05", 10)
    remind(TODAY, "--days=14")
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days=tujuh"], "--days harus bilangan bulat 0 sampai 365, bukan “tujuh”."),
        (["--days=400"], "--days harus bilangan bulat 0 sampai 365"),
        (["--days=²"], "--days harus bilangan bulat 0 sampai 365, bukan “²”."),
        (["--days=" + "9" * 5000], "--days harus bilangan bulat 0 sampai 365"),
        (["--repeat-overdue=0"], "--repeat-overdue harus bilangan bulat 1 sampai 365"),
        (["--today=2025-13-01"], "--today harus tanggal YYYY-MM-DD, bukan “2025-13-01”."),
    ],
)
def test_bad_options_stop_with_status_2_and_a_named_message(db, args, message, mailoutbox):
    with pytest.raises(CommandError) as error:
        call_command("send_action_reminders", *args)
    assert error.value.returncode == 2 and message in str(error.value)
    assert mailoutbox == []


@pytest.mark.usefixtures("mail_down")
def test_a_mail_outage_keeps_the_reminder_and_a_rerun_does_not_duplicate_it(
    personas, cycle, mailoutbox, settings
):
    due(personas, cycle, "I05", 3)
    assert "1 email terkirim" in remind()  # queued: the run itself does not fail
    (waiting,) = OutboxMessage.objects.all()
    assert (waiting.status, waiting.attempts, waiting.recipient) == (
        "pending",
        1,
        "respondent@contoh.go.id",
    )
    assert "0 email terkirim" in remind()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_due(timezone.now() + timedelta(days=1)) == 1
    assert deliver_due(timezone.now() + timedelta(days=2)) == 0
    assert [m.to for m in mailoutbox] == [["respondent@contoh.go.id"]]
    assert "Indikator 5 (I05)" in mailoutbox[0].body
