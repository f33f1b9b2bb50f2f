"""Writes of two-step sign-in: set up, confirm, check a code, new recovery codes, turn off.

Each runs in one transaction and locks the person's device rows, so two requests with the
same code cannot both pass (a TOTP code is refused once its time step was used; a recovery
code is deleted when used).
"""

import time
from dataclasses import dataclass

from django.db import transaction
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from simpul.accounts.models import SpentRecoveryCode, User

from . import (
    RECOVERY_CODE_COUNT,
    RECOVERY_DEVICE_NAME,
    RECOVERY_LENGTH,
    TOTP_DEVICE_NAME,
    looks_like_totp,
    new_recovery_code,
    normalise_recovery_code,
    recovery_digest,
)

# How far back a code is recognised as "expired" rather than "wrong": ten minutes.
EXPIRED_LOOKBACK_STEPS = 20


@dataclass(frozen=True)
class Check:
    """The outcome of one typed code: `device` when accepted, else an `error` kind:
    wrong, expired, reused (TOTP) or recovery_wrong, recovery_reused."""

    device: object | None = None
    error: str = ""
    recovery_left: int | None = None

    @property
    def ok(self) -> bool:
        return self.device is not None


def setup_device(user, key: str) -> TOTPDevice:
    """The authenticator being set up, not saved: its secret lives in the session until the
    first code confirms it, so opening the set-up page writes nothing."""
    return TOTPDevice(user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=False)


@transaction.atomic
def confirm_setup(user, key: str, code: str) -> tuple[Check, list[str]]:
    """Save the authenticator with secret `key` once its first code is right; the person then
    gets (and sees once) a fresh set of recovery codes."""
    # One set-up at a time per person: the second of two racing confirmations waits here.
    User.objects.select_for_update().filter(pk=user.pk).first()
    device = setup_device(user, key)
    code = "".join((code or "").split())
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not code.isdigit() or not totp.verify(int(code), device.tolerance):
        return Check(error=_why_refused(device, code)), []
    device.last_t = totp.t()
    device.confirmed = True
    # One authenticator per person: an older one (none in the normal flow) goes.
    TOTPDevice.objects.filter(user=user).delete()
    device.save()
    return Check(device=device), _replace_recovery_codes(user)


@transaction.atomic
def make_recovery_codes(user) -> list[str]:
    """New recovery codes; the old ones, used or not, stop working."""
    return _replace_recovery_codes(user)


def _replace_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(new_recovery_code())
    codes = sorted(codes)
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=recovery_digest(code)) for code in codes]
    )
    return codes


@transaction.atomic
def check_code(user, code: str) -> Check:
    """A 6-digit code from the authenticator or one recovery code, for a person who has
    two-step sign-in."""
    code = (code or "").strip()
    compact = "".join(code.split())
    # Digits only is a mistyped authenticator code (and told so), unless it has the length of a
    # recovery code, which may be all digits.
    if looks_like_totp(code) or (compact.isdigit() and len(compact) != RECOVERY_LENGTH):
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        return _check_totp(device, code) if device is not None else Check(error="wrong")
    return _check_recovery(user, code)


def _check_totp(device: TOTPDevice, code: str) -> Check:
    code = "".join(code.split())
    if device.verify_token(code):
        return Check(device=device)
    return Check(error=_why_refused(device, code))


def _why_refused(device: TOTPDevice, code: str) -> str:
    """ "reused" for a code whose time step already signed in, "expired" for a code of the last
    ten minutes that is past the tolerance, "wrong" for anything else."""
    if not code.isdigit():
        return "wrong"
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    now = totp.t()
    for t in range(now + device.tolerance, now - EXPIRED_LOOKBACK_STEPS - 1, -1):
        if t >= 0 and hotp(device.bin_key, t, device.digits) == int(code):
            if t == device.last_t:
                return "reused"
            if t < now - device.tolerance:
                return "expired"
            if t < device.last_t:
                # Inside the window but older than the code that signed in last.
                return "reused"
    return "wrong"


def _check_recovery(user, code: str) -> Check:
    device = (
        StaticDevice.objects.select_for_update()
        .filter(user=user, confirmed=True)
        .order_by("pk")
        .first()
    )
    if device is None or not normalise_recovery_code(code):
        return Check(error="recovery_wrong")
    digest = recovery_digest(code)
    if device.verify_token(digest):
        SpentRecoveryCode.objects.create(device=device, digest=digest)
        return Check(device=device, recovery_left=device.token_set.count())
    if SpentRecoveryCode.objects.filter(device=device, digest=digest).exists():
        return Check(error="recovery_reused")
    return Check(error="recovery_wrong")


@transaction.atomic
def turn_off(user) -> None:
    """Remove the authenticator and the recovery codes (the caller checked a code first)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
