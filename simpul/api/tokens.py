"""Bearer tokens for /api/v1: making, hashing, and DRF authentication, permission, throttles.

A token is `simpul_` and 43 URL-safe characters (256 random bits). It is sent as
`Authorization: Bearer <token>` and acts as its membership: the person in one agency. It is
refused once revoked or expired, and when the person, the membership or the agency is no
longer active.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, negotiation, permissions, throttling

from simpul.accounts.throttle import client_ip

TOKEN_PREFIX = "simpul_"
# "last used" is written at most this often per token: one UPDATE a minute, not one a request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>`; request.user is the person, request.auth the token."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Header Authorization harus berbentuk: Bearer <token>.")
            )
        try:
            plain = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Token tidak sah.")) from None
        from simpul.api.models import ApiToken

        token = (
            ApiToken.objects.usable()
            .select_related("membership__user", "membership__agency")
            .filter(key_hash=hash_token(plain))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("Token tidak sah, kedaluwarsa atau sudah dicabut.")
            )
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.membership.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """Signed-in browser users, with Django's CSRF check (DRF's own, in Bahasa Indonesia)."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(
                _("Pemeriksaan CSRF gagal: kirim header X-CSRFToken dari halaman yang masuk.")
            ) from None


class TokenScopePermission(permissions.BasePermission):
    """A read token may only read. A view that computes without writing (score, plan) says
    so with `writes_data = False`; otherwise every method but GET/HEAD/OPTIONS writes."""

    message = _("Token ini hanya untuk membaca; buat token baca-tulis untuk mengubah data.")

    def has_permission(self, request, view) -> bool:
        from simpul.api.models import ApiToken, TokenScope

        token = request.auth
        if not isinstance(token, ApiToken) or token.scope == TokenScope.WRITE:
            return True
        writes = getattr(view, "writes_data", request.method not in permissions.SAFE_METHODS)
        return not writes


class SignedInOrToken(permissions.IsAuthenticated):
    message = _("Perlu masuk atau token API (Authorization: Bearer <token>).")


class _RateFromSettings:
    """The rate is read from settings at each request (so a deployment and a test can set it)."""

    setting = ""

    def get_rate(self):
        return getattr(settings, self.setting)


class UserRateThrottle(_RateFromSettings, throttling.SimpleRateThrottle):
    """Per token (each token its own budget), else per signed-in person, else per address."""

    scope = "api"
    setting = "API_RATE"

    def get_cache_key(self, request, view):
        from simpul.api.models import ApiToken

        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            # The sign-in limits' reading of the client address (trusted proxies only).
            ident = f"addr-{client_ip(request) or 'unknown'}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PlanRateThrottle(UserRateThrottle):
    """The planner is CPU-heavy: its own, smaller budget on top of the general one."""

    scope = "api-plan"
    setting = "API_PLAN_RATE"


class JsonOnlyNegotiation(negotiation.DefaultContentNegotiation):
    """Answer JSON whatever Accept says, as the API always has (no 406 for curl's */*-less
    clients); views with other renderers (the docs page) negotiate as usual."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if len(renderers) == 1:
            return renderers[0], renderers[0].media_type
        return super().select_renderer(request, renderers, format_suffix)
