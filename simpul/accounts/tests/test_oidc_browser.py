"""The whole OpenID Connect authorization-code flow in a real browser (Chromium) against a real
provider on loopback (the certified `oidc-provider` on Node.js, see conftest.py), which
requires PKCE: the button on Simpul's sign-in page, the provider's own sign-in and consent
pages, the callback, and Simpul's rules on who may come in (simpul/accounts/oidc.py)."""

import time

import pytest
from allauth.socialaccount.models import SocialAccount

from simpul.accounts.models import User
from simpul.agencies.models import Agency, Membership, Role
from simpul.conftest import PASSWORD
from simpul.testing.browser import chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def at_provider(page, login: str) -> None:
    """Sign in on the provider's own pages (any password) and give consent."""
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("apa-saja")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


def start(page, base: str, provider_label: str) -> None:
    # The provider's page imports a web font; this machine has no business fetching it.
    page.route("**/fonts.googleapis.com/**", lambda route: route.abort())
    page.goto(f"{base}/akun/masuk/")
    page.get_by_role("button", name=f"Masuk dengan {provider_label}").click()
    page.wait_for_url("http://127.0.0.1:*/interaction/**")


def sign_in_with(page, base: str, provider_label: str, login: str) -> None:
    start(page, base, provider_label)
    at_provider(page, login)


def test_a_known_user_with_a_verified_email_lands_on_the_dashboard(
    live_server, personas, oidc_providers
):
    from playwright.sync_api import expect

    base = live_server.url
    with chromium_page() as page:
        sign_in_with(page, base, "SSO Provinsi", "respondent")
        page.wait_for_url(f"{base}/")
        expect(page.get_by_role("heading", name=personas.agency_a.name)).to_be_visible()
        expect(page.get_by_text("Anda masuk sebagai Responden")).to_be_visible()
    # The match by verified email is stored as a link from (provider, subject) to the user.
    link = SocialAccount.objects.get(provider="sso-prov", uid="respondent")
    assert link.user == personas.respondent

    # Recognised by that link next time, even after the email changed in Simpul.
    User.objects.filter(pk=personas.respondent.pk).update(email="rina.baru@contoh.go.id")
    with chromium_page() as page:
        sign_in_with(page, base, "SSO Provinsi", "respondent")
        page.wait_for_url(f"{base}/")
        expect(page.get_by_text("Anda masuk sebagai Responden")).to_be_visible()
    assert SocialAccount.objects.filter(user=personas.respondent).count() == 1  # no second link


def test_a_link_made_by_an_admin_lets_in_a_person_whose_email_is_unverified(
    live_server, personas, oidc_providers
):
    from playwright.sync_api import expect

    # Platform staff linked the provider's subject "admin-belum" to the admin (django-admin).
    SocialAccount.objects.create(provider="sso-kedua", uid="admin-belum", user=personas.admin)
    base = live_server.url
    with chromium_page() as page:
        sign_in_with(page, base, "SSO Kedua", "admin-belum")
        page.wait_for_url(f"{base}/")
        expect(page.get_by_text("Anda masuk sebagai Koordinator (admin)")).to_be_visible()


def test_an_unverified_email_is_refused(live_server, personas, oidc_providers):
    from playwright.sync_api import expect

    base = live_server.url
    with chromium_page() as page:
        sign_in_with(page, base, "SSO Provinsi", "admin-belum")
        page.wait_for_url(f"{base}/akun/masuk/")
        expect(page.get_by_text("Email Anda di SSO Provinsi belum terverifikasi")).to_be_visible()
        page.goto(f"{base}/")
        page.wait_for_url(f"{base}/akun/masuk/?next=/")  # still signed out
    assert not SocialAccount.objects.exists()


def test_an_unknown_person_is_refused_unless_the_agency_allows_new_accounts(
    live_server, personas, oidc_providers
):
    from playwright.sync_api import expect

    base = live_server.url
    users_before = User.objects.count()
    with chromium_page() as page:
        sign_in_with(page, base, "SSO Provinsi", "baru")
        page.wait_for_url(f"{base}/akun/masuk/")
        expect(
            page.get_by_text("Belum ada akun Simpul untuk baru.staf@natunakab.go.id")
        ).to_be_visible()
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()

    # Agency A takes new people from its domain through this provider, as leaders.
    Agency.objects.filter(pk=personas.agency_a.pk).update(
        oidc_provider="sso-prov",
        oidc_create_accounts=True,
        oidc_email_domains="natunakab.go.id",
        oidc_new_member_role=Role.LEADER,
    )
    # Through the other provider the agency did not choose: still refused.
    with chromium_page() as page:
        sign_in_with(page, base, "SSO Kedua", "baru")
        page.wait_for_url(f"{base}/akun/masuk/")
        expect(page.get_by_text("Belum ada akun Simpul untuk")).to_be_visible()
    assert User.objects.count() == users_before

    with chromium_page() as page:
        sign_in_with(page, base, "SSO Provinsi", "baru")
        page.wait_for_url(f"{base}/")
        expect(page.get_by_role("heading", name=personas.agency_a.name)).to_be_visible()
        expect(page.get_by_text("Anda masuk sebagai Pimpinan")).to_be_visible()
    user = User.objects.get(email="baru.staf@natunakab.go.id")
    assert user.username == "baru.staf@natunakab.go.id"
    assert user.full_name == "Budi Baru"
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.agency, membership.role) == (personas.agency_a, Role.LEADER)
    assert SocialAccount.objects.get(user=user).uid == "baru"


def test_a_deactivated_user_is_refused(live_server, personas, oidc_providers):
    from playwright.sync_api import expect

    User.objects.filter(pk=personas.assessor.pk).update(is_active=False)
    base = live_server.url
    with chromium_page() as page:
        sign_in_with(page, base, "SSO Provinsi", "assessor")
        page.wait_for_url(f"{base}/akun/masuk/")
        expect(page.get_by_text("Akun ini tidak aktif")).to_be_visible()
    assert not SocialAccount.objects.exists()


def test_a_provider_switched_off_during_the_flow_is_refused(live_server, personas, oidc_providers):
    from playwright.sync_api import expect

    base = live_server.url
    with chromium_page() as page:
        start(page, base, "SSO Provinsi")
        # The deployment switches the provider off (OIDC_SSO_PROV_ENABLED=0) meanwhile.
        oidc_providers.set(OIDC_SSO_PROV_ENABLED="0")
        at_provider(page, "respondent")
        page.wait_for_url(f"{base}/akun/masuk/")
        expect(page.get_by_text("Masuk lewat SSO Provinsi sedang dimatikan")).to_be_visible()
        # Its button is gone; the other provider's stays.
        expect(page.get_by_role("button", name="Masuk dengan SSO Provinsi")).to_have_count(0)
        expect(page.get_by_role("button", name="Masuk dengan SSO Kedua")).to_be_visible()
        page.goto(f"{base}/")
        page.wait_for_url(f"{base}/akun/masuk/?next=/")
    assert not SocialAccount.objects.exists()


def test_an_agency_requiring_oidc_refuses_its_staff_at_the_password_form(
    live_server, personas, oidc_providers
):
    from playwright.sync_api import expect

    Agency.objects.filter(pk=personas.agency_a.pk).update(
        oidc_provider="sso-prov", oidc_required=True
    )
    base = live_server.url
    with chromium_page() as page:
        page.goto(f"{base}/akun/masuk/")
        page.get_by_label("Email atau nama pengguna").fill("respondent")
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk", exact=True).click()
        expect(
            page.get_by_text(
                "Pemerintah Kabupaten Natuna mewajibkan stafnya masuk lewat SSO Provinsi"
            )
        ).to_be_visible()
        expect(page).to_have_url(f"{base}/akun/masuk/")
        # The button the message points to takes them in.
        page.route("**/fonts.googleapis.com/**", lambda route: route.abort())
        page.get_by_role("button", name="Masuk dengan SSO Provinsi").click()
        at_provider(page, "respondent")
        page.wait_for_url(f"{base}/")
        expect(page.get_by_text("Anda masuk sebagai Responden")).to_be_visible()

    # A partner (forum mitra) of the same agency keeps email and password.
    with chromium_page() as page:
        page.goto(f"{base}/akun/masuk/")
        page.get_by_label("Email atau nama pengguna").fill("partner@contoh.go.id")
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk", exact=True).click()
        page.wait_for_url(f"{base}/")
        expect(page.get_by_text("Anda masuk sebagai Mitra")).to_be_visible()


def test_a_person_with_an_authenticator_still_gives_the_code_after_the_provider(
    live_server, personas, oidc_providers
):
    from django_otp.oath import TOTP
    from playwright.sync_api import expect

    from simpul.accounts.two_factor import operations as two_factor
    from simpul.accounts.two_factor import totp_device

    key = "3132333435363738393031323334353637383930"
    device = two_factor.setup_device(personas.respondent, key)
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits)
    check, _codes = two_factor.confirm_setup(personas.respondent, key, f"{clock.token():06d}")
    assert check.ok and totp_device(personas.respondent) is not None
    base = live_server.url
    with chromium_page() as page:
        sign_in_with(page, base, "SSO Provinsi", "respondent")
        page.wait_for_url(f"{base}/akun/masuk/kode/**")
        page.goto(f"{base}/")  # not signed in yet: back to the sign-in page
        page.wait_for_url(f"{base}/akun/masuk/**")
        expect(page.get_by_label("Kata sandi")).to_be_visible()
        page.goto(f"{base}/akun/masuk/kode/")  # the pending step is still there
        clock.time = time.time() + 30  # the next step: the first is spent
        page.get_by_label("Kode verifikasi").fill(f"{clock.token():06d}")
        page.get_by_role("button", name="Verifikasi").click()
        page.wait_for_url(f"{base}/")
        expect(page.get_by_text("Anda masuk sebagai Responden")).to_be_visible()
