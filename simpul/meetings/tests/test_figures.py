from datetime import date
from decimal import Decimal

from simpul.agencies.models import Helix
from simpul.meetings import operations
from simpul.meetings.queries import participation

from .conftest import at, schedule


def test_participation_counts_meetings_held_and_the_attendance_rate_per_period(personas):
    admin = personas.admin_membership
    held = schedule(personas, at(2026, 3, 10))
    operations.invite(
        held,
        [
            personas.partner_membership,
            personas.respondent_membership,
            personas.leader_membership,
            personas.assessor_membership,
        ],
        membership=admin,
    )
    operations.check_in(held, personas.partner_membership, membership=admin)
    operations.check_in(held, personas.leader_membership, membership=admin)
    operations.check_in(held, personas.external_membership, membership=admin)  # not invited
    operations.add_guest(
        held, membership=admin, name="Tamu", organisation="LSM", helix=Helix.COMMUNITY
    )
    schedule(personas, at(2026, 3, 20))  # scheduled, nobody came
    later = schedule(personas, at(2026, 4, 1))
    operations.check_in(later, personas.partner_membership, membership=admin)

    figures = participation(personas.agency_a, date(2026, 3, 1), date(2026, 3, 31))
    assert (figures["scheduled"], figures["held"]) == (2, 1)
    assert (figures["invited"], figures["attended_invited"]) == (4, 2)
    assert figures["attendance_rate"] == Decimal("0.5")
    assert figures["attendees"] == 4
    assert figures["attendees_by_helix"] == {
        Helix.BUSINESS: 1,
        Helix.GOVERNMENT: 2,
        Helix.COMMUNITY: 1,
    }


def test_participation_is_per_agency_and_empty_periods_have_no_rate(personas):
    schedule(personas, at(2026, 3, 10))
    figures = participation(personas.agency_b, date(2026, 3, 1), date(2026, 3, 31))
    assert figures["held"] == 0 and figures["attendance_rate"] is None


def test_the_period_bounds_are_jakarta_days(personas):
    meeting = schedule(personas, at(2026, 3, 31, 23, 30))
    operations.check_in(meeting, personas.partner_membership, membership=personas.admin_membership)
    assert participation(personas.agency_a, date(2026, 3, 1), date(2026, 3, 31))["held"] == 1
    assert participation(personas.agency_a, date(2026, 4, 1), date(2026, 4, 30))["held"] == 0
