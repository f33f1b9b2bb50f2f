"""Invitation links: limited in time and uses, listed and revoked by the coordinator, never a
way back for a removed person, and limited per link and per client."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from simpul.accounts.models import User
from simpul.agencies import operations as agency_operations
from simpul.agencies.models import Membership
from simpul.conftest import PASSWORD
from simpul.forum import operations
from simpul.forum.models import Invitation, ModerationAct, ModerationLog
from simpul.notifications.operations import deliver_due

REGISTRATION = {
    "full_name": "Sari Mitra",
    "email": "sari@kampus.ac.id",
    "phone": "",
    "password": "kata-sandi-panjang-2026",
    "organisation": "Universitas Natuna",
    "helix": "academia",
    "consent": "on",
}
PARTNER_FIELDS = {"organisation": "PT Contoh", "helix": "business", "consent": "on"}


def sent_mail() -> list:
    """The mail sent so far: the outbox delivered first, as the worker would."""
    deliver_due()
    return mail.outbox


@pytest.fixture
def invitation(personas) -> Invitation:
    return operations.create_invitation(personas.agency_a, membership=personas.admin_membership)


def join_url(invitation: Invitation) -> str:
    return reverse("forum:join", args=[operations.invitation_token(invitation)])


# --- bans -------------------------------------------------------------------------------------


def test_a_deactivated_partner_cannot_reactivate_themself_with_the_old_link(
    personas, as_user, invitation
):
    agency_operations.set_membership_active(personas.partner_membership, False)
    client = as_user(personas.partner)
    page = client.get(join_url(invitation))
    assert page.status_code == 403 and "Tidak dapat bergabung" in page.content.decode()
    response = client.post(join_url(invitation), PARTNER_FIELDS)
    assert "telah dinonaktifkan oleh koordinator" in response.content.decode()
    personas.partner_membership.refresh_from_db()
    assert not personas.partner_membership.is_active
    invitation.refresh_from_db()
    assert invitation.uses == 0


def test_a_person_removed_in_another_role_cannot_return_as_partner(personas, as_user, invitation):
    agency_operations.set_membership_active(personas.respondent_membership, False)
    as_user(personas.respondent).post(join_url(invitation), PARTNER_FIELDS)
    assert not Membership.objects.filter(
        user=personas.respondent, agency=personas.agency_a, is_active=True
    ).exists()


def test_a_banned_account_never_comes_back_by_registering_through_a_link(
    personas, client, invitation, django_capture_on_commit_callbacks
):
    personas.partner.is_active = False
    personas.partner.save(update_fields=["is_active"])
    data = REGISTRATION | {"email": personas.partner.email}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(join_url(invitation), data)
    assert "Periksa email Anda" in response.content.decode()
    personas.partner.refresh_from_db()
    assert not personas.partner.is_active and personas.partner.check_password(PASSWORD)
    (message,) = sent_mail()
    assert "sudah memiliki akun" in message.body and "konfirmasi" not in message.body


def test_a_confirmation_after_the_link_was_revoked_activates_nothing(
    personas, client, invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(join_url(invitation), REGISTRATION)
    path = re.search(r"/forum/konfirmasi/\S+/", sent_mail()[0].body).group(0)
    operations.revoke_invitation(invitation, membership=personas.admin_membership)
    response = client.post(path)
    assert response.status_code == 400 and "tidak berlaku lagi" in response.content.decode()
    assert not User.objects.get(email="sari@kampus.ac.id").is_active


# --- the coordinator's list -------------------------------------------------------------------


def test_the_coordinator_lists_usable_links_with_their_uses(personas, as_user, invitation):
    revoked = operations.create_invitation(
        personas.agency_a, membership=personas.admin_membership, note="lama"
    )
    operations.revoke_invitation(revoked, membership=personas.admin_membership)
    expired = operations.create_invitation(
        personas.agency_a, membership=personas.admin_membership, note="kedaluwarsa"
    )
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    operations.create_invitation(personas.agency_b, membership=personas.admin_b_membership)
    page = as_user(personas.admin).get(reverse("forum:moderation")).content.decode()
    table = page.split('id="invitations"', 1)[1].split("</table>", 1)[0]
    assert operations.invitation_url(invitation) in table and "0/20" in table
    assert table.count(reverse("forum:revoke_invitation", args=[invitation.pk])) == 1
    assert "lama" not in table and "kedaluwarsa" not in table
    assert table.count("/cabut/") == 1


def test_the_moderation_page_queries_do_not_grow_with_links(
    personas, as_user, django_assert_max_num_queries
):
    client = as_user(personas.admin)
    operations.create_invitation(personas.agency_a, membership=personas.admin_membership)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("forum:moderation"))
    for _ in range(5):
        operations.create_invitation(personas.agency_a, membership=personas.admin_membership)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("forum:moderation"))


def test_a_revoked_link_stops_working_at_once_and_is_logged(personas, as_user, client, invitation):
    response = as_user(personas.admin).post(
        reverse("forum:revoke_invitation", args=[invitation.pk]), follow=True
    )
    assert "Tautan undangan dicabut" in response.content.decode()
    assert client.get(join_url(invitation)).status_code == 404
    log = ModerationLog.objects.get(act=ModerationAct.REVOKE_INVITATION)
    assert log.actor == personas.admin and log.agency == personas.agency_a


def test_people_who_joined_stay_partners_after_the_link_is_revoked(personas, as_user, invitation):
    as_user(personas.nobody).post(join_url(invitation), PARTNER_FIELDS)
    operations.revoke_invitation(invitation, membership=personas.admin_membership)
    assert Membership.objects.get(user=personas.nobody, agency=personas.agency_a).is_active


@pytest.mark.parametrize("who", ["partner", "respondent", "admin_b"])
def test_only_the_coordinator_of_the_agency_revokes_its_links(personas, as_user, invitation, who):
    response = as_user(getattr(personas, who)).post(
        reverse("forum:revoke_invitation", args=[invitation.pk])
    )
    assert response.status_code in (403, 404)
    invitation.refresh_from_db()
    assert invitation.is_active


# --- limits of one link -----------------------------------------------------------------------


def test_a_link_made_for_one_person_serves_only_one(personas, as_user):
    response = as_user(personas.admin).post(
        reverse("forum:invite"), {"note": "Rektor", "days": "7", "max_uses": "1"}, follow=True
    )
    invitation = Invitation.objects.get(note="Rektor")
    assert invitation.max_uses == 1
    assert invitation.expires_at - timezone.now() < timedelta(days=7, minutes=1)
    assert "untuk 1 orang" in response.content.decode()
    as_user(personas.nobody).post(join_url(invitation), PARTNER_FIELDS)
    assert as_user(personas.leader).get(join_url(invitation)).status_code == 404


def test_a_link_is_refused_at_submit_when_its_last_use_went_meanwhile(personas, as_user):
    invitation = operations.create_invitation(
        personas.agency_a, membership=personas.admin_membership, max_uses=1
    )
    first, second = as_user(personas.nobody), as_user(personas.multi)
    page = second.get(join_url(invitation))
    assert page.status_code == 200
    first.post(join_url(invitation), PARTNER_FIELDS)
    # The page opened while the link was usable; the submit finds it used up.
    assert second.post(join_url(invitation), PARTNER_FIELDS).status_code == 404
    assert not Membership.objects.filter(user=personas.multi, role="mitra").exists()


def test_links_without_numbers_last_two_weeks_for_twenty_people(personas, as_user):
    as_user(personas.admin).post(reverse("forum:invite"), {"note": "Kampus"})
    invitation = Invitation.objects.get(note="Kampus")
    assert invitation.max_uses == 20
    assert timedelta(days=13) < invitation.expires_at - timezone.now() <= timedelta(days=14)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("days", "31", "paling lama 30 hari"),
        ("days", "0", "paling sedikit 1 hari"),
        ("days", "abc", "harus bilangan bulat"),
        ("days", "9" * 30, "paling lama 30 hari"),
        ("max_uses", "501", "paling banyak 500 orang"),
        ("max_uses", "-1", "paling sedikit 1 orang"),
    ],
)
def test_absurd_link_settings_are_refused_by_name(personas, as_user, field, value, message):
    response = as_user(personas.admin).post(
        reverse("forum:invite"), {"note": "Uji", field: value}, follow=True
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_expired_link_is_refused(personas, client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    assert client.get(join_url(invitation)).status_code == 404


# --- rate limits ------------------------------------------------------------------------------


def test_one_client_registers_only_a_few_people_through_a_link(
    personas, client, invitation, settings, django_capture_on_commit_callbacks
):
    settings.INVITATION_JOINS_PER_CLIENT = 2
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            response = client.post(
                join_url(invitation), REGISTRATION | {"email": f"orang{n}@kampus.ac.id"}
            )
    assert "Terlalu banyak pendaftaran" in response.content.decode()
    assert 'value="orang2@kampus.ac.id"' in response.content.decode()
    assert User.objects.filter(email__endswith="@kampus.ac.id").count() == 2
    assert len(sent_mail()) == 2


def test_one_link_serves_only_so_many_joins_an_hour(
    personas, client, invitation, settings, django_capture_on_commit_callbacks
):
    settings.INVITATION_JOINS_PER_LINK = 2
    for n in range(3):
        response = client.post(
            join_url(invitation),
            REGISTRATION | {"email": f"orang{n}@kampus.ac.id"},
            REMOTE_ADDR=f"198.51.100.{n}",
        )
    assert "Terlalu banyak pendaftaran" in response.content.decode()
    assert User.objects.filter(email__endswith="@kampus.ac.id").count() == 2


@pytest.mark.parametrize("known", [True, False])
def test_registration_mails_to_one_address_are_limited_alike_for_known_and_unknown(
    personas, client, settings, known, django_capture_on_commit_callbacks
):
    settings.MAIL_LIMIT_PER_TARGET = 2
    email = personas.partner.email if known else "sari@kampus.ac.id"
    url = reverse("forum:register", args=["natuna"])
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(url, REGISTRATION | {"email": email}, REMOTE_ADDR=f"198.51.100.{n}")
            for n in range(15)
        ]
    assert "Terlalu banyak permintaan email" in answers[-1].content.decode()
    assert [a.status_code for a in answers[:2]] == [200, 200]
    assert len(sent_mail()) <= 2
    assert User.objects.filter(email__iexact=email).count() == 1


# --- confirmation -----------------------------------------------------------------------------


def test_registering_again_before_confirming_resends_the_confirmation(
    personas, client, invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(join_url(invitation), REGISTRATION)
        client.post(join_url(invitation), REGISTRATION)
    assert len(sent_mail()) == 2
    assert all("/forum/konfirmasi/" in m.body for m in sent_mail())
    assert User.objects.filter(email="sari@kampus.ac.id").count() == 1


@pytest.mark.parametrize("token", ["abc", "x" * 300, "MTIz:1abcde:zzzz"])
def test_a_bad_confirmation_token_is_refused_in_indonesian(client, db, token):
    response = client.post(reverse("forum:confirm", args=[token]))
    assert response.status_code == 400
    assert "Tautan konfirmasi ini tidak berlaku" in response.content.decode()


def test_a_mail_outage_loses_no_registration(
    personas, client, invitation, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(join_url(invitation), REGISTRATION)
    assert response.status_code == 200 and "Periksa email Anda" in response.content.decode()
    assert User.objects.filter(email="sari@kampus.ac.id").exists()
    # Once mail works again, registering again sends the confirmation.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(join_url(invitation), REGISTRATION)
    assert "/forum/konfirmasi/" in sent_mail()[0].body


def test_a_partner_joining_twice_uses_up_one_place(personas, as_user, invitation):
    client = as_user(personas.nobody)
    client.post(join_url(invitation), PARTNER_FIELDS)
    client.post(join_url(invitation), PARTNER_FIELDS)
    invitation.refresh_from_db()
    assert invitation.uses == 1
    assert Membership.objects.filter(user=personas.nobody, agency=personas.agency_a).count() == 1
