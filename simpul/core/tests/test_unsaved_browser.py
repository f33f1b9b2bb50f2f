"""In a real browser: leaving a page with typed, unsaved text asks first; saving does not."""

import pytest

from simpul.agencies.models import Agency, Unit
from simpul.core.management.commands.load_demo import DEMO_AGENCY, DEMO_PASSWORD
from simpul.testing.browser import chromium_page, menu_link, sign_in
from simpul.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leaving_with_unsaved_text_asks_and_saving_does_not(live_server, settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    agency = Agency.objects.get(short_code=DEMO_AGENCY["short_code"])
    unit = Unit.objects.filter(agency=agency).order_by("pk").first()
    base = live_server.url
    edit = f"{base}/instansi/unit/{unit.pk}/"

    with chromium_page() as page:
        sign_in(page, base, "admin", DEMO_PASSWORD)
        asked = []

        def answer(dialog):
            asked.append(dialog.type)
            dialog.dismiss()  # stay on the page

        page.on("dialog", answer)
        page.goto(edit)
        page.get_by_label("Singkatan").fill("Kominfo Baru")
        menu_link(page, "Beranda").click()
        page.wait_for_timeout(500)
        assert asked == ["beforeunload"]
        assert page.url == edit  # still here, with the text
        assert page.get_by_label("Singkatan").input_value() == "Kominfo Baru"
        page.get_by_role("button", name="Simpan").click()
        page.wait_for_url(f"{base}/instansi/unit/")
        assert asked == ["beforeunload"]  # submitting did not ask
        menu_link(page, "Beranda").click()
        page.wait_for_url(f"{base}/")
        assert asked == ["beforeunload"]

    unit.refresh_from_db()
    assert unit.short_name == "Kominfo Baru"
