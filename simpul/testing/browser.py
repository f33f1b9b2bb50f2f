"""Playwright on Debian's Chromium for the browser tests (never Playwright's own download)."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("SIMPUL_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# As root in a container Chromium needs --no-sandbox; background networking would only try to
# reach hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextmanager
def chromium_page() -> Iterator:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"Chromium tidak ditemukan di {CHROMIUM}; `python3 dev.py test` memasangnya dengan apt."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
            yield context.new_page()
        finally:
            browser.close()


def sign_in(page, base: str, username: str, password: str) -> None:
    """Sign in through the real form and wait for the home page."""
    page.goto(f"{base}/")
    page.get_by_label("Email atau nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/")


def open_menu(page) -> None:
    """On a phone the header's menu is folded behind "Menu": open it (no-op on a desktop)."""
    toggle = page.locator("label.menu-label")
    if toggle.count() and toggle.is_visible() and not page.locator("#menu-buka").is_checked():
        toggle.click()


def menu_link(page, name: str):
    """A link of the header's menu, the menu opened first."""
    open_menu(page)
    return page.locator("header.top").get_by_role("link", name=name, exact=True)


def sign_out(page) -> None:
    open_menu(page)
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/masuk/**")
