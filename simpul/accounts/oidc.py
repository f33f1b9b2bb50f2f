"""Sign-in with OpenID Connect: Simpul's rules on top of django-allauth's flow.

allauth runs the authorization-code flow (state, PKCE S256, the token exchange and the ID
token's issuer/audience/expiry checks); this module decides who may come in
(docs/sign-in.md):

- a person is recognised by a link from (provider, subject) to a user, stored by allauth as a
  `SocialAccount` (made by platform staff in the admin, or at the first matching sign-in), or
  else by a VERIFIED email (`email_verified` true) equal to a user's email;
- an unknown person gets an account only when exactly one active agency chose this provider,
  allows new accounts, and lists the domain of the person's verified email; they join it in the
  role the agency chose;
- a deactivated user, an unverified email and a provider that is switched off or no longer
  configured are refused with a message on the sign-in page;
- an agency may require OIDC for its staff: then their password sign-in is refused
  (`password_refusal`); partners (forum mitra) always keep email and password.
"""

from __future__ import annotations

import functools
import logging
from urllib.parse import urlencode, urlsplit

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from simpul.agencies.models import Agency, Membership, Role
from simpul.core.caching import cached

from .oidc_settings import OidcProvider

logger = logging.getLogger(__name__)


def configured_providers() -> tuple[OidcProvider, ...]:
    return tuple(settings.OIDC_PROVIDERS)


def enabled_providers() -> list[OidcProvider]:
    """The providers whose buttons the sign-in page shows."""
    return [provider for provider in configured_providers() if provider.enabled]


def enabled_provider(provider_id: str) -> OidcProvider | None:
    return next((p for p in enabled_providers() if p.id == provider_id), None)


def with_provider_form_action(view):
    """The sign-in page's policy lets its forms go to the enabled providers.

    The provider button POSTs to Simpul, which redirects to the provider's authorization
    endpoint; browsers apply the page's CSP `form-action` to that redirect too, so the
    providers' origins (from their issuers) join 'self' there.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        origins = sorted({origin(provider.issuer) for provider in enabled_providers()})
        if origins and "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY.replace(
                "form-action 'self'", " ".join(["form-action 'self'", *origins])
            )
        return response

    return wrapped


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def disabled_message(provider_id: str) -> str:
    known = next((p for p in configured_providers() if p.id == provider_id), None)
    if known is not None:
        return _(
            "Masuk lewat %(provider)s sedang dimatikan di Simpul. Masuk dengan cara lain atau "
            "hubungi koordinator SPBE instansi Anda."
        ) % {"provider": known.label}
    return _(
        "Penyedia identitas “%(provider)s” tidak dikenal di Simpul ini. Masuk dengan cara lain "
        "atau hubungi koordinator SPBE instansi Anda."
    ) % {"provider": provider_id[:40]}


def refuse(request: HttpRequest, message: str) -> ImmediateHttpResponse:
    """Back to the sign-in page, the reason shown there; nothing is saved."""
    messages.error(request, message)
    return ImmediateHttpResponse(HttpResponseRedirect(reverse("accounts:login")))


def claims(sociallogin: SocialLogin) -> dict:
    data = sociallogin.account.extra_data or {}
    return data.get("userinfo") or data.get("id_token") or data


def verified_email(data: dict) -> str | None:
    """The email, only when the provider says it verified it (a JSON true, or "true")."""
    email = (data.get("email") or "").strip()
    verified = data.get("email_verified")
    if isinstance(verified, str):
        verified = verified.strip().lower() == "true"
    return email.lower() if email and verified is True else None


def signup_agency(provider_id: str, email: str | None) -> Agency | None:
    """The one agency that takes an unknown person with this verified email, or None."""
    if not email or "@" not in email:
        return None
    domain = email.rsplit("@", 1)[1].lower()
    candidates = Agency.objects.filter(
        is_active=True, oidc_provider=provider_id, oidc_create_accounts=True
    )
    matching = [agency for agency in candidates if domain in agency.email_domains]
    return matching[0] if len(matching) == 1 else None


def password_refusal(user) -> str | None:
    """Why `user` may not sign in with a password, or None.

    Refused when they hold an active staff role (anything but partner) in an agency that
    requires OIDC while that agency's provider is enabled: with the provider off, the
    requirement would lock everyone out, so the password works again.
    """
    memberships = (
        Membership.objects.active()
        .filter(user=user, agency__oidc_required=True)
        .exclude(role=Role.PARTNER)
        .select_related("agency")
    )
    for membership in memberships:
        provider = enabled_provider(membership.agency.oidc_provider)
        if provider is not None:
            return _(
                "%(agency)s mewajibkan stafnya masuk lewat %(provider)s. Pakai tombol “Masuk "
                "dengan %(provider)s” di bawah."
            ) % {"agency": membership.agency.name, "provider": provider.label}
    return None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """allauth's hooks, answered from OIDC_PROVIDERS and the rules above."""

    def list_apps(self, request, provider=None, client_id=None) -> list[SocialApp]:
        # Only the enabled providers of the configuration: none from the database, so a
        # provider switched off is gone from the flow at once.
        apps = []
        for item in enabled_providers():
            if provider and provider not in (item.id, "openid_connect"):
                continue
            if client_id and client_id != item.client_id:
                continue
            apps.append(
                SocialApp(
                    provider="openid_connect",
                    provider_id=item.id,
                    name=item.label,
                    client_id=item.client_id,
                    secret=item.client_secret,
                    settings={"server_url": item.issuer, "oauth_pkce_enabled": True},
                )
            )
        return apps

    def pre_social_login(self, request, sociallogin: SocialLogin) -> None:
        provider_id = sociallogin.account.provider
        provider = enabled_provider(provider_id)
        if provider is None:
            raise refuse(request, disabled_message(provider_id))
        if not sociallogin.is_existing:
            data = claims(sociallogin)
            email = verified_email(data)
            if email is None:
                if data.get("email"):
                    message = _(
                        "Email Anda di %(provider)s belum terverifikasi, jadi Simpul tidak dapat "
                        "mencocokkannya dengan akun. Verifikasi email Anda di %(provider)s, atau "
                        "minta koordinator SPBE instansi Anda menautkan akun Anda."
                    )
                else:
                    message = _(
                        "%(provider)s tidak mengirim email Anda, jadi Simpul tidak dapat "
                        "mencocokkannya dengan akun. Minta koordinator SPBE instansi Anda "
                        "menautkan akun Anda."
                    )
                raise refuse(request, message % {"provider": provider.label})
            from .models import User

            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                if signup_agency(provider_id, email) is None:
                    raise refuse(
                        request,
                        _(
                            "Belum ada akun Simpul untuk %(email)s. Minta koordinator SPBE "
                            "instansi Anda mengundang Anda, lalu masuk lagi."
                        )
                        % {"email": email},
                    )
                return  # allauth goes on to is_open_for_signup and save_user
            if not user.is_active:
                raise refuse(request, inactive_message())
            # Store the link, so the next sign-in is recognised by the subject.
            sociallogin.connect(request, user)
        if not sociallogin.user.is_active:
            raise refuse(request, inactive_message())
        # A person with an authenticator passes the code step here too, as after a password:
        # the provider's sign-in stands in for the password, not for the second step.
        from .two_factor.views import start_second_step

        user = sociallogin.user
        user.backend = settings.AUTHENTICATION_BACKENDS[0]
        remember_provider(request, provider_id)
        held = start_second_step(request, user, sociallogin.state.get("next") or "")
        if held is not None:
            raise ImmediateHttpResponse(held)

    def is_open_for_signup(self, request, sociallogin: SocialLogin) -> bool:
        email = verified_email(claims(sociallogin))
        return signup_agency(sociallogin.account.provider, email) is not None

    def is_auto_signup_allowed(self, request, sociallogin: SocialLogin) -> bool:
        return True

    def populate_user(self, request, sociallogin: SocialLogin, data):
        user = super().populate_user(request, sociallogin, data)
        email = verified_email(claims(sociallogin)) or ""
        # New accounts take their email as username, as invitations do.
        user.username = email
        user.email = email
        user.full_name = (claims(sociallogin).get("name") or "").strip()[:200]
        return user

    def save_user(self, request, sociallogin: SocialLogin, form=None):
        from simpul.agencies.operations import join_at_first_sign_in

        email = verified_email(claims(sociallogin))
        with transaction.atomic():
            agency = signup_agency(sociallogin.account.provider, email)
            if agency is None:  # changed since pre_social_login: refuse, save nothing
                raise refuse(request, _("Pembuatan akun lewat penyedia identitas ditutup."))
            user = super().save_user(request, sociallogin, form)
            join_at_first_sign_in(user, agency)
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        label = getattr(getattr(provider, "app", None), "name", "") or _("penyedia identitas")
        if error == "cancelled":
            message = _("Masuk lewat %(provider)s dibatalkan.")
        else:
            message = _(
                "Masuk lewat %(provider)s gagal atau sesinya kedaluwarsa. Coba lagi dari tombol "
                "di bawah; bila tetap gagal, hubungi koordinator SPBE instansi Anda."
            )
        raise refuse(request, message % {"provider": label})


def inactive_message() -> str:
    return _("Akun ini tidak aktif. Hubungi koordinator SPBE instansi Anda.")


# --- Signing out at the provider too (OpenID Connect RP-Initiated Logout 1.0) ----------------

# The session remembers the provider a person came through, so that "Keluar" also ends the
# session at that provider (otherwise the next "Masuk dengan …" would pass without a password).
SESSION_PROVIDER = "simpul_oidc_provider"
DISCOVERY_TIMEOUT = 5  # seconds; a provider that does not answer costs a local sign-out only


def remember_provider(request: HttpRequest, provider_id: str) -> None:
    request.session[SESSION_PROVIDER] = provider_id


def signed_in_through(request: HttpRequest) -> str | None:
    return request.session.get(SESSION_PROVIDER)


def end_session_url(request: HttpRequest, provider_id: str) -> str | None:
    """Where to send the browser to sign out at the provider, then back to Simpul's sign-in
    page; None when the provider is gone from the configuration, publishes no
    `end_session_endpoint`, or cannot be reached (then Simpul signs out alone)."""
    provider = next((p for p in configured_providers() if p.id == provider_id), None)
    if provider is None:
        return None
    endpoint = _discovery(provider).get("end_session_endpoint")
    if not isinstance(endpoint, str) or urlsplit(endpoint).scheme not in ("https", "http"):
        return None
    query = urlencode(
        {
            "client_id": provider.client_id,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:login")),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def _discovery(provider: OidcProvider) -> dict:
    """The provider's discovery document, kept an hour; empty (not kept) when unreachable."""
    url = f"{provider.issuer}/.well-known/openid-configuration"

    def fetch() -> dict:
        from allauth.socialaccount.adapter import get_adapter

        with get_adapter().get_requests_session() as session:
            response = session.get(url, timeout=DISCOVERY_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        if not isinstance(document, dict):
            raise ValueError("discovery document is not a JSON object")
        return document

    try:
        return cached(f"oidc-discovery:{provider.issuer}", fetch, 3600)
    except Exception:  # any failure of the provider: Simpul signs out alone
        logger.warning("dokumen discovery %s tidak dapat dibaca", url, exc_info=True)
        return {}
