"""Tenancy, generated from the URL list: every /api/v1 route with a path parameter, filled with
the ids of ANOTHER agency's objects, answers 404 to agency A (a token or a session), never the
object; agency B's own token reaches the same address (so the ids are real).

The routes are read from `simpul.api.urls` when the tests are collected: an endpoint added
later is tried without anyone writing a test for it. Each path parameter is known by the
collection it follows and its name ("cycles/pk", "answers/indicator"); a parameter with no
entry in FACTORIES fails `test_every_path_parameter_has_a_fixture`, so a new endpoint cannot
escape by naming its parameter differently: add a factory that builds agency B's object.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from simpul.api import urls as api_urls
from simpul.api.operations import create_token
from simpul.cycles import operations as cycle_operations
from simpul.evidence import operations as evidence_operations
from simpul.evidence.tests import samples
from simpul.forum import operations as forum_operations
from simpul.forum.models import PostKind
from simpul.frameworks.models import Framework
from simpul.meetings import operations as meeting_operations
from simpul.meetings.models import MeetingKind
from simpul.plans import operations as plan_operations

pytestmark = pytest.mark.django_db

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def api_routes() -> list[tuple[str, str]]:
    """(route, URL name) of every pattern under simpul.api.urls, nested includes too."""
    found = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route, namespace + (pattern.namespace or ""))
            elif isinstance(pattern, URLPattern):
                found.append((route, f"{namespace}:{pattern.name}" if pattern.name else ""))

    walk(api_urls.urlpatterns, "", api_urls.app_name)
    return found


def parameters(route: str) -> list[tuple[str, str]]:
    """(key, name) of each path parameter: key is "<the segment before>/<name>"."""
    out = []
    segments = route.split("/")
    for position, segment in enumerate(segments):
        if segment.startswith("<") and segment.endswith(">"):
            name = segment[1:-1].split(":")[-1]
            before = segments[position - 1] if position else ""
            out.append((f"{before}/{name}", name))
    return out


ROUTES = [(route, name) for route, name in api_routes() if parameters(route)]


# --- agency B's objects -----------------------------------------------------------------------

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def other(frameworks_loaded, personas, settings, tmp_path) -> SimpleNamespace:
    """Agency B's world: a period with its answers, a linked file, an action, a meeting and a
    forum thread (built lazily: each factory asks for what it needs)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    admin = personas.admin_b_membership
    spbe = Framework.objects.get(code="spbe-2020")
    cycle = cycle_operations.open_cycle(
        personas.agency_b, year=2025, framework=spbe, include_visit=False, user=personas.admin_b
    )
    return SimpleNamespace(personas=personas, admin=admin, cycle=cycle, spbe=spbe, built={})


def _once(world: SimpleNamespace, key: str, build: Callable[[], object]):
    if key not in world.built:
        world.built[key] = build()
    return world.built[key]


def other_evidence(world: SimpleNamespace) -> int:
    def build():
        document = evidence_operations.upload_evidence(
            world.personas.agency_b,
            samples.upload("perbup-bintan.pdf", samples.pdf_bytes("Perbup SPBE Bintan")),
            title="Perbup SPBE Bintan",
            user=world.personas.admin_b,
        )
        answer = world.cycle.answers.get(indicator__number=1)
        evidence_operations.link_evidence(answer, document, level=1, user=world.personas.admin_b)
        return document

    return _once(world, "evidence", build).pk


def other_action(world: SimpleNamespace) -> int:
    def build():
        return plan_operations.create_action(
            world.personas.agency_b,
            membership=world.admin,
            cycle=world.cycle,
            indicator=world.spbe.indicators.get(code="I05"),
            target_level=3,
            unit=world.personas.unit_b,
            pic=world.personas.admin_b,
            start_date=date(2025, 1, 1),
            due_date=date(2025, 12, 31),
        )

    return _once(world, "action", build).pk


def other_meeting(world: SimpleNamespace) -> int:
    def build():
        start = datetime(2026, 3, 10, 9, tzinfo=JAKARTA)
        return meeting_operations.schedule_meeting(
            world.personas.agency_b,
            membership=world.admin,
            title="Rapat Tim Koordinasi SPBE Bintan",
            kind=MeetingKind.COORDINATION,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            agenda=[("Arsitektur SPBE", None)],
        )[0]

    return _once(world, "meeting", build).pk


def other_thread(world: SimpleNamespace) -> int:
    def build():
        return forum_operations.start_thread(
            world.personas.agency_b,
            membership=world.admin,
            title="Belum ada forum rutin",
            kind=PostKind.OBSTACLE,
            body="Forum kolaborasi belum rutin diadakan.",
            indicator=world.spbe.indicators.get(number=20),
        )

    return _once(world, "thread", build).pk


# parameter key → the id of agency B's object it names
FACTORIES: dict[str, Callable[[SimpleNamespace], int]] = {
    "cycles/pk": lambda world: world.cycle.pk,
    # An indicator number that exists in agency B's period: the cycle makes it another's.
    "answers/indicator": lambda world: 1,
    # An item code of the Pemdi 2026 framework: the cycle makes it another agency's.
    "items/code": lambda world: "I4-L1-01",
    "evidence/pk": other_evidence,
    "actions/pk": other_action,
    "meetings/pk": other_meeting,
    "threads/pk": other_thread,
}


def other_url(world: SimpleNamespace, route: str, name: str) -> str:
    kwargs = {param: FACTORIES[key](world) for key, param in parameters(route)}
    return reverse(name, kwargs=kwargs)


def bearer(membership, scope: str = "read") -> Client:
    _, plain = create_token(membership, "uji", scope, days=30)
    return Client(headers={"Authorization": f"Bearer {plain}"})


# --- the tests --------------------------------------------------------------------------------


def test_the_url_list_is_read_and_has_routes_with_ids() -> None:
    assert ("cycles/<int:pk>", "api:cycle") in ROUTES
    assert ("cycles/<int:pk>/answers/<int:indicator>", "api:answer") in ROUTES
    assert all(name for _route, name in ROUTES), "every /api/v1 route with an id needs a name"


def test_every_path_parameter_has_a_fixture() -> None:
    missing = sorted(
        f"{key} (in {route})"
        for route, _ in ROUTES
        for key, _ in parameters(route)
        if key not in FACTORIES
    )
    assert not missing, (
        "Path parameters without a factory of another agency's object in "
        f"simpul/api/tests/test_tenancy.py FACTORIES: {missing}"
    )


def test_every_factory_builds_an_object_of_the_other_agency(other) -> None:
    """The factories are real: each id exists (and belongs to agency B)."""
    from simpul.evidence.models import Evidence
    from simpul.forum.models import Thread
    from simpul.meetings.models import Meeting
    from simpul.plans.models import Action

    assert Evidence.objects.get(pk=other_evidence(other)).agency == other.personas.agency_b
    assert Action.objects.get(pk=other_action(other)).agency == other.personas.agency_b
    assert Meeting.objects.get(pk=other_meeting(other)).agency == other.personas.agency_b
    assert Thread.objects.get(pk=other_thread(other)).agency == other.personas.agency_b


@pytest.mark.parametrize(("route", "name"), ROUTES, ids=[route for route, _ in ROUTES])
def test_another_agency_s_ids_are_404(route, name, other, personas, as_user) -> None:
    missing = [key for key, _ in parameters(route) if key not in FACTORIES]
    if missing:
        pytest.fail(f"no factory for {missing}: see test_every_path_parameter_has_a_fixture")
    url = other_url(other, route, name)
    mine = bearer(personas.admin_membership, "write")
    response = mine.get(url)
    if response.status_code == 405:  # a write-only endpoint: every method it takes is a 404
        writes = [m.strip() for m in response["Allow"].split(",") if m.strip() not in READ_METHODS]
        assert writes, f"{url}: 405 for GET but no other method allowed"
        for method in writes:
            answer = getattr(mine, method.lower())(url, data="{}", content_type="application/json")
            assert answer.status_code == 404, f"{method} {url}: {answer.status_code}"
        anonymous = getattr(Client(), writes[0].lower())(url)
        assert anonymous.status_code in (401, 403, 404), f"{writes[0]} {url} without a token"
        return
    assert response.status_code == 404, f"GET {url}: {response.status_code}"
    assert response.json() == {"error": {"field": "path", "message": "Tidak ditemukan."}}
    # The same through a session acting for agency A.
    assert as_user(personas.admin).get(url).status_code == 404, f"GET {url} (session)"
    # Without a token: 401, before anything is looked up.
    assert Client().get(url).status_code == 401, f"GET {url} without a token"
    # The ids are real: agency B's own token reaches them.
    theirs = bearer(other.admin).get(url)
    assert theirs.status_code == 200, f"GET {url} with agency B's token: {theirs.status_code}"
