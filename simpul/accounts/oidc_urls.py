"""The two URLs of each OpenID Connect provider: the button's target and the callback.

Named as allauth names them (it reverses `openid_connect_callback` to build the redirect URI:
`<SITE>/akun/oidc/<provider>/kembali/`, the address to register at the provider). Each checks
first that the provider is configured and enabled, so a provider switched off mid-flow is
refused with a message instead of a bare 404.
"""

from allauth.socialaccount.providers.openid_connect import views as allauth_views
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path

from . import oidc


def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    if request.method != "POST":
        # Only the sign-in page's button (a POST with the CSRF token) starts the flow.
        return redirect("accounts:login")
    if oidc.enabled_provider(provider_id) is None:
        messages.error(request, oidc.disabled_message(provider_id))
        return redirect("accounts:login")
    return allauth_views.login(request, provider_id=provider_id)


def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    if oidc.enabled_provider(provider_id) is None:
        messages.error(request, oidc.disabled_message(provider_id))
        return redirect("accounts:login")
    return allauth_views.callback(request, provider_id=provider_id)


urlpatterns = [
    path("<slug:provider_id>/masuk/", login, name="openid_connect_login"),
    path("<slug:provider_id>/kembali/", callback, name="openid_connect_callback"),
]
