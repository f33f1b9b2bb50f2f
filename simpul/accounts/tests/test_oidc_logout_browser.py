"""Signing out after a sign-in through the provider ends the provider's session too
(OpenID Connect RP-Initiated Logout), in Chromium against the loopback `oidc-provider`."""

import pytest

from simpul.accounts.tests.test_oidc_browser import at_provider, sign_in_with, start
from simpul.testing.browser import chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signing_out_ends_the_provider_session_and_the_next_sign_in_asks_again(
    live_server, personas, oidc_providers
):
    from playwright.sync_api import expect

    base = live_server.url
    with chromium_page() as page:
        sign_in_with(page, base, "SSO Provinsi", "respondent")
        page.wait_for_url(f"{base}/")
        page.get_by_text("Menu").click()  # a phone's screen: the menu folds behind a button
        page.get_by_role("button", name="Keluar").click()
        # Simpul's page moves on to the provider's end-session page, which asks to confirm.
        page.wait_for_url(f"{oidc_providers.server.issuer}/session/end**")
        page.get_by_role("button", name="Yes, sign me out").click()
        page.wait_for_url(f"{base}/akun/masuk/")
        expect(page.get_by_role("button", name="Masuk dengan SSO Provinsi")).to_be_visible()
        # The provider forgot the person: it asks for the login again.
        start(page, base, "SSO Provinsi")
        expect(page.locator("input[name=login]")).to_be_visible()
        at_provider(page, "respondent")
        page.wait_for_url(f"{base}/")
        expect(page.get_by_text("Anda masuk sebagai Responden")).to_be_visible()
