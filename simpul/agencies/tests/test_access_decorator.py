"""`membership_required` and `capability_required`, decorating a view inside each test.

The project's views are decorated when their modules are imported, before any test runs, so
mutmut cannot attribute the decorator's mutants to the tests that go through those views. Here
the decorator runs in the test itself: what it lets through, what it refuses, and how.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from simpul.agencies.access import (
    SESSION_KEY,
    capability_required,
    get_membership,
    get_unit,
    membership_required,
    memberships_of,
    resolve_membership,
    switch_membership,
)
from simpul.agencies.capabilities import roles_with
from simpul.agencies.models import Membership
from simpul.agencies.roles import Role
from simpul.conftest import make_user


def view(request, pk):
    return HttpResponse(f"ok {pk}")


def request_as(user, membership):
    request = RequestFactory().get("/x/")
    request.user = user
    request.membership = membership
    request.session = SessionStore()
    return request


def member(personas, user) -> Membership:
    return Membership.objects.get(user=user, agency=personas.agency_a)


def test_a_capability_lets_through_exactly_the_roles_of_its_row(personas) -> None:
    guarded = capability_required("agency.admin")(view)
    assert guarded.capability == "agency.admin"
    assert roles_with("agency.admin") == {Role.ADMIN}
    admin = member(personas, personas.admin)
    response = guarded(request_as(personas.admin, admin), 7)
    assert (response.status_code, response.content) == (200, b"ok 7")
    for user in (personas.respondent, personas.assessor, personas.leader):
        with pytest.raises(PermissionDenied):
            guarded(request_as(user, member(personas, user)), 7)


def test_the_older_role_list_spelling_still_guards(personas) -> None:
    guarded = membership_required([Role.RESPONDENT])(view)
    assert guarded.capability is None
    respondent = member(personas, personas.respondent)
    assert guarded(request_as(personas.respondent, respondent), 1).status_code == 200
    with pytest.raises(PermissionDenied):
        guarded(request_as(personas.admin, member(personas, personas.admin)), 1)


def test_without_roles_any_member_passes_and_a_user_without_an_agency_goes_home(
    personas,
) -> None:
    guarded = membership_required()(view)
    for user in (personas.admin, personas.respondent, personas.leader):
        assert guarded(request_as(user, member(personas, user)), 2).status_code == 200
    home = guarded(request_as(personas.admin, None), 2)
    assert (home.status_code, home["Location"]) == (302, "/")


def test_an_anonymous_visitor_is_sent_to_sign_in(personas) -> None:
    response = capability_required("cycle.read")(view)(request_as(AnonymousUser(), None), 3)
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("accounts:login") + "?next=/x/",
    )


def test_roles_and_a_capability_together_or_an_unknown_capability_are_refused() -> None:
    with pytest.raises(ValueError, match="^Give roles or capability, not both$"):
        membership_required([Role.ADMIN], capability="agency.admin")
    with pytest.raises(KeyError, match="cycle.raed"):
        capability_required("cycle.raed")


def test_the_session_choice_picks_the_membership_and_a_foreign_choice_is_not_found(
    personas,
) -> None:
    request = request_as(personas.admin, None)
    first = resolve_membership(request)
    assert first in request.all_memberships and first.user == personas.admin
    chosen = switch_membership(request, first.pk)
    assert request.session[SESSION_KEY] == chosen.pk == first.pk
    assert resolve_membership(request) == chosen
    other = member(personas, personas.respondent)
    with pytest.raises(Http404):
        switch_membership(request, other.pk)
    assert resolve_membership(request_as(AnonymousUser(), None)) is None


def test_a_member_and_a_unit_are_fetched_in_the_agency_in_one_query_each(
    personas, django_assert_num_queries
) -> None:
    admin = Membership.objects.select_related("agency").get(
        user=personas.admin, agency=personas.agency_a
    )
    request = request_as(personas.admin, admin)
    respondent = Membership.objects.select_related("user", "unit").get(
        pk=member(personas, personas.respondent).pk
    )
    expected = (respondent.user.email, respondent.unit.name)
    assert respondent.unit_id is not None
    with django_assert_num_queries(1):  # the person and the unit come with it (people pages)
        found = get_membership(request, respondent.pk)
        assert (found.user.email, found.unit.name) == expected
    with django_assert_num_queries(1):
        assert get_unit(request, respondent.unit_id) == respondent.unit
    foreign = Membership.objects.exclude(agency=personas.agency_a).first()
    with pytest.raises(Http404):
        get_membership(request, foreign.pk)
    with pytest.raises(Http404):
        get_unit(request, personas.unit_b.pk)


def test_a_persons_memberships_come_by_agency_name_then_role_in_one_query(
    personas, django_assert_num_queries
) -> None:
    person = make_user("dua_instansi")
    # Created out of order, so that neither the ids nor one key alone gives the right order.
    Membership.objects.create(user=person, agency=personas.agency_a, role=Role.LEADER)
    Membership.objects.create(
        user=person, agency=personas.agency_b, role=Role.RESPONDENT, unit=personas.unit_b
    )
    Membership.objects.create(user=person, agency=personas.agency_a, role=Role.ADMIN)
    Membership.objects.create(
        user=person, agency=personas.agency_a, role=Role.RESPONDENT, unit=personas.unit_a2
    )
    with django_assert_num_queries(1):  # the switcher shows the agency and the unit of each
        found = [
            (m.agency.name, m.role, m.unit.name if m.unit else None) for m in memberships_of(person)
        ]
    assert found == [
        ("Pemerintah Kabupaten Bintan", Role.RESPONDENT, "Diskominfo Bintan"),
        ("Pemerintah Kabupaten Natuna", Role.ADMIN, None),
        ("Pemerintah Kabupaten Natuna", Role.LEADER, None),
        ("Pemerintah Kabupaten Natuna", Role.RESPONDENT, "Bappeda Natuna"),
    ]
    assert memberships_of(AnonymousUser()) == []


def test_a_request_without_a_session_acts_for_the_first_membership(personas) -> None:
    request = RequestFactory().get("/x/")
    request.user = personas.admin
    assert not hasattr(request, "session")
    acting = resolve_membership(request)
    assert (acting.user, acting.agency) == (personas.admin, personas.agency_a)
