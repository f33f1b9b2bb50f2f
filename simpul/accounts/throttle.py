"""Limits on guessing and on mail: sign-in failures lock an account and an address for a while,
and requests that send mail (password reset, registration) or join by invitation are counted per
client address and per target, so neither a script nor a shared office can abuse or block them.
"""

import hashlib
import ipaddress
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import LoginFailure, RateEvent, User


def _since(seconds: int):
    return timezone.now() - timedelta(seconds=seconds)


def _window_start():
    return _since(settings.LOGIN_FAILURE_WINDOW_SECONDS)


def client_ip(request) -> str | None:
    """The client's address, read through TRUSTED_PROXY_COUNT reverse proxies.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For,
    so the client is the N-th entry from the right; entries further left are whatever the
    client chose to send and are never trusted.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    candidate = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return _address(candidate) or remote


def _address(text: str) -> str | None:
    """An IP address from "1.2.3.4", "1.2.3.4:5678", "2001:db8::1" or "[2001:db8::1]:443"."""
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def account_key(login: str) -> tuple[str, User | None]:
    """The key the per-account limit counts on, and the account behind what was typed.

    Username and email of one account share one key, so switching between them gives no
    extra guesses; an unknown name keys on its normalised text.
    """
    login = (login or "").strip()
    user = User.objects.filter(username=login).first()
    if user is None and "@" in login:
        user = User.objects.filter(email__iexact=login).first()
    if user is not None:
        return f"user:{user.pk}", user
    return f"name:{login.lower()}"[:254], None


def is_locked(key: str, ip_address: str | None) -> bool:
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    if recent.filter(username=key).count() >= settings.LOGIN_FAILURE_LIMIT:
        return True
    # One address trying many accounts is locked too, with more room for shared offices.
    limit_per_address = settings.LOGIN_FAILURE_LIMIT * 4
    return bool(ip_address) and recent.filter(ip_address=ip_address).count() >= limit_per_address


def record_failure(key: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=key[:254], ip_address=ip_address)
    # Keep the table small: failures older than the window mean nothing any more.
    LoginFailure.objects.filter(at__lt=_window_start()).delete()


def clear_failures(key: str) -> None:
    LoginFailure.objects.filter(username=key).delete()


def take(scope: str, limits: dict[str, int]) -> bool:
    """Count one request of `scope` against each key's limit; False (nothing counted) when
    any key has already reached its limit inside RATE_LIMIT_WINDOW_SECONDS."""
    since = _since(settings.RATE_LIMIT_WINDOW_SECONDS)
    recent = RateEvent.objects.filter(scope=scope, at__gte=since)
    keys = {key[:254]: limit for key, limit in limits.items() if key}
    for key, limit in keys.items():
        if recent.filter(key=key).count() >= limit:
            return False
    RateEvent.objects.bulk_create([RateEvent(scope=scope, key=key) for key in keys])
    RateEvent.objects.filter(at__lt=since).delete()
    return True


def rate_limit_minutes() -> int:
    return max(1, settings.RATE_LIMIT_WINDOW_SECONDS // 60)


def mail_request_allowed(scope: str, request, email: str) -> bool:
    """One more request that mails `email`, within the per-address and per-client limits."""
    # A digest, not the address: the counter keeps no personal data for its hour.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    limits = {f"to:{digest}": settings.MAIL_LIMIT_PER_TARGET}
    return take(scope, limits | client_limit(request, settings.MAIL_LIMIT_PER_CLIENT))


def client_limit(request, limit: int) -> dict[str, int]:
    """The per-client part of a `take`: nothing when the address is unknown."""
    ip_address = client_ip(request)
    return {f"ip:{ip_address}": limit} if ip_address else {}


def mail_limit_message() -> str:
    return _(
        "Terlalu banyak permintaan email untuk alamat ini atau dari jaringan Anda. Demi "
        "keamanan, coba lagi dalam %(minutes)d menit."
    ) % {"minutes": rate_limit_minutes()}
