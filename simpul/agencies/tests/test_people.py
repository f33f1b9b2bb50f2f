import re

import pytest
from django.core import mail
from django.urls import reverse

from simpul.accounts.models import User
from simpul.agencies.models import Membership, Role
from simpul.notifications.operations import deliver_due

INVITE = reverse("agencies:person_invite")


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """Post the invitation form, running the after-commit email like a real request would."""

    def post(client, **data):
        payload = {"email": "baru@contoh.go.id", "full_name": "Orang Baru", "role": Role.RESPONDENT}
        payload.update(data)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(INVITE, payload)

    return post


def test_an_admin_invites_a_new_person_who_sets_a_password(as_user, personas, client, invite):
    response = invite(as_user(personas.admin), unit=personas.unit_a2.pk)
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="baru@contoh.go.id")
    assert (membership.agency, membership.role, membership.unit) == (
        personas.agency_a,
        Role.RESPONDENT,
        personas.unit_a2,
    )
    assert not membership.user.has_usable_password()
    deliver_due()
    path = re.search(r"/akun/undangan/\S+/", mail.outbox[0].body).group(0)
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "Natuna-Baru-2027", "new_password2": "Natuna-Baru-2027"}
    )
    assert (
        client.post(
            reverse("accounts:login"),
            {"username": "baru@contoh.go.id", "password": "Natuna-Baru-2027"},
        ).status_code
        == 302
    )


def test_inviting_an_existing_account_adds_a_role_without_a_new_account(as_user, personas, invite):
    invite(as_user(personas.admin), email="ADMIN_B@contoh.go.id", role=Role.LEADER)
    assert User.objects.filter(email__iexact="admin_b@contoh.go.id").count() == 1
    assert personas.admin_b.memberships.filter(agency=personas.agency_a, role=Role.LEADER).exists()
    deliver_due()
    assert "Masuk seperti biasa" in mail.outbox[0].body


def test_a_partner_needs_a_helix_category(as_user, personas, invite):
    response = invite(as_user(personas.admin), role=Role.PARTNER)
    assert response.status_code == 200
    assert "kategori heliks" in response.content.decode()
    assert not User.objects.filter(email="baru@contoh.go.id").exists()


def test_a_bad_email_is_named_and_nothing_is_saved(as_user, personas, invite):
    before = Membership.objects.count()
    response = invite(as_user(personas.admin), email="bukan-email")
    assert response.status_code == 200
    assert "alamat email yang valid" in response.content.decode()
    assert Membership.objects.count() == before


def test_the_same_role_twice_is_refused_with_a_message(as_user, personas, invite):
    response = invite(as_user(personas.admin), email="leader@contoh.go.id", role=Role.LEADER)
    assert response.status_code == 200
    assert "sudah memegang peran ini" in response.content.decode()


def test_a_unit_of_another_agency_cannot_be_chosen(as_user, personas, invite):
    response = invite(as_user(personas.admin), unit=personas.unit_b.pk)
    assert response.status_code == 200
    assert not User.objects.filter(email="baru@contoh.go.id").exists()


@pytest.mark.parametrize("persona", ["respondent", "assessor", "leader", "partner", "external"])
def test_only_the_admin_manages_people(as_user, personas, persona, invite):
    client = as_user(getattr(personas, persona))
    assert client.get(reverse("agencies:people")).status_code == 403
    assert invite(client).status_code == 403
    assert not User.objects.filter(email="baru@contoh.go.id").exists()


def test_the_admin_changes_a_role(as_user, personas):
    url = reverse("agencies:person_edit", args=[personas.leader_membership.pk])
    response = as_user(personas.admin).post(url, {"role": Role.INTERNAL_ASSESSOR})
    assert response.status_code == 302
    personas.leader_membership.refresh_from_db()
    assert personas.leader_membership.role == Role.INTERNAL_ASSESSOR


def test_the_admin_deactivates_and_reactivates_a_person(as_user, personas):
    url = reverse("agencies:person_toggle", args=[personas.leader_membership.pk])
    client = as_user(personas.admin)
    client.post(url)
    personas.leader_membership.refresh_from_db()
    assert not personas.leader_membership.is_active
    # A deactivated membership no longer gives access to the agency.
    assert as_user(personas.leader).get(reverse("agencies:units")).status_code == 302
    client.post(url)
    personas.leader_membership.refresh_from_db()
    assert personas.leader_membership.is_active


def test_the_last_admin_cannot_be_deactivated_or_demoted(as_user, personas):
    client = as_user(personas.admin)
    response = client.post(
        reverse("agencies:person_toggle", args=[personas.admin_membership.pk]), follow=True
    )
    assert "sedikitnya satu koordinator" in response.content.decode()
    response = client.post(
        reverse("agencies:person_edit", args=[personas.admin_membership.pk]),
        {"role": Role.LEADER},
    )
    assert "sedikitnya satu koordinator" in response.content.decode()
    personas.admin_membership.refresh_from_db()
    assert personas.admin_membership.is_active and personas.admin_membership.role == Role.ADMIN


def test_the_people_list_shows_only_this_agency_in_bounded_queries(
    as_user, personas, django_assert_max_num_queries, invite
):
    client = as_user(personas.admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("agencies:people"))
    names = [m.user.username for m in response.context["page"]]
    assert "admin_b" not in names
    assert "leader" in names
    for i in range(30):
        invite(client, email=f"orang{i}@contoh.go.id")
    with django_assert_max_num_queries(12):
        client.get(reverse("agencies:people"))


def test_an_email_too_long_to_be_a_username_is_refused_and_nothing_is_saved(
    as_user, personas, invite
):
    email = "a" * 140 + "@contoh.go.id"
    response = invite(as_user(personas.admin), email=email)
    assert response.status_code == 200
    assert "150 karakter" in response.content.decode()
    assert not User.objects.filter(email=email).exists()
