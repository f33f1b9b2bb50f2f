"""In a real browser, under our Content-Security-Policy: htmx searches, the select that submits
its form, the print button and the dashboard stylesheet all work, with no violation reported."""

import pytest

from simpul.core.management.commands.load_demo import DEMO_PASSWORD
from simpul.testing.browser import chromium_page, sign_in
from simpul.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_our_pages_work_under_the_policy_without_violations(live_server, settings, tmp_path):
    from playwright.sync_api import expect

    settings.DEBUG = True  # the demo loads only in DEBUG; the policy applies all the same
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    base = live_server.url
    problems: list[str] = []

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
        sign_in(page, base, "admin", DEMO_PASSWORD)

        page.goto(f"{base}/dasbor/")
        # The dashboard's own stylesheet (no inline <style>) lays the key figures out in a grid.
        assert page.locator(".kpis").first.evaluate("e => getComputedStyle(e).display") == "grid"
        page.evaluate("window.print = () => { window.printed = true }")
        page.locator("[data-print]").click()
        assert page.evaluate("window.printed") is True

        page.goto(f"{base}/data-dukung/")
        rows = page.locator("#hasil tbody tr")
        before = rows.count()
        page.locator("#q").fill("zzzz-tidak-ada")
        expect(page.locator("#hasil")).to_contain_text("zzzz-tidak-ada")  # swapped in by htmx
        assert rows.count() < before

        page.locator("#bahasa").select_option("en")  # submits its form from simpul.js
        expect(page.locator("html")).to_have_attribute("lang", "en")

    assert problems == []
