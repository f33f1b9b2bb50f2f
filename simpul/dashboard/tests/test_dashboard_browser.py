"""In a real browser: the demo agency's dashboard draws its charts and tables, the leader
page prints on one page, and the public page loads signed out without any evidence."""

import pytest

from simpul.agencies.models import Agency
from simpul.core.management.commands.load_demo import DEMO_AGENCY, DEMO_PASSWORD
from simpul.dashboard.models import DashboardSettings
from simpul.evidence.models import Evidence
from simpul.testing.browser import ARTIFACTS, chromium_page, sign_in
from simpul.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_demo_dashboard_renders_its_charts_and_tables(live_server, settings, tmp_path):
    from playwright.sync_api import expect

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    # No ORM inside the browser block: Playwright's greenlet would open its own connection.

    with chromium_page() as page:
        sign_in(page, base, "admin", DEMO_PASSWORD)
        page.goto(f"{base}/dasbor/")
        # The demo's current cycle is 2026 on the Indeks Pemdi: 20 indicators, 7 aspects only,
        # so the aspects are drawn once (bars), not twice (radar and bars).
        for chart in ("svg.bars", "svg.heat", "svg.trend"):
            expect(page.locator(chart)).to_be_visible()
        expect(page.locator("svg.radar")).to_have_count(0)
        expect(page.locator("table.chart-data")).to_have_count(3)
        expect(page.locator("svg.heat a")).to_have_count(20)
        # On a 390 px phone every digit of the heat map renders at 12 px or more.
        heights = page.eval_on_selector_all(
            "svg.heat text", "els => els.map(e => e.getBoundingClientRect().height)"
        )
        assert heights and min(heights) >= 12, min(heights)
        # Legends are in the page, under their charts: the trend's entries never overlap.
        boxes = page.eval_on_selector_all(
            "svg.trend ~ .chart-legend li",
            "els => els.map(e => { const r = e.getBoundingClientRect();"
            " return [r.left, r.top, r.right, r.bottom]; })",
        )
        assert len(boxes) >= 3  # Mandiri, Hasil resmi, Terbitan KemenPANRB (+ predicate bounds)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
        expect(page.locator(".chart-legend.level-key li")).to_have_count(6)  # levels 1–5 and none
        expect(page.locator("#catatan-instrumen")).to_be_visible()
        expect(page.locator("#kemajuan-unit tbody tr")).to_have_count(6)
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
        page.locator("svg.heat a").first.click()
        page.wait_for_url("**/periode/jawaban/*/")

        page.context.clear_cookies()
        sign_in(page, base, "pimpinan", DEMO_PASSWORD)
        page.goto(f"{base}/dasbor/pimpinan/")
        expect(page.locator("#aspek-terlemah li")).to_have_count(3)
        expect(page.locator("#jarak-predikat")).to_be_visible()
        expect(page.locator("#perubahan-kelompok tbody tr").first).to_be_visible()
        expect(page.locator("#daya-ungkit tbody tr").first).to_be_visible()
        page.emulate_media(media="print")
        page.screenshot(path=str(ARTIFACTS / "dashboard-leader-print.png"), full_page=True)


def test_the_public_page_loads_signed_out_without_evidence(live_server, settings, tmp_path):
    from playwright.sync_api import expect

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    agency = Agency.objects.get(short_code=DEMO_AGENCY["short_code"])
    DashboardSettings.objects.create(agency=agency, public_page=True)
    titles = list(Evidence.objects.for_agency(agency).values_list("title", flat=True))
    assert titles, "the demo has evidence the public page must not show"
    url = f"{live_server.url}/publik/{agency.short_code}/"

    with chromium_page() as page:
        page.context.set_offline(False)
        response = page.goto(url)
        assert response.status == 200
        expect(page.locator("#riwayat-indeks tbody tr").first).to_contain_text("2024")
        body = page.content()
        page.screenshot(path=str(ARTIFACTS / "public-page.png"), full_page=True)

    assert "data-dukung" not in body and "/periode/jawaban/" not in body
    assert not any(title in body for title in titles)
