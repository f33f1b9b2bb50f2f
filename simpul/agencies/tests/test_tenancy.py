"""A user of agency A reaches none of agency B's objects: every page answers 404."""

import pytest
from django.urls import reverse

from simpul.agencies.models import Membership, Role

# (url name, needs POST) for every page that takes an agency object's id.
OBJECT_PAGES = [
    ("agencies:unit_edit", False, "unit_b"),
    ("agencies:unit_edit", True, "unit_b"),
    ("agencies:unit_toggle", True, "unit_b"),
    ("agencies:person_edit", False, "admin_b_membership"),
    ("agencies:person_edit", True, "admin_b_membership"),
    ("agencies:person_toggle", True, "admin_b_membership"),
]


@pytest.mark.parametrize(("name", "post", "target"), OBJECT_PAGES)
def test_agency_b_objects_are_404_for_the_admin_of_agency_a(as_user, personas, name, post, target):
    url = reverse(name, args=[getattr(personas, target).pk])
    client = as_user(personas.admin)
    response = (
        client.post(url, {"name": "dibajak", "role": Role.LEADER}) if post else client.get(url)
    )
    assert response.status_code == 404
    personas.unit_b.refresh_from_db()
    personas.admin_b_membership.refresh_from_db()
    assert personas.unit_b.name == "Diskominfo Bintan" and personas.unit_b.is_active
    assert personas.admin_b_membership.role == Role.ADMIN and personas.admin_b_membership.is_active


def test_list_pages_show_only_the_current_agency(as_user, personas):
    client = as_user(personas.admin)
    units = client.get(reverse("agencies:units")).content.decode()
    people = client.get(reverse("agencies:people")).content.decode()
    assert "Diskominfo Natuna" in units and "Diskominfo Bintan" not in units
    assert "admin_b@contoh.go.id" not in people


def test_nobody_can_switch_into_someone_elses_membership(as_user, personas):
    client = as_user(personas.admin)
    response = client.post(
        reverse("agencies:switch"), {"membership": personas.admin_b_membership.pk}
    )
    assert response.status_code == 404
    assert "Diskominfo Bintan" not in client.get(reverse("agencies:units")).content.decode()


def test_a_person_with_roles_in_two_agencies_switches_between_them(as_user, personas):
    client = as_user(personas.multi)
    in_b = Membership.objects.get(user=personas.multi, agency=personas.agency_b)
    in_a = Membership.objects.get(user=personas.multi, agency=personas.agency_a)
    client.post(reverse("agencies:switch"), {"membership": in_b.pk})
    assert "Diskominfo Bintan" in client.get(reverse("agencies:units")).content.decode()
    # As admin of B they manage people of B, and never see A's objects.
    assert client.get(reverse("agencies:people")).status_code == 200
    edit_a = reverse("agencies:unit_edit", args=[personas.unit_a.pk])
    assert client.get(edit_a).status_code == 404
    client.post(reverse("agencies:switch"), {"membership": in_a.pk})
    assert "Diskominfo Natuna" in client.get(reverse("agencies:units")).content.decode()
    # As respondent of A they may not manage people.
    assert client.get(reverse("agencies:people")).status_code == 403


def test_a_switch_does_not_redirect_to_another_site(as_user, personas):
    client = as_user(personas.multi)
    in_b = Membership.objects.get(user=personas.multi, agency=personas.agency_b)
    response = client.post(
        reverse("agencies:switch"), {"membership": in_b.pk, "next": "https://jahat.example/"}
    )
    assert response["Location"] == reverse("core:home")


def test_a_deactivated_agency_is_closed_to_its_members(as_user, personas):
    personas.agency_a.is_active = False
    personas.agency_a.save()
    assert as_user(personas.admin).get(reverse("agencies:units")).status_code == 302


def test_a_user_without_membership_sees_no_agency_data(as_user, personas):
    client = as_user(personas.nobody)
    assert client.get(reverse("agencies:units")).status_code == 302
    home = client.get(reverse("core:home")).content.decode()
    assert "belum memiliki peran" in home
