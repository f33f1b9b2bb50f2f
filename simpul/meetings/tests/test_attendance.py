from datetime import timedelta

import pytest

from simpul.agencies.models import Helix
from simpul.meetings import operations
from simpul.meetings.models import Attendance, CheckInMethod
from simpul.meetings.operations import MeetingError

from .conftest import at


def test_the_secretary_checks_a_member_in_with_name_organisation_and_helix(personas, meeting):
    personas.partner_membership.organisation = "PT Natuna Digital"
    personas.partner_membership.save()
    row = operations.check_in(
        meeting, personas.partner_membership, membership=personas.admin_membership
    )
    assert (row.name, row.organisation, row.helix, row.method) == (
        "Partner",
        "PT Natuna Digital",
        Helix.BUSINESS,
        CheckInMethod.SECRETARY,
    )
    with pytest.raises(MeetingError, match="Partner sudah tercatat hadir"):
        operations.check_in(
            meeting, personas.partner_membership, membership=personas.admin_membership
        )


def test_a_guest_without_an_account_is_added_by_name(personas, meeting):
    row = operations.add_guest(
        meeting,
        membership=personas.admin_membership,
        name=" Siti  Aminah ",
        organisation="Universitas Maritim",
        helix=Helix.ACADEMIA,
    )
    assert (row.name, row.membership, row.method) == ("Siti Aminah", None, CheckInMethod.GUEST)
    with pytest.raises(MeetingError, match="Kategori heliks “lsm” tidak dikenal"):
        operations.add_guest(
            meeting, membership=personas.admin_membership, name="X", organisation="", helix="lsm"
        )


def test_an_invited_partner_checks_in_with_the_code_during_the_meeting(personas, meeting):
    operations.invite(meeting, [personas.partner_membership], membership=personas.admin_membership)
    row = operations.check_in_with_code(
        personas.agency_a,
        f" {meeting.code.lower()} ",
        membership=personas.partner_membership,
        now=at(2026, 3, 10, 9, 15),
    )
    assert row.method == CheckInMethod.CODE
    assert row.checked_in_at == at(2026, 3, 10, 9, 15)


def test_a_wrong_code_is_refused_by_name(personas, meeting):
    with pytest.raises(MeetingError, match="Kode rapat “ZZZZZZ” tidak dikenal"):
        operations.check_in_with_code(
            personas.agency_a,
            "zzzzzz",
            membership=personas.respondent_membership,
            now=at(2026, 3, 10, 9),
        )


def test_an_uninvited_partner_cannot_use_the_code(personas, meeting):
    with pytest.raises(MeetingError, match="tidak dikenal"):
        operations.check_in_with_code(
            personas.agency_a,
            meeting.code,
            membership=personas.partner_membership,
            now=at(2026, 3, 10, 9),
        )


def test_the_code_of_another_agency_is_unknown(personas, meeting):
    with pytest.raises(MeetingError, match="tidak dikenal"):
        operations.check_in_with_code(
            personas.agency_b,
            meeting.code,
            membership=personas.admin_b_membership,
            now=at(2026, 3, 10, 9),
        )


@pytest.mark.parametrize(
    ("now", "message"),
    [
        (at(2026, 3, 10, 7, 59), "belum dibuka; kode dapat dipakai mulai 10 Maret 2026, 08:00"),
        (at(2026, 3, 10, 12, 1), "sudah ditutup pada 10 Maret 2026, 12:00"),
        (at(2026, 3, 11, 9), "sudah ditutup"),
    ],
)
def test_the_code_works_only_in_its_window(personas, meeting, now, message):
    with pytest.raises(MeetingError, match=message):
        operations.check_in_with_code(
            personas.agency_a, meeting.code, membership=personas.respondent_membership, now=now
        )
    assert not Attendance.objects.exists()


def test_the_window_edges_are_open(personas, meeting):
    operations.check_in_with_code(
        personas.agency_a,
        meeting.code,
        membership=personas.respondent_membership,
        now=meeting.starts_at - timedelta(hours=1),
    )
    operations.check_in_with_code(
        personas.agency_a,
        meeting.code,
        membership=personas.leader_membership,
        now=meeting.ends_at + timedelta(hours=1),
    )
    assert Attendance.objects.count() == 2
