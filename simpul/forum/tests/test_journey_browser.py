"""In a real browser: a partner registers and is approved, posts an obstacle on indicator 20,
a respondent proposes a solution, and the admin accepts it: an action appears in the plan."""

import pytest

from simpul.conftest import PASSWORD
from simpul.plans.models import Action
from simpul.testing.browser import chromium_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partner_obstacle_becomes_an_action_through_the_forum(live_server, personas, i20):
    from playwright.sync_api import expect

    base = live_server.url
    with chromium_page() as page:
        page.goto(f"{base}/forum/daftar/natuna/")
        page.get_by_label("Nama lengkap").fill("Sari Mitra")
        page.get_by_label("Email").fill("sari@kampus.ac.id")
        page.get_by_label("Kata sandi").fill("kata-sandi-panjang-2026")
        page.get_by_label("Organisasi").fill("Universitas Natuna")
        page.get_by_label("Kategori heliks").select_option("academia")
        page.get_by_label("Saya telah membaca").check()
        page.get_by_role("button", name="Daftar").click()
        expect(page.get_by_role("heading", name="Pendaftaran diterima")).to_be_visible()

        sign_in(page, base, "admin", PASSWORD)
        page.goto(f"{base}/forum/moderasi/")
        page.get_by_role("button", name="Setujui").click()
        sign_out(page)

        sign_in(page, base, "sari@kampus.ac.id", "kata-sandi-panjang-2026")
        page.goto(f"{base}/forum/baru/?indikator={i20.pk}&jenis=kendala")
        page.get_by_label("Judul").fill("Forum belum rutin")
        page.get_by_label("Isi").fill("Belum ada **jadwal** forum kolaborasi.")
        page.get_by_role("button", name="Kirim").click()
        expect(page.get_by_role("heading", name="Forum belum rutin")).to_be_visible()
        thread_url = page.url
        sign_out(page)

        sign_in(page, base, "respondent", PASSWORD)
        page.goto(thread_url)
        page.get_by_label("Jenis").select_option("solution")
        page.locator("#id_body").fill("Adakan forum tiap triwulan.")
        page.locator("form.card").get_by_role("button", name="Kirim").click()
        expect(page.get_by_text("Adakan forum tiap triwulan.")).to_be_visible()
        sign_out(page)

        sign_in(page, base, "admin", PASSWORD)
        page.goto(thread_url)
        page.get_by_role("link", name="Terima → rencana aksi").click()
        page.get_by_label("Tingkat sasaran").fill("3")
        page.get_by_label("Tenggat").fill("2026-12-31")
        page.get_by_role("button", name="Terima dan buat rencana aksi").click()
        page.wait_for_url("**/rencana/**")

    action = Action.objects.get()
    assert action.indicator == i20 and list(action.forum_posts.values_list("body", flat=True)) == [
        "Adakan forum tiap triwulan."
    ]
