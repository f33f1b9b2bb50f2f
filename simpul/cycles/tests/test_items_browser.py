"""In a real browser: two items of I13 (pemdi-2026) from upload to acceptance, item by item.

The respondent uploads evidence for two items and marks them ready; the internal assessor
sends one back as revisi (tidak tepat) and accepts the other; the respondent replaces the
document and resubmits that item; the assessor accepts it; the value on the page moves as
rule R5 says: 1.00 → 1.17 (1 of 3 items of level 1) → 1.33 (2 of 3).
"""

import pytest
from django.urls import reverse

from simpul.core.management.commands.load_demo import DEMO_PASSWORD
from simpul.cycles.models import ItemReview, ItemVerdict
from simpul.cycles.tests.conftest import demo_answer
from simpul.testing.browser import ARTIFACTS, chromium_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_items_go_from_upload_through_revisi_to_acceptance_and_the_value_follows(
    live_server, settings, tmp_path
):
    from playwright.sync_api import expect
    from weasyprint import HTML

    answer = demo_answer(settings, tmp_path, "pemdi-2026", "I13")
    documents = {}
    for name, text in [
        ("kak", "KAK Aplikasi Bapokting 2026: tahapan SDLC"),
        ("rka", "RKA Diskominfo 2026"),
        ("dpa", "DPA Diskominfo 2026: kegiatan pengembangan aplikasi"),
    ]:
        documents[name] = tmp_path / f"{name}.pdf"
        HTML(string=f"<h1>{text}</h1>").write_pdf(documents[name])
    base = live_server.url
    page_url = f"{base}/periode/jawaban/{answer.pk}/"

    def upload(page, item: str, path, title: str) -> None:
        page.locator(f"#butir-{item}").get_by_role(
            "link", name="Unggah dokumen untuk butir ini"
        ).click()
        page.locator("#id_file").set_input_files(str(path))
        page.get_by_label("Judul").fill(title)
        page.get_by_role("button", name="Unggah").click()
        page.wait_for_url(f"**/periode/jawaban/{answer.pk}/**")
        expect(page.locator(f"#butir-{item}").get_by_role("link", name=title)).to_be_visible()

    def verdict(page, item: str, choice: str, reason: str = "", comment: str = "") -> None:
        row = page.locator(f"#butir-{item}")
        row.get_by_label(choice, exact=True).check()
        if reason:
            row.get_by_label("Alasan revisi").select_option(label=reason)
        if comment:
            row.get_by_label("Catatan").fill(comment)
        row.get_by_role("button", name="Simpan putusan").click()
        expect(page.get_by_text(f"Putusan butir {item} tersimpan.")).to_be_visible()

    with chromium_page() as page:
        sign_in(page, base, "responden", DEMO_PASSWORD)
        page.goto(page_url)
        upload(page, "I13-L1-01", documents["kak"], "KAK Aplikasi Bapokting 2026")
        upload(page, "I13-L1-02", documents["rka"], "RKA Diskominfo 2026")
        for item in ("I13-L1-01", "I13-L1-02"):
            page.locator(f"#butir-{item}").get_by_role("button", name="Tandai siap dinilai").click()
            expect(page.get_by_text(f"Butir {item} ditandai siap dinilai.")).to_be_visible()
        self_value = page.locator('td[data-stage="self_assessment"] strong')
        expect(self_value).to_have_text("1,33")
        sign_out(page)

        sign_in(page, base, "asesor", DEMO_PASSWORD)
        page.goto(page_url)
        internal_value = page.locator('td[data-stage="internal"] strong')
        expect(internal_value).to_have_text("1,00")
        verdict(page, "I13-L1-01", "Diterima")
        verdict(page, "I13-L1-02", "Revisi", "tidak tepat", "RKA belum memuat kegiatan aplikasi.")
        expect(internal_value).to_have_text("1,17")
        sign_out(page)

        sign_in(page, base, "responden", DEMO_PASSWORD)
        page.goto(f"{base}/periode/tugas/")
        expect(page.get_by_text("RKA belum memuat kegiatan aplikasi.")).to_be_visible()
        page.get_by_role("link", name="I13-L1-02").click()
        row = page.locator("#butir-I13-L1-02")
        asked = []

        def confirm(dialog):
            asked.append(dialog.message)
            dialog.accept()

        page.on("dialog", confirm)
        row.get_by_role("button", name="lepas").click()
        expect(page.get_by_text("Tautan “RKA Diskominfo 2026” dilepas.")).to_be_visible()
        assert asked == ["Lepas data dukung ini dari butir?"]  # unlinking asks first
        page.remove_listener("dialog", confirm)
        upload(page, "I13-L1-02", documents["dpa"], "DPA Diskominfo 2026")
        page.locator("#butir-I13-L1-02").get_by_role("button", name="Tandai siap dinilai").click()
        sign_out(page)

        sign_in(page, base, "asesor", DEMO_PASSWORD)
        page.goto(page_url)
        verdict(page, "I13-L1-02", "Diterima")
        expect(page.locator('td[data-stage="internal"] strong')).to_have_text("1,33")
        expect(page.get_by_text("Tingkat 1: 2 dari 3 butir diterima.")).to_be_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "answer-items.png"), full_page=True)
        sign_out(page)

        # The coordinator's import pages fit a 390 px phone: the file example wraps.
        sign_in(page, base, "admin", DEMO_PASSWORD)
        for name in ("item_import", "official_import"):
            page.goto(base + reverse(f"cycles:{name}", args=[answer.cycle_id]))
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{name}: {width} px wide"

    history = list(
        ItemReview.objects.filter(answer=answer, item__code="I13-L1-02").values_list(
            "verdict", "reason"
        )
    )
    assert history == [(ItemVerdict.ACCEPTED, ""), (ItemVerdict.REVISION, "not_right")]
