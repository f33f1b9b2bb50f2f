"""In a real browser: the demo admin signs in, searches the catalogue and opens an indicator."""

import pytest
from django.core.management import call_command

from simpul.browser import ARTIFACTS, chromium_page
from simpul.core.management.commands.load_demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_demo_admin_finds_an_indicator_and_sees_its_five_levels(live_server, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    with chromium_page() as page:
        page.goto(f"{live_server.url}/")
        page.get_by_label("Email atau nama pengguna").fill("admin")
        page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.get_by_role("link", name="Katalog", exact=True).first.click()
        page.get_by_role("link", name="Indeks SPBE").first.click()
        assert page.get_by_text("Struktur dan bobot").is_visible()
        page.get_by_role("searchbox").fill("arsitektur")
        page.get_by_role("searchbox").press("Enter")
        page.wait_for_url("**/katalog/cari/**")
        assert page.get_by_text("indikator cocok dengan “arsitektur”").is_visible()
        # On the search page the results follow the typing (htmx), without a page load.
        page.evaluate("window.samePage = true")
        page.get_by_role("searchbox").fill("audit keamanan")
        result = page.get_by_role("link", name="Tingkat Kematangan Pelaksanaan Audit Keamanan SPBE")
        result.first.wait_for()
        assert page.evaluate("window.samePage") is True
        assert "q=audit%20keamanan" in page.url
        result.first.click()
        page.wait_for_url("**/indikator/I31/**")
        levels = page.locator("article.level")
        assert levels.count() == 5
        assert page.get_by_role("heading", name="Optimum").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "catalogue-indicator.png"), full_page=True)
