"""In a real browser: a Forum Kolaborasi meeting is scheduled, two people check in, the minutes
are approved, and the PDF lands as evidence on indicator 20 of the current cycle.

The forum half of the issue's journey (partner registers, obstacle, solution, action) is in
simpul/forum/tests/test_journey_browser.py.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.conftest import PASSWORD
from simpul.evidence.models import DocumentType, EvidenceLink
from simpul.meetings.models import Attendance, Meeting
from simpul.testing.browser import ARTIFACTS, chromium_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_meeting_with_approved_minutes_becomes_evidence_for_indicator_20(
    live_server, personas, cycle
):
    from playwright.sync_api import expect

    base = live_server.url
    start = timezone.localtime() - timedelta(minutes=30)
    with chromium_page() as page:
        sign_in(page, base, "admin", PASSWORD)
        page.goto(f"{base}/rapat/baru/")
        page.get_by_label("Judul").fill("Forum Kolaborasi SPBE triwulan IV")
        page.get_by_label("Jenis").select_option("forum")
        page.get_by_label("Mulai (WIB)").fill(start.strftime("%Y-%m-%dT%H:%M"))
        page.get_by_label("Selesai (WIB)").fill(
            (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
        )
        page.get_by_label("Tempat").fill("Aula Diskominfo Natuna")
        page.get_by_label("Agenda").fill("I20: Kolaborasi penerapan SPBE")
        page.get_by_role("button", name="Jadwalkan").click()
        expect(
            page.get_by_role("heading", name="Forum Kolaborasi SPBE triwulan IV")
        ).to_be_visible()
        meeting_url = page.url

    # ORM calls stay outside the browser blocks: inside them they open a second database
    # connection that PostgreSQL's test teardown then waits on.
    meeting = Meeting.objects.get()
    with chromium_page() as page:
        sign_in(page, base, "admin", PASSWORD)
        page.goto(meeting_url)
        # The secretary checks the leader in.
        page.get_by_label("Peserta").select_option(str(personas.leader_membership.pk))
        page.get_by_role("button", name="Catat hadir").click()
        expect(page.get_by_text("Leader").first).to_be_visible()
        sign_out(page)

        # The respondent checks in on their phone with the meeting's code.
        sign_in(page, base, "respondent", PASSWORD)
        page.goto(f"{base}/rapat/hadir/")
        page.get_by_label("Kode rapat").fill(meeting.code)
        page.get_by_role("button", name="Saya hadir").click()
        sign_out(page)

        sign_in(page, base, "admin", PASSWORD)
        page.goto(meeting_url)
        page.locator("textarea[name^='item-']").fill(
            "Disepakati jadwal forum kolaborasi tiap triwulan bersama akademisi dan swasta."
        )
        page.get_by_role("button", name="Simpan notulen").click()
        page.get_by_role("button", name="Setujui (pimpinan rapat)").click()
        page.get_by_role("button", name="Ekspor PDF ke data dukung").click()
        expect(page.get_by_text("I20").first).to_be_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "meeting-minutes-exported.png"), full_page=True)

    assert Attendance.objects.filter(meeting=meeting).count() == 2
    link = EvidenceLink.objects.select_related("evidence").get(
        answer__cycle=cycle, answer__indicator__number=20
    )
    assert link.evidence.document_type == DocumentType.MINUTES
    assert link.evidence.current_revision.content_type == "application/pdf"
