"""Deadline notices count "in three days" and "passed" by each agency's own calendar day."""

from datetime import UTC, date, datetime

import pytest
from django.core import mail

from simpul.agencies.models import Agency, TimeZone
from simpul.cycles import operations
from simpul.cycles.models import Answer
from simpul.cycles.notices import send_deadline_notices
from simpul.cycles.tests.conftest import answer_of
from simpul.notifications.operations import deliver_due

# 31 July 2025, 23.30 WIB is already 1 August, 01.30 WIT.
NEAR_MIDNIGHT_UTC = datetime(2025, 7, 31, 16, 30, tzinfo=UTC)


@pytest.fixture
def cycle_b(personas, spbe):
    return operations.open_cycle(
        personas.agency_b, year=2025, framework=spbe, include_visit=False, user=personas.admin_b
    )


def due(cycle, unit, code: str, on: date) -> Answer:
    answer = answer_of(cycle, code)
    answer.units.add(unit)
    Answer.objects.filter(pk=answer.pk).update(due_date=on)
    return answer


def subjects() -> dict[str, list[str]]:
    deliver_due()
    out: dict[str, list[str]] = {}
    for message in mail.outbox:
        out.setdefault(message.to[0], []).append(message.subject.split(":")[0])
    return {to: sorted(found) for to, found in out.items()}


def test_a_wit_agency_is_reminded_on_its_own_day_near_midnight_utc(personas, cycle, cycle_b):
    Agency.objects.filter(pk=personas.agency_a.pk).update(time_zone=TimeZone.WIT)
    for this_cycle, unit in ((cycle, personas.unit_a2), (cycle_b, personas.unit_b)):
        due(this_cycle, unit, "I05", date(2025, 8, 4))
        due(this_cycle, unit, "I06", date(2025, 7, 31))
    sent = send_deadline_notices(now=NEAR_MIDNIGHT_UTC)
    assert sent == {"soon": 2, "overdue": 1}
    assert subjects() == {
        # Natuna (WIT) is on 1 August: the 4th is three days away, the 31st has passed.
        "respondent@contoh.go.id": ["Lewat tenggat", "Tenggat 04-08-2025"],
        # Bintan (WIB) is still on 31 July: the 4th is four days away, the 31st is today.
        "admin_b@contoh.go.id": ["Tenggat 31-07-2025"],
    }


def test_an_explicit_reference_day_applies_to_every_agency(personas, cycle, cycle_b):
    Agency.objects.filter(pk=personas.agency_a.pk).update(time_zone=TimeZone.WITA)
    due(cycle, personas.unit_a2, "I05", date(2025, 8, 4))
    due(cycle_b, personas.unit_b, "I05", date(2025, 8, 4))
    assert send_deadline_notices(date(2025, 8, 1)) == {"soon": 2, "overdue": 0}
