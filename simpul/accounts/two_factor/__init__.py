"""Two-step sign-in (TOTP) with recovery codes, on django-otp (docs/two-factor.md).

Who must use it: platform staff when TWO_FACTOR_REQUIRED_FOR_STAFF is on, and a coordinator
(agency admin) of an agency that requires it. Anyone else, partners included, may turn it on.

The flow: after a correct password a person with a confirmed authenticator is *not* signed in;
the session only holds a pending sign-in (`PENDING_KEY`) until the 6-digit code or a recovery
code is accepted (views.verify), and then `auth.login` and `django_otp.login` run together.
A person who must use two-step sign-in but has no authenticator signs in with the password and
is held on the set-up page by middleware.TwoFactorRequiredMiddleware.

Recovery codes are django-otp `StaticToken`s of one `StaticDevice`, stored as a digest
(`recovery_digest`), never as the code; the codes are shown once, when made.
"""

import base64
import hashlib
import secrets

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
# Lower-case letters and digits without 0/o, 1/l/i: read off paper without doubt. 12 of 31
# symbols is about 59 bits, plenty for a digest that is only ever compared, never reversed.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 12
TOTP_DEVICE_NAME = "Aplikasi autentikator"
RECOVERY_DEVICE_NAME = "Kode pemulihan"
# A pending sign-in (password accepted, code not yet) lasts this long.
PENDING_KEY = "simpul_two_factor_pending"
PENDING_SECONDS = 600
# The secret of an authenticator being set up (hex), kept in the session until confirmed.
SETUP_KEY = "simpul_two_factor_setup_key"


def required_reason(user, memberships) -> str:
    """Why `user` must use two-step sign-in: "staff", "agency" or "" (not required).

    `memberships` are the person's active memberships with their agency loaded (the
    middleware's `request.all_memberships`), so the check costs no query.
    """
    if not user.is_authenticated:
        return ""
    if (user.is_staff or user.is_superuser) and settings.TWO_FACTOR_REQUIRED_FOR_STAFF:
        return "staff"
    for membership in memberships:
        if membership.can("agency.admin") and membership.agency.two_factor_required_for_admins:
            return "agency"
    return ""


def totp_device(user, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def new_recovery_code() -> str:
    """A fresh code, shown in groups of four: "abcd-efgh-jkmn"."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4))


def normalise_recovery_code(text: str) -> str:
    """What the person typed, without spaces, dashes and case."""
    return "".join(ch for ch in (text or "").lower() if ch.isalnum())


def recovery_digest(text: str) -> str:
    """The stored form of a recovery code: 16 base32 characters (80 bits) of its SHA-256."""
    digest = hashlib.sha256(normalise_recovery_code(text).encode()).digest()
    return base64.b32encode(digest).decode()[:16].lower()


def looks_like_totp(text: str) -> bool:
    code = "".join((text or "").split())
    return len(code) == 6 and code.isdigit()


def secret_of(device: TOTPDevice) -> str:
    """The shared secret as authenticator apps take it by hand: base32, in groups of four."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// link as a QR code, an inline SVG data URI (the CSP allows data: images)."""
    import segno

    return segno.make_qr(device.config_url, error="m").svg_data_uri(scale=5, border=2)
