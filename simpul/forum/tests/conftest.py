"""Forum fixtures: a cycle of agency A on SPBE 2020 (`spbe` from simpul/conftest.py), an
obstacle thread."""

import pytest

from simpul.cycles import operations as cycle_operations
from simpul.forum import operations
from simpul.forum.models import PostKind
from simpul.frameworks.models import Indicator


@pytest.fixture
def cycle(personas, spbe):
    return cycle_operations.open_cycle(
        personas.agency_a, year=2025, framework=spbe, include_visit=False, user=personas.admin
    )


@pytest.fixture
def i20(spbe) -> Indicator:
    return Indicator.objects.get(framework=spbe, number=20)


@pytest.fixture
def obstacle(personas, i20):
    """An obstacle on indicator 20 opened by the partner of agency A."""
    return operations.start_thread(
        personas.agency_a,
        membership=personas.partner_membership,
        title="Belum ada forum rutin",
        kind=PostKind.OBSTACLE,
        body="Forum kolaborasi belum rutin diadakan.",
        indicator=i20,
    )


@pytest.fixture
def no_rate_limit(settings):
    settings.FORUM_POSTS_PER_MINUTE = 1000
