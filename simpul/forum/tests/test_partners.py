import json
import re

from django.core import mail
from django.urls import reverse

from simpul.accounts.models import User
from simpul.agencies.models import Membership, Role
from simpul.forum import operations
from simpul.forum.models import PRIVACY_NOTICE_VERSION, Consent, PartnerApplication
from simpul.notifications.operations import deliver_due
from simpul.testing.pages import without_csrf

REGISTRATION = {
    "full_name": "Sari Mitra",
    "email": "sari@kampus.ac.id",
    "phone": "08123456789",
    "password": "kata-sandi-panjang-2026",
    "organisation": "Universitas Natuna",
    "helix": "academia",
    "consent": "on",
}


def sent_mail() -> list:
    """The mail sent so far: the outbox delivered first, as the worker would."""
    deliver_due()
    return mail.outbox


def test_a_registration_waits_for_the_admin_then_becomes_a_partner(personas, client, as_user):
    response = client.post(reverse("forum:register", args=["natuna"]), REGISTRATION)
    user = User.objects.get(email="sari@kampus.ac.id")
    assert response.status_code == 200 and not user.is_active
    consent = Consent.objects.get(user=user)
    assert consent.notice_version == PRIVACY_NOTICE_VERSION and consent.given_at is not None
    application = PartnerApplication.objects.get(user=user)
    as_user(personas.admin).post(reverse("forum:decide", args=[application.pk]), {"approve": "1"})
    user.refresh_from_db()
    membership = Membership.objects.get(user=user, agency=personas.agency_a)
    assert user.is_active and membership.role == Role.PARTNER
    assert membership.helix == "academia" and membership.organisation == "Universitas Natuna"


def test_registration_without_consent_is_refused_and_creates_nothing(personas, client):
    data = {k: v for k, v in REGISTRATION.items() if k != "consent"}
    response = client.post(reverse("forum:register", args=["natuna"]), data)
    assert "Persetujuan pemberitahuan data pribadi wajib" in response.content.decode()
    assert not User.objects.filter(email="sari@kampus.ac.id").exists()


def test_the_registration_phone_is_stored_in_e164_and_a_bad_one_refused(personas, client):
    url = reverse("forum:register", args=["natuna"])
    response = client.post(url, {**REGISTRATION, "phone": "0812-345"})
    assert "Nomor telepon/WhatsApp “0812-345” tidak sah" in response.content.decode()
    assert not User.objects.filter(email="sari@kampus.ac.id").exists()
    client.post(url, {**REGISTRATION, "phone": "0812 3456 789"})
    assert User.objects.get(email="sari@kampus.ac.id").phone == "+628123456789"


def test_an_existing_email_gets_the_answer_a_new_one_gets(
    personas, client, django_capture_on_commit_callbacks
):
    url = reverse("forum:register", args=["natuna"])
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, REGISTRATION | {"email": personas.partner.email.upper()})
        new = client.post(url, REGISTRATION)
    assert known.status_code == new.status_code == 200
    assert without_csrf(known) == without_csrf(new)
    assert "sudah terdaftar" not in known.content.decode()
    # Only the owner of the address hears that it already has an account.
    assert [m.to for m in sent_mail()] == [[personas.partner.email]]
    assert "sudah memiliki akun" in sent_mail()[0].body
    assert not PartnerApplication.objects.filter(user=personas.partner).exists()


def test_the_admin_of_agency_b_cannot_decide_agency_a_applications(personas, client, as_user):
    client.post(reverse("forum:register", args=["natuna"]), REGISTRATION)
    application = PartnerApplication.objects.get()
    assert (
        as_user(personas.admin_b)
        .post(reverse("forum:decide", args=[application.pk]), {"approve": "1"})
        .status_code
        == 404
    )


def test_an_invitation_link_lets_a_new_person_join_once_they_confirm_their_email(
    personas, client, django_capture_on_commit_callbacks
):
    invitation = operations.create_invitation(
        personas.agency_a, membership=personas.admin_membership
    )
    url = reverse("forum:join", args=[operations.invitation_token(invitation)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, REGISTRATION)
    assert "Periksa email Anda" in response.content.decode()
    user = User.objects.get(email="sari@kampus.ac.id")
    assert not user.is_active and not Membership.objects.filter(user=user).exists()
    (message,) = sent_mail()
    assert message.to == ["sari@kampus.ac.id"]
    path = re.search(r"/forum/konfirmasi/\S+/", message.body).group(0)
    # Opening the link (a mail scanner does) changes nothing; the button does.
    assert client.get(path).status_code == 200 and not User.objects.get(pk=user.pk).is_active
    assert client.post(path).status_code == 302
    user.refresh_from_db()
    assert user.is_active
    assert Membership.objects.get(user=user).role == Role.PARTNER
    assert Consent.objects.filter(user=user).count() == 1
    invitation.refresh_from_db()
    assert invitation.uses == 1
    again = client.post(path)
    assert again.status_code == 400 and "tidak berlaku" in again.content.decode()


def test_a_signed_in_person_joins_another_agency_by_invitation(personas, as_user):
    invitation = operations.create_invitation(
        personas.agency_b, membership=personas.admin_b_membership
    )
    url = reverse("forum:join", args=[operations.invitation_token(invitation)])
    as_user(personas.respondent).post(
        url, {"organisation": "LSM Bintan", "helix": "community", "consent": "on"}
    )
    assert (
        Membership.objects.get(user=personas.respondent, agency=personas.agency_b).role
        == Role.PARTNER
    )


def test_a_tampered_or_revoked_invitation_is_refused(personas, client):
    invitation = operations.create_invitation(
        personas.agency_a, membership=personas.admin_membership
    )
    token = operations.invitation_token(invitation)
    assert client.get(reverse("forum:join", args=[token + "x"])).status_code == 404
    invitation.is_active = False
    invitation.save()
    assert client.get(reverse("forum:join", args=[token])).status_code == 404


def test_the_invitation_link_is_the_same_at_every_moment(personas, monkeypatch):
    import time

    from django.core import signing

    invitation = operations.create_invitation(
        personas.agency_a, membership=personas.admin_membership
    )
    first = operations.invitation_url(invitation)
    later = time.time() + 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert operations.invitation_url(invitation) == first


def test_a_link_handed_out_with_a_timestamp_still_opens(personas, client):
    from django.core import signing

    invitation = operations.create_invitation(
        personas.agency_a, membership=personas.admin_membership
    )
    old = signing.dumps(invitation.pk, salt=operations.INVITATION_SALT)
    assert old != operations.invitation_token(invitation)
    assert operations.find_invitation(old) == invitation
    assert client.get(reverse("forum:join", args=[old])).status_code == 200


def test_a_partner_sees_and_exports_their_personal_data(personas, as_user, obstacle):
    client = as_user(personas.partner)
    assert personas.partner.email in client.get(reverse("forum:my_data")).content.decode()
    response = client.get(reverse("forum:my_data_export"))
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["akun"]["email"] == personas.partner.email
    assert data["tulisan"][0]["isi"] == "Forum kolaborasi belum rutin diadakan."


def test_deleting_personal_data_anonymises_and_keeps_posts_as_former_participant(
    personas, as_user, obstacle
):
    client = as_user(personas.partner)
    client.post(reverse("forum:my_data_delete"), {"confirm": "HAPUS"})
    user = User.objects.get(pk=personas.partner.pk)
    assert not user.is_active and user.email != "partner@contoh.go.id" and user.full_name == ""
    assert not user.has_usable_password()
    page = as_user(personas.admin).get(reverse("forum:thread", args=[obstacle.pk])).content.decode()
    assert "mantan peserta" in page and "Forum kolaborasi belum rutin" in page
    assert "Partner" not in page


def test_deletion_needs_the_typed_confirmation(personas, as_user):
    as_user(personas.partner).post(reverse("forum:my_data_delete"), {"confirm": "ya"})
    assert User.objects.get(pk=personas.partner.pk).is_active


def test_an_email_too_long_to_be_a_username_is_refused_by_name(personas, client):
    email = "a" * 140 + "@kampus.ac.id"
    response = client.post(
        reverse("forum:register", args=["natuna"]), REGISTRATION | {"email": email}
    )
    assert response.status_code == 200
    assert "paling banyak 150 karakter" in response.content.decode()
    assert not User.objects.filter(email=email).exists()


def test_someone_registering_twice_while_waiting_hears_they_are_still_waiting(
    personas, client, django_capture_on_commit_callbacks
):
    url = reverse("forum:register", args=["natuna"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, REGISTRATION)
        client.post(url, REGISTRATION)
    (message,) = sent_mail()
    assert "masih menunggu persetujuan" in message.body
    assert PartnerApplication.objects.count() == 1
