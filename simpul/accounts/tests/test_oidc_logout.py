"""Sign-out after a sign-in through a provider: on to the provider's end-session page when it
has one, Simpul's own sign-out alone when it is gone or unreachable."""

import socket
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from simpul.accounts import oidc
from simpul.accounts.oidc_settings import OidcProvider


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable_provider(settings):
    settings.OIDC_PROVIDERS = (
        OidcProvider(
            id="sso-prov",
            label="SSO Provinsi",
            issuer=f"http://127.0.0.1:{closed_port()}",
            client_id="simpul",
            client_secret="rahasia",
        ),
    )


def signed_in_through_provider(client, provider_id="sso-prov"):
    session = client.session
    session[oidc.SESSION_PROVIDER] = provider_id
    session.save()


def test_an_unreachable_provider_costs_only_its_own_sign_out(
    as_user, personas, unreachable_provider
):
    client = as_user(personas.respondent)
    signed_in_through_provider(client)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert client.get(reverse("core:home")).status_code == 302  # signed out of Simpul


def test_a_provider_gone_from_the_configuration_is_not_asked(as_user, personas, settings):
    settings.OIDC_PROVIDERS = ()
    client = as_user(personas.respondent)
    signed_in_through_provider(client, "sso-lama")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")


def test_a_password_sign_in_forgets_an_earlier_provider(client, personas, unreachable_provider):
    from simpul.conftest import PASSWORD

    signed_in_through_provider(client)
    client.post(
        reverse("accounts:login"), {"username": personas.respondent.username, "password": PASSWORD}
    )
    assert oidc.SESSION_PROVIDER not in client.session


def test_the_end_session_address_names_the_client_and_the_way_back(rf, settings, oidc_server):
    settings.OIDC_PROVIDERS = (
        OidcProvider(
            id="sso-prov",
            label="SSO Provinsi",
            issuer=oidc_server.issuer,
            client_id="simpul-sso-prov",
            client_secret="rahasia",
        ),
    )
    url = oidc.end_session_url(rf.get("/"), "sso-prov")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == oidc_server.issuer
    assert parts.path == "/session/end"
    assert parse_qs(parts.query) == {
        "client_id": ["simpul-sso-prov"],
        "post_logout_redirect_uri": ["http://testserver/akun/masuk/"],
    }
