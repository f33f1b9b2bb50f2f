"""In a real browser: the demo admin signs in, searches the catalogue and opens an indicator."""

import pytest

from simpul.core.management.commands.load_demo import DEMO_PASSWORD
from simpul.testing.browser import ARTIFACTS, chromium_page, menu_link, sign_in
from simpul.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_demo_admin_finds_an_indicator_and_sees_its_five_levels(live_server, settings):
    settings.DEBUG = True
    load_demo()
    with chromium_page() as page:
        page.goto(f"{live_server.url}/")
        page.get_by_label("Email atau nama pengguna").fill("admin")
        page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        menu_link(page, "Katalog").click()
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


def test_the_pemdi_catalogue_shows_rules_sources_and_the_items_of_an_indicator(
    live_server, settings
):
    settings.DEBUG = True
    load_demo()
    with chromium_page() as page:
        sign_in(page, live_server.url, "admin", DEMO_PASSWORD)
        menu_link(page, "Katalog").click()
        page.get_by_role(
            "link", name="Indeks Pemerintah Digital (Peraturan Menteri PANRB Nomor 8 Tahun 2026)"
        ).click()
        page.wait_for_url("**/katalog/pemdi-2026/")
        assert page.locator("#catatan").is_visible()
        assert page.get_by_role("heading", name="Pita nilai tiap tingkat").is_visible()
        assert page.get_by_role("heading", name="Bersumber tunggal").is_visible()
        # The source list is folded until asked for.
        roki = page.locator("#sumber-ROKI")
        assert not roki.is_visible()
        page.locator("details.sources summary").click()
        assert roki.is_visible()
        page.get_by_role("link", name="Tingkat Kematangan Aplikasi Pemdi").click()
        page.wait_for_url("**/indikator/I13/")
        assert page.locator("article.level").count() == 5
        items = page.locator("ol.items > li")
        assert items.count() == 12
        first = page.locator("#butir-I13-L1-01")
        assert first.is_visible()
        assert "Bukti Pelaksanaan Pengembangan Aplikasi" in first.inner_text()
        assert "TD_13_01" in first.inner_text()
        assert page.locator("#butir-I13-L5-01").is_visible()
        assert page.get_by_text("Nilai dihitung dari butir yang diterima").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "catalogue-pemdi-items.png"), full_page=True)
