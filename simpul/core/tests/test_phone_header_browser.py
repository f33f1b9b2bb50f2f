"""On a 390 px phone the header is compact (at most 120 px) and its menu opens on a tap; on a
desktop the menu is always shown."""

import pytest

from simpul.core.management.commands.load_demo import DEMO_PASSWORD
from simpul.testing.browser import chromium_page, sign_in
from simpul.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_phone_header_is_compact_and_its_menu_opens(live_server, settings, tmp_path):
    from playwright.sync_api import expect

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    base = live_server.url
    with chromium_page() as page:
        sign_in(page, base, "admin", DEMO_PASSWORD)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{base}/dasbor/")
        header = page.locator("header.top")
        assert header.bounding_box()["height"] <= 120
        periods = page.locator("nav.nav").get_by_role("link", name="Periode")
        expect(periods).to_be_hidden()
        page.get_by_text("Menu", exact=True).click()
        expect(periods).to_be_visible()
        periods.click()
        page.wait_for_url(f"{base}/periode/")
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{base}/dasbor/")
        expect(page.locator("nav.nav").get_by_role("link", name="Periode")).to_be_visible()
        expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
