"""Write paths for agencies, units and people: one function per operation, each atomic."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from simpul.accounts.models import User
from simpul.core.errors import Refusal
from simpul.notifications.api import queue_email

from .models import Agency, Membership, Role, Unit


class ActionError(Refusal):
    """A refused operation, with a message fit to show the user."""


def invitation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:invitation", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def invite_person(
    agency: Agency,
    *,
    email: str,
    full_name: str,
    role: str,
    unit: Unit | None = None,
    helix: str = "",
    organisation: str = "",
    invited_by: User | None = None,
) -> Membership:
    """Give a person a role in the agency, creating their account if needed, and email them."""
    if unit is not None and unit.agency_id != agency.pk:
        raise ActionError(_("Unit kerja yang dipilih bukan milik instansi ini."))
    if role == Role.PARTNER and not helix:
        raise ActionError(_("Mitra wajib memiliki kategori heliks."))
    email = email.strip()
    user = User.objects.filter(email__iexact=email).first()
    new_account = user is None
    if new_account:
        user = User(username=email.lower(), email=email, full_name=full_name.strip())
        user.set_unusable_password()
        user.save()
    if Membership.objects.filter(user=user, agency=agency, role=role).exists():
        raise ActionError(
            _("%(email)s sudah memegang peran ini di instansi ini.") % {"email": email}
        )
    membership = Membership.objects.create(
        user=user, agency=agency, role=role, unit=unit, helix=helix, organisation=organisation
    )
    if new_account:
        body = _(
            "Anda diundang ke Simpul oleh %(inviter)s sebagai %(role)s di %(agency)s.\n\n"
            "Buat kata sandi Anda melalui tautan berikut (sekali pakai):\n%(link)s\n"
        ) % {
            "inviter": invited_by or "Simpul",
            "role": membership.get_role_display(),
            "agency": agency.name,
            "link": invitation_link(user),
        }
    else:
        body = _(
            "Anda mendapat peran %(role)s di %(agency)s pada Simpul. Masuk seperti biasa lalu "
            "pilih instansi ini di menu instansi.\n%(link)s\n"
        ) % {
            "role": membership.get_role_display(),
            "agency": agency.name,
            "link": settings.SITE_URL.rstrip("/") + reverse("accounts:login"),
        }
    subject = _("Undangan Simpul: %(agency)s") % {"agency": agency.name}
    # The outbox sends it after commit; a mail outage delays the email, not the invitation.
    queue_email(email, subject, body, agency=agency)
    return membership


def _would_remove_last_admin(membership: Membership) -> bool:
    if membership.role != Role.ADMIN or not membership.is_active:
        return False
    others = Membership.objects.active().filter(agency=membership.agency_id, role=Role.ADMIN)
    return not others.exclude(pk=membership.pk).exists()


@transaction.atomic
def change_membership(
    membership: Membership, *, role: str, unit: Unit | None, helix: str, organisation: str
) -> Membership:
    if unit is not None and unit.agency_id != membership.agency_id:
        raise ActionError(_("Unit kerja yang dipilih bukan milik instansi ini."))
    if role == Role.PARTNER and not helix:
        raise ActionError(_("Mitra wajib memiliki kategori heliks."))
    if role != Role.ADMIN and _would_remove_last_admin(membership):
        raise ActionError(_("Instansi harus memiliki sedikitnya satu koordinator (admin) aktif."))
    clash = Membership.objects.filter(
        user=membership.user_id, agency=membership.agency_id, role=role
    )
    if clash.exclude(pk=membership.pk).exists():
        raise ActionError(_("Orang ini sudah memegang peran tersebut di instansi ini."))
    membership.role = role
    membership.unit = unit
    membership.helix = helix
    membership.organisation = organisation
    membership.save(update_fields=["role", "unit", "helix", "organisation"])
    return membership


@transaction.atomic
def set_membership_active(membership: Membership, active: bool) -> Membership:
    if not active and _would_remove_last_admin(membership):
        raise ActionError(_("Instansi harus memiliki sedikitnya satu koordinator (admin) aktif."))
    membership.is_active = active
    membership.save(update_fields=["is_active"])
    return membership


@transaction.atomic
def create_agency(agency: Agency, *, admin_email: str, admin_name: str, created_by: User) -> Agency:
    """Save a new agency together with the invitation of its first coordinator."""
    agency.save()
    invite_person(
        agency, email=admin_email, full_name=admin_name, role=Role.ADMIN, invited_by=created_by
    )
    return agency


@transaction.atomic
def set_unit_active(unit: Unit, active: bool) -> Unit:
    unit.is_active = active
    unit.save(update_fields=["is_active"])
    return unit


@transaction.atomic
def join_at_first_sign_in(user: User, agency: Agency) -> Membership:
    """A person whose account was just created at their first OIDC sign-in joins the agency
    that allows it, in the role the agency chose for new accounts (simpul/accounts/oidc.py)."""
    return Membership.objects.create(user=user, agency=agency, role=agency.oidc_new_member_role)
