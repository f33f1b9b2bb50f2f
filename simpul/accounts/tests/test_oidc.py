"""OpenID Connect sign-in without a browser: the configuration read at start-up, the sign-in
page's buttons and policy, the flow's first redirect to the real loopback provider, the
password refusal for agencies that require OIDC, the matching rules and the agency's settings
page. The whole flow in a browser is in test_oidc_browser.py."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from simpul.accounts import oidc
from simpul.accounts.oidc_settings import providers_from_env
from simpul.agencies.models import Agency, Membership, Role
from simpul.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[3]
LOGIN = reverse("accounts:login")
GOOD = {
    "OIDC_KEYCLOAK_ISSUER": "https://sso.kepriprov.go.id/realms/pemda",
    "OIDC_KEYCLOAK_CLIENT_ID": "simpul",
    "OIDC_KEYCLOAK_CLIENT_SECRET": "rahasia",
}


def configure(settings, names="keycloak", **env) -> None:
    settings.OIDC_PROVIDERS = providers_from_env(names, GOOD | env)


# --- configuration ------------------------------------------------------------------------


def test_providers_are_read_with_a_default_label_and_enabled():
    env = GOOD | {
        "OIDC_SSO_DUA_ISSUER": "http://127.0.0.1:9000/",
        "OIDC_SSO_DUA_CLIENT_ID": "dua",
        "OIDC_SSO_DUA_CLIENT_SECRET": "s",
        "OIDC_SSO_DUA_LABEL": "SSO Dua",
        "OIDC_SSO_DUA_ENABLED": "0",
    }
    keycloak, dua = providers_from_env(" keycloak , sso-dua ", env)
    assert (keycloak.id, keycloak.label, keycloak.enabled) == ("keycloak", "keycloak", True)
    assert keycloak.issuer == "https://sso.kepriprov.go.id/realms/pemda"
    assert (dua.id, dua.label, dua.enabled, dua.issuer) == (
        "sso-dua",
        "SSO Dua",
        False,
        "http://127.0.0.1:9000",
    )
    assert providers_from_env("", {}) == ()


@pytest.mark.parametrize(
    ("names", "env", "named"),
    [
        ("Keycloak", GOOD, "OIDC_PROVIDERS: nama penyedia 'Keycloak' tidak sah"),
        ("keycloak,keycloak", GOOD, "OIDC_PROVIDERS menyebut 'keycloak' dua kali"),
        ("keycloak", {}, "OIDC_KEYCLOAK_ISSUER wajib diisi"),
        (
            "keycloak",
            GOOD | {"OIDC_KEYCLOAK_ISSUER": "http://sso.kepriprov.go.id"},
            "OIDC_KEYCLOAK_ISSUER harus alamat https://",
        ),
        (
            "keycloak",
            GOOD | {"OIDC_KEYCLOAK_ISSUER": "sso.kepriprov.go.id"},
            "OIDC_KEYCLOAK_ISSUER harus alamat https://",
        ),
        (
            "keycloak",
            {k: v for k, v in GOOD.items() if not k.endswith("CLIENT_ID")},
            "OIDC_KEYCLOAK_CLIENT_ID wajib diisi",
        ),
        (
            "keycloak",
            GOOD | {"OIDC_KEYCLOAK_CLIENT_SECRET": "  "},
            "OIDC_KEYCLOAK_CLIENT_SECRET wajib diisi",
        ),
        (
            "keycloak",
            GOOD | {"OIDC_KEYCLOAK_ENABLED": "mungkin"},
            "OIDC_KEYCLOAK_ENABLED harus 1 (aktif) atau 0 (dimatikan), bukan 'mungkin'",
        ),
    ],
)
def test_bad_configuration_is_refused_naming_the_variable(names, env, named):
    with pytest.raises(ImproperlyConfigured, match=named.replace("(", r"\(").replace(")", r"\)")):
        providers_from_env(names, env)


def test_the_server_refuses_to_start_with_a_provider_missing_its_issuer():
    env = {**os.environ, "DEBUG": "1", "OIDC_PROVIDERS": "keycloak"}
    env.pop("OIDC_KEYCLOAK_ISSUER", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "OIDC_KEYCLOAK_ISSUER wajib diisi" in result.stderr


# --- the sign-in page -----------------------------------------------------------------------


def test_the_sign_in_page_shows_a_button_per_enabled_provider(client, settings, db):
    env = {
        "OIDC_LAMA_ISSUER": "https://lama.example.go.id",
        "OIDC_LAMA_CLIENT_ID": "x",
        "OIDC_LAMA_CLIENT_SECRET": "y",
        "OIDC_LAMA_ENABLED": "0",
    }
    configure(settings, "keycloak,lama", OIDC_KEYCLOAK_LABEL="SSO Pemprov Kepri", **env)
    response = client.get(LOGIN)
    page = response.content.decode()
    assert "Masuk dengan SSO Pemprov Kepri" in page
    assert 'action="/akun/oidc/keycloak/masuk/"' in page
    assert "/akun/oidc/lama/" not in page  # switched off: no button
    # The button's redirect goes to the provider: the page's form-action allows its origin.
    policy = response.headers["Content-Security-Policy"]
    assert "form-action 'self' https://sso.kepriprov.go.id;" in policy


def test_without_providers_the_page_has_no_buttons_and_the_usual_policy(client, settings, db):
    settings.OIDC_PROVIDERS = ()
    response = client.get(LOGIN)
    assert "Masuk dengan" not in response.content.decode()
    assert response.headers["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY


def test_the_flow_starts_only_by_post(client, settings, db):
    configure(settings)
    response = client.get(reverse("openid_connect_login", args=["keycloak"]))
    assert response.status_code == 302 and response.url == LOGIN


@pytest.mark.parametrize(
    ("provider_id", "message"),
    [
        ("lama", "Masuk lewat SSO Lama sedang dimatikan di Simpul"),
        ("hilang", "Penyedia identitas “hilang” tidak dikenal di Simpul ini"),
    ],
)
def test_a_provider_switched_off_or_removed_is_refused_with_a_message(
    client, settings, db, provider_id, message
):
    configure(
        settings,
        "keycloak,lama",
        OIDC_LAMA_ISSUER="https://lama.example.go.id",
        OIDC_LAMA_CLIENT_ID="x",
        OIDC_LAMA_CLIENT_SECRET="y",
        OIDC_LAMA_LABEL="SSO Lama",
        OIDC_LAMA_ENABLED="0",
    )
    for name in ("openid_connect_login", "openid_connect_callback"):
        method = client.post if name == "openid_connect_login" else client.get
        response = method(reverse(name, args=[provider_id]), {"code": "x", "state": "y"})
        assert response.status_code == 302 and response.url == LOGIN
        assert message in client.get(LOGIN).content.decode()


def test_the_button_redirects_to_the_real_provider_with_state_and_pkce(client, db, oidc_providers):
    response = client.post(reverse("openid_connect_login", args=["sso-prov"]))
    assert response.status_code == 302
    target = urlsplit(response.url)
    assert f"{target.scheme}://{target.netloc}" == oidc_providers.server.issuer
    query = parse_qs(target.query)
    assert query["client_id"] == ["simpul-sso-prov"]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert len(query["state"][0]) >= 12
    assert query["redirect_uri"][0].endswith("/akun/oidc/sso-prov/kembali/")
    assert set(query["scope"][0].split()) >= {"openid", "email", "profile"}


def test_a_callback_with_a_state_simpul_never_issued_is_refused(client, db, oidc_providers):
    response = client.get(
        reverse("openid_connect_callback", args=["sso-prov"]), {"code": "x", "state": "palsu"}
    )
    assert response.status_code == 302 and response.url == LOGIN
    page = client.get(LOGIN).content.decode()
    assert "Masuk lewat SSO Provinsi gagal atau sesinya kedaluwarsa" in page
    assert "_auth_user_id" not in client.session


# --- password sign-in when an agency requires OIDC -----------------------------------------


def require(agency, provider="keycloak") -> None:
    Agency.objects.filter(pk=agency.pk).update(oidc_provider=provider, oidc_required=True)


def password_sign_in(client, login):
    return client.post(LOGIN, {"username": login, "password": PASSWORD})


def test_staff_of_an_agency_requiring_oidc_are_refused_the_password(client, settings, personas):
    configure(settings, OIDC_KEYCLOAK_LABEL="SSO Kepri")
    require(personas.agency_a)
    for login in ("respondent", "admin", "leader", "external"):
        response = password_sign_in(client, login)
        assert response.status_code == 200, login
        assert (
            "Pemerintah Kabupaten Natuna mewajibkan stafnya masuk lewat SSO Kepri. Pakai tombol "
            "“Masuk dengan SSO Kepri” di bawah."
        ) in response.content.decode()
        assert "_auth_user_id" not in client.session
    # Someone with a role in both agencies is staff of the requiring one: refused too.
    assert password_sign_in(client, "multi").status_code == 200


def test_partners_and_other_agencies_keep_the_password(client, settings, personas):
    configure(settings)
    require(personas.agency_a)
    assert password_sign_in(client, "partner").status_code == 302
    client.logout()
    assert password_sign_in(client, "admin_b").status_code == 302


def test_the_requirement_lapses_while_the_provider_is_off_or_the_role_inactive(
    client, settings, personas
):
    configure(settings, OIDC_KEYCLOAK_ENABLED="0")
    require(personas.agency_a)
    assert password_sign_in(client, "respondent").status_code == 302
    client.logout()
    configure(settings)
    Membership.objects.filter(pk=personas.leader_membership.pk).update(is_active=False)
    assert password_sign_in(client, "leader").status_code == 302


def test_a_wrong_password_says_wrong_password_not_the_requirement(client, settings, personas):
    configure(settings)
    require(personas.agency_a)
    response = client.post(LOGIN, {"username": "respondent", "password": "salah"})
    page = response.content.decode()
    assert "kata sandi salah" in page and "mewajibkan" not in page


# --- matching rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claims", "email"),
    [
        ({"email": "Rina@Contoh.go.id", "email_verified": True}, "rina@contoh.go.id"),
        ({"email": "rina@contoh.go.id", "email_verified": "true"}, "rina@contoh.go.id"),
        ({"email": "rina@contoh.go.id", "email_verified": False}, None),
        ({"email": "rina@contoh.go.id", "email_verified": "false"}, None),
        ({"email": "rina@contoh.go.id"}, None),
        ({"email_verified": True}, None),
    ],
)
def test_only_a_verified_email_counts(claims, email):
    assert oidc.verified_email(claims) == email


def test_the_agency_for_a_new_account_is_the_one_listing_the_domain(personas):
    a, b = personas.agency_a, personas.agency_b
    Agency.objects.filter(pk=a.pk).update(
        oidc_provider="keycloak", oidc_create_accounts=True, oidc_email_domains="natunakab.go.id"
    )
    assert oidc.signup_agency("keycloak", "x@natunakab.go.id") == a
    assert oidc.signup_agency("keycloak", "x@NATUNAKAB.go.id") == a
    assert oidc.signup_agency("keycloak", "x@sub.natunakab.go.id") is None  # exact domain only
    assert oidc.signup_agency("lain", "x@natunakab.go.id") is None  # another provider
    assert oidc.signup_agency("keycloak", None) is None
    # Two agencies claiming one domain: nobody is created, rather than a guess.
    Agency.objects.filter(pk=b.pk).update(
        oidc_provider="keycloak", oidc_create_accounts=True, oidc_email_domains="natunakab.go.id"
    )
    assert oidc.signup_agency("keycloak", "x@natunakab.go.id") is None
    Agency.objects.filter(pk=b.pk).update(is_active=False)
    assert oidc.signup_agency("keycloak", "x@natunakab.go.id") == a


# --- the agency admin's settings page ----------------------------------------------------------

SETTINGS_URL = reverse("agencies:oidc")


def settings_form(as_user, personas):
    client = as_user(personas.admin)
    page = client.get(SETTINGS_URL)
    assert page.status_code == 200
    return client, page.context["form"]["versi"].value()


def test_only_the_agency_admin_opens_the_settings(as_user, personas, settings):
    configure(settings)
    for persona in ("respondent", "leader", "partner"):
        assert as_user(getattr(personas, persona)).get(SETTINGS_URL).status_code == 403
    page = as_user(personas.admin).get(reverse("agencies:units")).content.decode()
    assert f'href="{SETTINGS_URL}"' in page


def test_the_admin_saves_the_sign_in_settings(as_user, personas, settings):
    configure(settings, OIDC_KEYCLOAK_LABEL="SSO Kepri")
    client, version = settings_form(as_user, personas)
    response = client.post(
        SETTINGS_URL,
        {
            "versi": version,
            "oidc_provider": "keycloak",
            "oidc_required": "on",
            "oidc_create_accounts": "on",
            "oidc_email_domains": "NatunaKab.go.id; @diskominfo.natunakab.go.id, natunakab.go.id",
            "oidc_new_member_role": Role.INTERNAL_ASSESSOR,
        },
    )
    assert response.status_code == 302
    agency = Agency.objects.get(pk=personas.agency_a.pk)
    assert agency.oidc_provider == "keycloak" and agency.oidc_required
    assert agency.oidc_create_accounts
    assert agency.oidc_email_domains == "natunakab.go.id, diskominfo.natunakab.go.id"
    assert agency.oidc_new_member_role == Role.INTERNAL_ASSESSOR


BAD_SETTINGS = [
    ({"oidc_required": "on"}, "Pilih penyedia identitas dulu"),
    ({"oidc_create_accounts": "on", "oidc_email_domains": "x.go.id"}, "Pilih penyedia"),
    (
        {"oidc_provider": "keycloak", "oidc_create_accounts": "on"},
        "Isi paling sedikit satu domain email staf",
    ),
    (
        {"oidc_provider": "keycloak", "oidc_email_domains": "natunakab.go.id, bukan domain"},
        "“bukan domain” bukan domain email (contoh: natunakab.go.id).",
    ),
    ({"oidc_provider": "karangan"}, "Penyedia “karangan” tidak ada di konfigurasi"),
    (
        {"oidc_provider": "lama", "oidc_required": "on"},
        "Penyedia “SSO Lama” sedang tidak aktif di Simpul ini",
    ),
    ({"oidc_new_member_role": Role.ADMIN}, "admin bukan salah satu dari pilihan yang tersedia"),
    (
        {
            "oidc_provider": "keycloak",
            "oidc_create_accounts": "on",
            "oidc_email_domains": "bintankab.go.id",
        },
        "Domain bintankab.go.id sudah dipakai instansi lain",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_SETTINGS)
def test_bad_settings_are_refused_by_name_and_nothing_is_saved(
    as_user, personas, settings, data, message
):
    configure(
        settings,
        "keycloak,lama",
        OIDC_LAMA_ISSUER="https://lama.example.go.id",
        OIDC_LAMA_CLIENT_ID="x",
        OIDC_LAMA_CLIENT_SECRET="y",
        OIDC_LAMA_LABEL="SSO Lama",
        OIDC_LAMA_ENABLED="0",
    )
    Agency.objects.filter(pk=personas.agency_b.pk).update(
        oidc_provider="keycloak", oidc_create_accounts=True, oidc_email_domains="bintankab.go.id"
    )
    before = Agency.objects.filter(pk=personas.agency_a.pk).values().get()
    client, version = settings_form(as_user, personas)
    post = {"versi": version, "oidc_new_member_role": Role.RESPONDENT} | data
    response = client.post(SETTINGS_URL, post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Agency.objects.filter(pk=personas.agency_a.pk).values().get() == before
