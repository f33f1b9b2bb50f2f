"""Forum fixtures: SPBE 2020 loaded, a cycle of agency A, and a small helper to post."""

import pytest

from simpul.cycles import actions as cycle_actions
from simpul.forum import actions
from simpul.forum.models import PostKind
from simpul.frameworks.actions import import_framework
from simpul.frameworks.checking import load_framework_file, shipped_framework_files
from simpul.frameworks.models import Framework, Indicator


@pytest.fixture(scope="session")
def spbe_spec():
    return next(
        spec
        for spec in (load_framework_file(path) for path in shipped_framework_files())
        if spec.code == "spbe-2020"
    )


@pytest.fixture
def spbe(db, spbe_spec) -> Framework:
    return import_framework(spbe_spec).framework


@pytest.fixture
def cycle(personas, spbe):
    return cycle_actions.open_cycle(
        personas.agency_a, year=2025, framework=spbe, include_visit=False, user=personas.admin
    )


@pytest.fixture
def i20(spbe) -> Indicator:
    return Indicator.objects.get(framework=spbe, number=20)


@pytest.fixture
def obstacle(personas, i20):
    """An obstacle on indicator 20 opened by the partner of agency A."""
    return actions.start_thread(
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
