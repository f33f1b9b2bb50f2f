"""In a real browser: one indicator from upload to acceptance, and the index follows.

A respondent uploads a PDF for level 2 of an indicator, writes the explanation and submits;
the internal assessor requests changes; the respondent fixes and resubmits; the assessor
accepts; the cycle page shows the index and the acceptance.
"""

import pytest

from simpul.core.management.commands.load_demo import DEMO_PASSWORD
from simpul.cycles.models import Answer, AnswerStatus
from simpul.cycles.tests.conftest import demo_answer
from simpul.testing.browser import ARTIFACTS, chromium_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_answer_goes_from_upload_to_acceptance_and_the_index_follows(
    live_server, settings, tmp_path
):
    from playwright.sync_api import expect
    from weasyprint import HTML

    answer = demo_answer(settings, tmp_path, "spbe-2020", "I01")
    cycle = answer.cycle
    pdf = tmp_path / "Perbup-SPBE-2024.pdf"
    HTML(string="<h1>Peraturan Bupati Natuna tentang SPBE</h1><p>Pasal 4</p>").write_pdf(pdf)
    base = live_server.url

    with chromium_page() as page:
        sign_in(page, base, "responden", DEMO_PASSWORD)
        page.goto(f"{base}/periode/tugas/")
        page.get_by_role("link", name="1. Tingkat Kematangan Kebijakan Internal Arsitektur").click()
        # The level cards are folded: open level 2 to reach its upload link.
        page.locator("#tingkat-2 > summary").click()
        page.locator("#tingkat-2").get_by_role(
            "link", name="Unggah dokumen untuk tingkat ini"
        ).click()
        page.locator("#id_file").set_input_files(str(pdf))
        page.get_by_label("Judul").fill("Perbup Natuna 12/2024 tentang SPBE")
        page.get_by_label("Jenis dokumen").select_option(label="Peraturan Bupati/Wali Kota")
        page.get_by_label("Tanggal ditetapkan").fill("2024-03-14")
        page.get_by_role("button", name="Unggah").click()
        page.wait_for_url(f"**/periode/jawaban/{answer.pk}/**")
        assert "1 dokumen" in page.locator("#tingkat-2 > summary").inner_text()
        page.locator("#tingkat-2 > summary").click()
        assert (
            page.locator("#tingkat-2")
            .get_by_text("Perbup Natuna 12/2024 tentang SPBE")
            .is_visible()
        )

        page.get_by_label("2 · Terkelola").check()
        page.get_by_label("Fakta").fill("Perbup Natuna 12/2024")
        page.get_by_label("Analisis").fill("Kebijakan arsitektur sudah ditetapkan.")
        page.get_by_role("button", name="Simpan", exact=True).click()
        expect(page.get_by_text("Jawaban tersimpan.")).to_be_visible()
        page.get_by_role("button", name="Simpan dan ajukan ke asesor internal").click()
        expect(
            page.get_by_text("Jawaban disimpan dan diajukan ke asesor internal.")
        ).to_be_visible()
        sign_out(page)

        sign_in(page, base, "asesor", DEMO_PASSWORD)
        page.goto(f"{base}/periode/tugas/")
        page.get_by_role("link", name="1. Tingkat Kematangan Kebijakan Internal Arsitektur").click()
        page.get_by_label("Catatan untuk responden").fill("Sebutkan pasal dan halamannya.")
        page.get_by_role("button", name="Minta perbaikan").click()
        expect(page.get_by_text("dikembalikan ke responden")).to_be_visible()
        sign_out(page)

        sign_in(page, base, "responden", DEMO_PASSWORD)
        page.goto(f"{base}/periode/jawaban/{answer.pk}/")
        expect(page.get_by_text("Sebutkan pasal dan halamannya.").first).to_be_visible()
        page.get_by_label("Fakta").fill("Perbup Natuna 12/2024, pasal 4, halaman 3")
        # One click saves what is on the screen and submits it.
        page.get_by_role("button", name="Simpan dan ajukan ke asesor internal").click()
        expect(
            page.get_by_text("Jawaban disimpan dan diajukan ke asesor internal.")
        ).to_be_visible()
        sign_out(page)

        sign_in(page, base, "asesor", DEMO_PASSWORD)
        page.goto(f"{base}/periode/jawaban/{answer.pk}/")
        page.get_by_role("button", name="Terima").click()
        expect(page.get_by_text("Jawaban diterima.")).to_be_visible()
        page.goto(f"{base}/periode/{cycle.pk}/")
        card = page.locator(
            "section", has=page.get_by_role("heading", name="Indeks penilaian mandiri")
        )
        assert "2,00" in card.inner_text() and "sementara" in card.inner_text()
        assert "1 dari 47" in card.inner_text()
        counts = page.locator("section", has=page.get_by_role("heading", name="Kelengkapan"))
        assert "1/47" in counts.get_by_role("row", name="Diterima").inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "cycle-after-journey.png"), full_page=True)

    answer.refresh_from_db()
    assert (answer.status, answer.self_level, answer.internal_level) == (
        AnswerStatus.ACCEPTED,
        2,
        2,
    )
    assert answer.fact == "Perbup Natuna 12/2024, pasal 4, halaman 3"
    assert Answer.objects.get(pk=answer.pk).evidence_links.get().level == 2
