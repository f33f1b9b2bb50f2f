"""In a real browser: answer text typed while the link is down is kept on the device and saved
when it returns, with the version it was based on (a stale one ends on the conflict page);
a kept draft is offered back on reload; the page is short on a phone; "Pilih semua" ticks
every indicator of the assignment page."""

import pytest

from simpul.core.management.commands.load_demo import DEMO_PASSWORD
from simpul.cycles import operations
from simpul.cycles.models import Answer
from simpul.cycles.tests.conftest import demo_answer
from simpul.testing.browser import chromium_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEPT = "Koneksi terputus: teks Anda disimpan di perangkat ini"


def kept_drafts(page, answer) -> list[str]:
    return page.evaluate(
        """(prefix) => Object.keys(localStorage).filter((key) => key.startsWith(prefix))""",
        f"simpul-jawaban-{answer.pk}-",
    )


def open_answer(page, base, answer):
    sign_in(page, base, "responden", DEMO_PASSWORD)
    page.goto(f"{base}/periode/jawaban/{answer.pk}/")


def test_text_typed_offline_is_kept_and_saved_when_the_link_returns(
    live_server, settings, tmp_path
):
    from playwright.sync_api import expect

    answer = demo_answer(settings, tmp_path, "spbe-2020", "I01")
    answer.refresh_from_db()  # the assignment moved its version on
    base = live_server.url
    with chromium_page() as page:
        open_answer(page, base, answer)
        page.context.set_offline(True)
        page.get_by_label("Fakta").fill("Perbup Natuna 12/2024, pasal 4")
        page.get_by_label("Analisis").fill("Diketik tanpa sinyal.")
        page.locator("#simpan").click()
        expect(page.locator("#draf-status")).to_contain_text(KEPT)
        assert Answer.objects.get(pk=answer.pk).fact == ""
        assert kept_drafts(page, answer) == [f"simpul-jawaban-{answer.pk}-{answer.version}"]

        page.context.set_offline(False)
        expect(page.get_by_text("Jawaban tersimpan.")).to_be_visible()
        assert kept_drafts(page, answer) == []  # cleared once saved
    saved = Answer.objects.get(pk=answer.pk)
    assert (saved.fact, saved.analysis) == (
        "Perbup Natuna 12/2024, pasal 4",
        "Diketik tanpa sinyal.",
    )
    assert saved.version == answer.version + 1


def test_a_kept_draft_is_offered_back_on_reload_and_saved_on_purpose(
    live_server, settings, tmp_path
):
    from playwright.sync_api import expect

    answer = demo_answer(settings, tmp_path, "spbe-2020", "I01")
    answer.refresh_from_db()  # the assignment moved its version on
    base = live_server.url
    with chromium_page() as page:
        page.on("dialog", lambda dialog: dialog.accept())  # the unsaved-changes warning
        open_answer(page, base, answer)
        page.get_by_label("Fakta").fill("Belum sempat disimpan")
        page.reload()
        assert page.get_by_label("Fakta").input_value() == ""
        page.get_by_role("button", name="Pulihkan teks yang belum tersimpan").click()
        assert page.get_by_label("Fakta").input_value() == "Belum sempat disimpan"
        page.locator("#simpan").click()
        expect(page.get_by_text("Jawaban tersimpan.")).to_be_visible()
        assert kept_drafts(page, answer) == []
        page.reload()
        expect(page.get_by_role("button", name="Pulihkan teks yang belum tersimpan")).to_have_count(
            0
        )
    assert Answer.objects.get(pk=answer.pk).fact == "Belum sempat disimpan"


def test_a_kept_draft_sent_over_a_newer_save_ends_on_the_conflict_page_losing_nothing(
    live_server, settings, tmp_path
):
    from playwright.sync_api import expect

    answer = demo_answer(settings, tmp_path, "spbe-2020", "I01")
    answer.refresh_from_db()  # the assignment moved its version on
    base = live_server.url
    with chromium_page() as page:
        open_answer(page, base, answer)
        page.context.set_offline(True)
        page.get_by_label("Fakta").fill("Versi responden, diketik luring")
        page.locator("#simpan").click()
        expect(page.locator("#draf-status")).to_contain_text(KEPT)
        # Meanwhile the coordinator saves the same answer.
        admin = answer.cycle.agency.memberships.get(role="admin")
        operations.save_answer(
            Answer.objects.get(pk=answer.pk),
            membership=admin,
            version=answer.version,
            self_level=2,
            fact="Versi koordinator",
            analysis="",
        )
        page.context.set_offline(False)
        expect(page.locator("#konflik")).to_be_visible()
        assert page.get_by_label("Fakta").input_value() == "Versi responden, diketik luring"
        # Still kept on the device until it is saved on purpose.
        assert len(kept_drafts(page, answer)) == 1
    assert Answer.objects.get(pk=answer.pk).fact == "Versi koordinator"


def test_the_answer_page_is_short_on_a_phone_with_the_save_bar_in_view(
    live_server, settings, tmp_path
):
    answer = demo_answer(settings, tmp_path, "spbe-2020", "I01")
    answer.refresh_from_db()  # the assignment moved its version on
    base = live_server.url
    with chromium_page() as page:
        open_answer(page, base, answer)
        height = page.evaluate("document.body.scrollHeight")
        # Unfolded, the same page is several times longer.
        page.evaluate("document.querySelectorAll('details').forEach((d) => d.open = true)")
        unfolded = page.evaluate("document.body.scrollHeight")
        page.evaluate("document.querySelectorAll('details').forEach((d) => d.open = false)")
        assert height * 2 < unfolded, (height, unfolded)
        bar = page.locator(".sticky-bar")
        box = bar.bounding_box()
        assert box["y"] + box["height"] <= 844 + 1  # at the foot of the viewport, not the page
        assert page.locator("#simpan").is_visible()


def test_select_all_ticks_and_clears_every_indicator(live_server, settings, tmp_path):
    answer = demo_answer(settings, tmp_path, "spbe-2020", "I01")
    answer.refresh_from_db()  # the assignment moved its version on
    base = live_server.url
    with chromium_page() as page:
        sign_in(page, base, "admin", DEMO_PASSWORD)
        page.goto(f"{base}/periode/{answer.cycle_id}/penugasan/")
        rows = page.locator("input[name='answers']")
        total = rows.count()
        page.get_by_label("Pilih semua").check()
        assert page.locator("input[name='answers']:checked").count() == total == 47
        assert f"{total} indikator dipilih" in page.locator("[data-selected-count]").inner_text()
        rows.first.uncheck()
        assert page.locator("input[data-select-all]").evaluate("(box) => box.indeterminate")
        page.get_by_label("Pilih semua").check()
        page.get_by_label("Pilih semua").uncheck()
        assert page.locator("input[name='answers']:checked").count() == 0


def test_a_link_to_a_folded_item_opens_its_level(live_server, settings, tmp_path):
    from playwright.sync_api import expect

    answer = demo_answer(settings, tmp_path, "pemdi-2026", "I13")
    base = live_server.url
    with chromium_page() as page:
        sign_in(page, base, "responden", DEMO_PASSWORD)
        page.goto(f"{base}/periode/jawaban/{answer.pk}/")
        assert not page.locator("#tingkat-3").evaluate("(d) => d.open")
        page.goto(f"{base}/periode/jawaban/{answer.pk}/#butir-I13-L3-04")
        expect(page.locator("#butir-I13-L3-04")).to_be_visible()
        assert page.locator("#tingkat-3").evaluate("(d) => d.open")
