"""In a real browser: the Swagger UI page draws the generated schema from our own static files
under our Content-Security-Policy, and the Token API page shows a new token once, then revokes
it after the confirmation dialog."""

import pytest

from simpul.api.models import ApiToken
from simpul.conftest import PASSWORD
from simpul.testing.browser import chromium_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_draws_every_operation_without_violations(live_server) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    outside: list[str] = []
    with chromium_page() as page:
        page.on(
            "console",
            lambda message: (
                problems.append(message.text)
                if "Content Security Policy" in message.text or message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "request",
            lambda request: (
                outside.append(request.url) if not request.url.startswith(live_server.url)
                and not request.url.startswith("data:") else None
            ),
        )  # fmt: skip
        page.goto(f"{live_server.url}/api/v1/docs/")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Simpul API")
        for path in ("/score", "/plan", "/cycles"):
            expect(page.locator(f'.opblock-summary-path[data-path="{path}"]')).to_have_count(1)
    assert problems == [] and outside == []


def test_a_token_is_shown_once_and_revoked_after_confirming(live_server, personas) -> None:
    from playwright.sync_api import expect

    with chromium_page() as page:
        sign_in(page, live_server.url, personas.respondent.username, PASSWORD)
        page.goto(f"{live_server.url}/akun/profil/")
        page.get_by_role("link", name="Token API").click()
        page.get_by_label("Nama token").fill("Skrip Satu Data")
        page.get_by_role("button", name="Buat token").click()
        shown = page.locator("#token-baru").input_value()
        assert shown.startswith("simpul_")
        expect(page.get_by_text("hanya ditampilkan sekali")).to_be_visible()
        page.goto(f"{live_server.url}/akun/token-api/")  # shown again? never
        expect(page.get_by_text("Skrip Satu Data")).to_be_visible()
        expect(page.locator("#token-baru")).to_have_count(0)
        page.once("dialog", lambda dialog: dialog.dismiss())
        page.get_by_role("button", name="Cabut token Skrip Satu Data").click()
        assert ApiToken.objects.get().revoked_at is None  # dismissed: nothing happened
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Cabut token Skrip Satu Data").click()
        expect(page.get_by_text("Token “Skrip Satu Data” dicabut.")).to_be_visible()
    assert ApiToken.objects.get().revoked_at is not None
