"""In a real browser: an agency admin moves the agency to WITA, then schedules a meeting at
10.00 in the datetime-local inputs; it is stored as 02.00 UTC and shown as 10.00 WITA."""

from datetime import UTC, datetime

import pytest

from simpul.agencies.models import Agency, TimeZone
from simpul.conftest import PASSWORD
from simpul.meetings.models import Meeting
from simpul.testing.browser import chromium_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_wita_admin_schedules_10_00_wita_in_the_browser(live_server, personas):
    from playwright.sync_api import expect

    base = live_server.url
    with chromium_page() as page:
        sign_in(page, base, "admin", PASSWORD)
        page.goto(f"{base}/instansi/zona-waktu/")
        page.get_by_label("Zona waktu").select_option("Asia/Makassar")
        page.get_by_role("button", name="Simpan").click()
        expect(page.get_by_text("Zona waktu instansi: WITA")).to_be_visible()

        page.goto(f"{base}/rapat/baru/")
        page.get_by_label("Judul").fill("Rapat Tim Koordinasi SPBE")
        page.get_by_label("Mulai (WITA)").fill("2026-03-10T10:00")
        page.get_by_label("Selesai (WITA)").fill("2026-03-10T12:00")
        page.get_by_label("Tempat").fill("Aula Bappeda")
        page.get_by_role("button", name="Jadwalkan").click()
        expect(page.get_by_text("10:00–12:00 WITA")).to_be_visible()

    assert Agency.objects.get(pk=personas.agency_a.pk).time_zone == TimeZone.WITA
    assert Meeting.objects.get().starts_at == datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
