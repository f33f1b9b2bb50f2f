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

from simpul.accounts.models import SpentRecoveryCode

from . import (
    RECOVERY_CODE_COUNT,
    RECOVERY_DEVICE_NAME,
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


@transaction.atomic
def start_setup(user) -> TOTPDevice:
    """The person's unconfirmed authenticator, made once: a reload shows the same secret, so a
    code from an app that already scanned it still works."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_setup(user, device_pk: int, code: str) -> tuple[Check, list[str]]:
    """Confirm the pending authenticator with its first code; on success the person gets
    (and sees once) a fresh set of recovery codes."""
    device = (
        TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False, pk=device_pk)
    ).first()
    if device is None:
        return Check(error="wrong"), []
    check = _check_totp(device, code)
    if not check.ok:
        return check, []
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # One authenticator per person: an older confirmed one (none in the normal flow) goes.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return check, _replace_recovery_codes(user)


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
    if looks_like_totp(code):
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
            if t <= device.last_t:
                return "reused"
            if t < now - device.tolerance:
                return "expired"
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
