"""Action reminders count "due soon" and "overdue" by each agency's own calendar day."""

from datetime import UTC, date, datetime

from simpul.agencies.models import Agency, TimeZone
from simpul.notifications.operations import deliver_due
from simpul.plans.operations import send_action_reminders
from simpul.plans.tests.conftest import make_action

# 9 June 2025, 23.30 WIB is already 10 June, 01.30 WIT.
NEAR_MIDNIGHT_UTC = datetime(2025, 6, 9, 16, 30, tzinfo=UTC)


def test_a_wit_agencys_action_is_overdue_while_a_wib_one_is_due_today(
    personas, cycle, cycle_b, mailoutbox
):
    Agency.objects.filter(pk=personas.agency_a.pk).update(time_zone=TimeZone.WIT)
    make_action(personas, cycle, "I05", due_date=date(2025, 6, 9))
    make_action(personas, cycle_b, "I05", due_date=date(2025, 6, 9))
    report = send_action_reminders(now=NEAR_MIDNIGHT_UTC)
    deliver_due()
    assert (report.emails, report.overdue, report.due_soon) == (2, 1, 1)
    body = {email.to[0]: email.body for email in mailoutbox}
    assert "Lewat tenggat:" in body["respondent@contoh.go.id"]
    assert "9 Juni 2025 (lewat 1 hari)" in body["respondent@contoh.go.id"]
    assert "Tenggat segera:" in body["admin_b@contoh.go.id"]
    assert "9 Juni 2025 (hari ini)" in body["admin_b@contoh.go.id"]
