"""Fixtures for meetings: a meeting of agency A tomorrow-ish, the current cycle, helpers."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from simpul.cycles.models import Cycle
from simpul.cycles.operations import open_cycle
from simpul.frameworks.models import Framework
from simpul.frameworks.tests.conftest import frameworks_loaded  # noqa: F401 - a fixture
from simpul.meetings import operations
from simpul.meetings.models import Meeting, MeetingKind

JAKARTA = ZoneInfo("Asia/Jakarta")


def at(year, month, day, hour=9, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


def schedule(personas, start: datetime | None = None, **extra) -> Meeting:
    start = start or at(2026, 3, 10)
    values = {
        "title": "Rapat Tim Koordinasi SPBE",
        "kind": MeetingKind.COORDINATION,
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "Aula Bappeda",
        "agenda": [("Arsitektur SPBE", None)],
        **extra,
    }
    return operations.schedule_meeting(
        personas.agency_a, membership=personas.admin_membership, **values
    )[0]


@pytest.fixture
def meeting(personas) -> Meeting:
    return schedule(personas)


@pytest.fixture
def cycle(personas, frameworks_loaded) -> Cycle:  # noqa: F811
    framework = Framework.objects.get(code="spbe-2020")
    return open_cycle(
        personas.agency_a,
        year=2026,
        framework=framework,
        include_visit=False,
        user=personas.admin,
    )
