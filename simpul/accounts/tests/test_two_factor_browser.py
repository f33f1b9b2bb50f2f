"""In a real browser: a coordinator sets up two-step sign-in from the shown secret, keeps the
recovery codes (also as a downloaded text file), signs out, signs in with password + code, and
then with a recovery code."""

import time
from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import TOTP, hotp

from simpul.conftest import PASSWORD
from simpul.testing.browser import ARTIFACTS, chromium_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def password_step(page, base: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Email atau nama pengguna").fill("admin")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/masuk/kode/")


def test_a_coordinator_sets_up_two_step_sign_in_and_uses_it(live_server, personas):
    from playwright.sync_api import expect

    base = live_server.url
    with chromium_page() as page:
        sign_in(page, base, "admin", PASSWORD)
        page.goto(f"{base}/akun/profil/")
        page.get_by_role("link", name="Verifikasi dua langkah").click()
        page.get_by_role("link", name="Pasang verifikasi dua langkah").click()
        expect(page.get_by_role("img", name="Kode QR untuk aplikasi autentikator")).to_be_visible()

        # What an authenticator app does with the typed secret.
        key = b32decode(page.locator("[data-secret]").inner_text().replace(" ", ""))
        clock = TOTP(key)
        clock.time = time.time()
        step = clock.t()
        page.get_by_label("Kode pertama dari aplikasi").fill(f"{hotp(key, step):06d}")
        page.get_by_role("button", name="Aktifkan").click()
        expect(page.get_by_text("kode hanya ditampilkan sekali")).to_be_visible()
        codes = page.locator("ul.recovery-codes code").all_inner_texts()
        assert len(codes) == 10

        with page.expect_download() as download_info:
            page.get_by_role("link", name="Unduh sebagai teks").click()
        download = download_info.value
        assert download.suggested_filename == "kode-pemulihan-simpul.txt"
        text = Path(download.path()).read_text(encoding="utf-8")
        assert all(code in text for code in codes)
        page.screenshot(path=str(ARTIFACTS / "two-factor-codes.png"), full_page=True)

        page.get_by_role("link", name="Sudah saya simpan").click()
        expect(page.get_by_text("Tersisa 10 kode pemulihan.")).to_be_visible()
        sign_out(page)

        # Password, then a wrong code, then the app's next code (the set-up one is spent).
        password_step(page, base)
        page.get_by_label("Kode verifikasi").fill("12345")
        page.get_by_role("button", name="Verifikasi").click()
        expect(page.get_by_text("Kode verifikasi salah")).to_be_visible()
        page.get_by_label("Kode verifikasi").fill(f"{hotp(key, step + 1):06d}")
        page.get_by_role("button", name="Verifikasi").click()
        page.wait_for_url(f"{base}/")
        sign_out(page)

        # Password, then a recovery code instead of the phone.
        password_step(page, base)
        page.get_by_label("Kode verifikasi").fill(codes[0])
        page.get_by_role("button", name="Verifikasi").click()
        page.wait_for_url(f"{base}/")
        expect(page.get_by_text("Tersisa 9 kode")).to_be_visible()
        sign_out(page)

        # The same recovery code a second time is refused.
        password_step(page, base)
        page.get_by_label("Kode verifikasi").fill(codes[0])
        page.get_by_role("button", name="Verifikasi").click()
        expect(page.get_by_text("sudah pernah dipakai")).to_be_visible()
