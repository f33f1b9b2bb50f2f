"""In a real browser: the admin of the demo agency asks for the PDF report of 2025, watches it
finish and downloads it; the PDF's text holds the index the app shows."""

import pytest
from pypdf import PdfReader

from simpul.agencies.models import Agency
from simpul.core.management.commands.load_demo import DEMO_AGENCY, DEMO_PASSWORD
from simpul.cycles.models import Cycle
from simpul.cycles.overview import summarise
from simpul.testing.browser import chromium_page, sign_in
from simpul.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_report_pdf_downloads_from_the_page_and_holds_the_index(
    live_server, settings, tmp_path, run_tasks
):
    from playwright.sync_api import expect

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    agency = Agency.objects.get(short_code=DEMO_AGENCY["short_code"])
    cycle = Cycle.objects.get(agency=agency, year=2025)
    levels = {a.indicator.code: a.self_level for a in cycle.answers.select_related("indicator")}
    index = summarise(cycle.framework.engine(), levels).index
    url = f"{live_server.url}/laporan/periode/{cycle.pk}/"

    with chromium_page() as page:
        sign_in(page, live_server.url, "admin", DEMO_PASSWORD)
        page.goto(url)
        page.get_by_role("button", name="Buat PDF Laporan Penilaian Mandiri SPBE").click()
        expect(page.locator("progress")).to_be_visible()

    # ORM and the worker stay outside the browser blocks.
    run_tasks()

    with chromium_page() as page:
        sign_in(page, live_server.url, "admin", DEMO_PASSWORD)
        page.goto(url)
        with page.expect_download() as info:
            page.get_by_role("link", name="Unduh").click()
        target = tmp_path / "laporan.pdf"
        info.value.save_as(target)

    text = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    assert index and index.replace(".", ",") in text  # written the Indonesian way, 3,22
    assert agency.name in text
