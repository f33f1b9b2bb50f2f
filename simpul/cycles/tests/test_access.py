"""Who reaches which cycle page: role by role, and never another agency's objects."""

import pytest
from django.urls import reverse

from simpul.cycles import operations
from simpul.cycles.models import Answer, Cycle, Stage
from simpul.cycles.tests.conftest import link, make_evidence

ROLES = ["admin", "respondent", "assessor", "leader", "external", "partner"]

# (url name, takes "cycle" or "answer", expected status per role in ROLES order)
PAGES = [
    ("cycles:list", None, [200, 200, 200, 200, 200, 403]),
    ("cycles:tasks", None, [200, 200, 200, 200, 200, 403]),
    ("cycles:open", None, [200, 403, 403, 403, 403, 403]),
    ("cycles:detail", "cycle", [200, 200, 200, 200, 200, 403]),
    ("cycles:assign", "cycle", [200, 403, 403, 403, 403, 403]),
    ("cycles:official_import", "cycle", [200, 403, 403, 403, 403, 403]),
    ("cycles:comparison", "cycle", [200, 403, 200, 200, 200, 403]),
    ("cycles:berita_acara", "cycle", [200, 403, 200, 200, 200, 403]),
    ("cycles:answer", "answer", [200, 200, 200, 200, 200, 403]),
]
CASES = [
    pytest.param(name, target, role, status, id=f"{name}-{role}")
    for name, target, statuses in PAGES
    for role, status in zip(ROLES, statuses, strict=True)
]


@pytest.fixture
def locked(cycle, people, answer):
    return operations.lock_self_assessment(cycle, membership=people.admin)


def target_url(name, target, cycle, answer) -> str:
    args = {"cycle": [cycle.pk], "answer": [answer.pk], None: []}[target]
    return reverse(name, args=args)


@pytest.mark.parametrize(("name", "target", "role", "status"), CASES)
def test_each_role_reaches_what_it_may(
    as_user, personas, locked, answer, name, target, role, status
):
    url = target_url(name, target, locked, answer)
    assert as_user(getattr(personas, role)).get(url).status_code == status


@pytest.mark.parametrize("name", ["staff", "nobody"])
def test_people_without_a_membership_see_no_cycle_data(as_user, personas, locked, answer, name):
    client = as_user(getattr(personas, name))
    for url in (reverse("cycles:list"), reverse("cycles:answer", args=[answer.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("core:home")


def test_anonymous_visitors_are_sent_to_sign_in(client, locked, answer):
    response = client.get(reverse("cycles:detail", args=[locked.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# Every page and action that takes an id: agency B's admin gets 404 and changes nothing.
OBJECT_ENDPOINTS = [
    ("cycles:detail", "cycle", "get"),
    ("cycles:advance", "cycle", "post"),
    ("cycles:lock", "cycle", "post"),
    ("cycles:berita_acara", "cycle", "get"),
    ("cycles:assign", "cycle", "get"),
    ("cycles:assign", "cycle", "post"),
    ("cycles:official_import", "cycle", "post"),
    ("cycles:comparison", "cycle", "get"),
    ("cycles:answer", "answer", "get"),
    ("cycles:answer", "answer", "post"),
    ("cycles:submit", "answer", "post"),
    ("cycles:request_changes", "answer", "post"),
    ("cycles:accept", "answer", "post"),
    ("cycles:stage_level", "answer", "post"),
    ("cycles:link_evidence", "answer", "post"),
]


@pytest.mark.parametrize(("name", "target", "method"), OBJECT_ENDPOINTS)
def test_agency_b_objects_are_404_for_agency_a(as_user, personas, spbe, name, target, method):
    cycle = operations.open_cycle(
        personas.agency_b, year=2025, framework=spbe, include_visit=False, user=None
    )
    operations.lock_self_assessment(cycle, membership=personas.admin_b_membership)
    answer = cycle.answers.first()
    url = target_url(name, target, cycle, answer)
    client = as_user(personas.admin)
    data = {"version": 1, "self_level": "3", "fact": "dibajak", "analysis": ""}
    for prefix in ("ajukan", "perbaikan", "terima", "tahap"):
        data.update({f"{prefix}-version": 1, f"{prefix}-comment": "x", f"{prefix}-level": "2"})
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == 404
    cycle.refresh_from_db()
    answer.refresh_from_db()
    assert (
        cycle.stage == Stage.SELF_ASSESSMENT and answer.version == 1 and answer.self_level is None
    )


def test_agency_b_links_are_404_for_agency_a(as_user, personas, spbe):
    cycle = operations.open_cycle(
        personas.agency_b, year=2025, framework=spbe, include_visit=False, user=None
    )
    answer = cycle.answers.first()
    created = link(answer, make_evidence(personas.agency_b, "Dokumen B"), 1)
    url = reverse("cycles:unlink_evidence", args=[answer.pk, created.pk])
    assert as_user(personas.admin).post(url).status_code == 404
    assert answer.evidence_links.count() == 1


def test_a_person_in_both_agencies_sees_the_cycles_of_the_chosen_one(as_user, personas, cycle):
    from simpul.agencies.models import Membership

    in_b = Membership.objects.get(user=personas.multi, agency=personas.agency_b)
    client = as_user(personas.multi)
    client.post(reverse("agencies:switch"), {"membership": in_b.pk})
    assert client.get(reverse("cycles:detail", args=[cycle.pk])).status_code == 404
    assert Cycle.objects.filter(agency=personas.agency_a).exists()
    assert Answer.objects.filter(cycle=cycle).exists()
