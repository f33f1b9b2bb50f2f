"""Slows down password guessing: too many recent failures lock the account and the address."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import LoginFailure


def _window_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def is_locked(username: str, ip_address: str | None) -> bool:
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    if recent.filter(username=username.lower()).count() >= settings.LOGIN_FAILURE_LIMIT:
        return True
    # One address trying many accounts is locked too, with more room for shared offices.
    limit_per_address = settings.LOGIN_FAILURE_LIMIT * 4
    return bool(ip_address) and recent.filter(ip_address=ip_address).count() >= limit_per_address


def record_failure(username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=username.lower()[:254], ip_address=ip_address)
    # Keep the table small: failures older than the window mean nothing any more.
    LoginFailure.objects.filter(at__lt=_window_start()).delete()


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
