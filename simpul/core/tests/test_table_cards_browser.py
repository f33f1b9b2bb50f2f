"""On a 390 px phone the tables become cards: no page scrolls sideways and each cell shows its
column's header (simpul.js copies it into data-label, simpul.css shows it). Without JavaScript
the same tables keep their rows and scroll inside .table-wrap; a table marked data-keep-table
stays a table (and its wrapper takes the keyboard focus when it scrolls)."""

from datetime import date

import pytest

from simpul.core.management.commands.load_demo import DEMO_AGENCY, DEMO_PASSWORD
from simpul.testing.browser import chromium_page, sign_in
from simpul.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# page, a table on it, a header of that table, the text of a cell under that header
PAGES = [
    ("/rencana/aksi/", "table.cards", "PIC", "Koordinator SPBE (demo)"),
    ("/dasbor/pimpinan/", "#daya-ungkit", "Kenaikan indeks", "+"),
    ("/instansi/orang/", "table.cards", "Email", "responden@demo.simpul.invalid"),
]
LABELS = """(table) => [...document.querySelector(table).querySelectorAll('tbody td, tbody th')]
  .map(c => [getComputedStyle(c, '::before').content, c.textContent.trim()])"""
OVERFLOW = "document.documentElement.scrollWidth"


def some_actions():
    from simpul.agencies.models import Agency, Membership
    from simpul.cycles.models import Cycle
    from simpul.plans import operations

    agency = Agency.objects.get(short_code=DEMO_AGENCY["short_code"])
    admin = Membership.objects.get(agency=agency, user__username="admin")
    cycles = Cycle.objects.for_agency(agency).filter(framework__code="spbe-2020")
    cycle = cycles.order_by("-year")[0]
    for number in (1, 5, 20):
        operations.create_action(
            agency,
            membership=admin,
            cycle=cycle,
            indicator=cycle.framework.indicators.get(number=number),
            target_level=3,
            unit=agency.units.order_by("pk")[0],
            pic=admin.user,
            start_date=date(2025, 1, 1),
            due_date=date(2025, 12, 31),
            notes="Menyusun rancangan peraturan dan mengajukannya ke bagian hukum",
        )


def test_tables_become_cards_on_a_phone_and_scroll_without_javascript(
    live_server, settings, tmp_path
):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    some_actions()
    base = live_server.url
    with chromium_page() as page:
        sign_in(page, base, "admin", DEMO_PASSWORD)
        page.set_viewport_size({"width": 390, "height": 844})
        for path, table, header, text in PAGES:
            page.goto(f"{base}{path}")
            assert page.evaluate(OVERFLOW) <= 390, path
            cells = page.evaluate(LABELS, table)
            assert cells, path
            labelled = [shown for label, shown in cells if label == f'"{header}"']
            assert any(text in shown for shown in labelled), (path, header, cells[:12])
            # A card is one block per row: the rows do not sit side by side as table rows do.
            display = page.evaluate(
                "(t) => getComputedStyle(document.querySelector(t + ' tbody tr')).display", table
            )
            assert display == "block", path
            page.screenshot(path=tmp_path / f"{path.strip('/').replace('/', '-')}.png")
        # On a desktop the same table is a table, its cells side by side.
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{base}/rencana/aksi/")
        assert (
            page.evaluate(
                "getComputedStyle(document.querySelector('table.cards tbody tr')).display"
            )
            == "table-row"
        )
        # Without JavaScript: no data-label, rows stay rows, the page still does not scroll
        # sideways (the wrapper does).
        browser = page.context.browser
        context = browser.new_context(
            java_script_enabled=False, viewport={"width": 390, "height": 844}
        )
        context.add_cookies(page.context.cookies())
        plain = context.new_page()
        plain.goto(f"{base}/rencana/aksi/")
        assert plain.evaluate(OVERFLOW) <= 390
        assert plain.locator("td[data-label]").count() == 0
        assert (
            plain.evaluate("getComputedStyle(document.querySelector('tbody tr')).display")
            == "table-row"
        )
        wrap = plain.locator(".table-wrap").first
        assert wrap.evaluate("(w) => w.scrollWidth > w.clientWidth")
        context.close()


def test_a_kept_table_scrolls_and_its_wrapper_takes_the_focus(live_server, settings, tmp_path):
    from simpul.agencies.models import Agency
    from simpul.cycles.models import Cycle

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    agency = Agency.objects.get(short_code=DEMO_AGENCY["short_code"])
    finished = Cycle.objects.for_agency(agency).get(year=2024)
    base = live_server.url
    with chromium_page() as page:
        sign_in(page, base, "admin", DEMO_PASSWORD)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{base}/periode/{finished.pk}/perbandingan/")
        kept = page.locator("table[data-keep-table]").last
        assert kept.locator("tbody td").count() > 40
        assert kept.locator("td[data-label]").count() == 0
        assert kept.evaluate("(t) => getComputedStyle(t.tBodies[0].rows[0]).display") == "table-row"
        assert page.evaluate(OVERFLOW) <= 390
        wrap = page.locator(".table-wrap").last
        assert wrap.evaluate("(w) => w.scrollWidth > w.clientWidth")
        assert wrap.get_attribute("tabindex") == "0"
        assert wrap.get_attribute("role") == "region"
        assert wrap.get_attribute("aria-label") == "Per indikator"
        wrap.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        # Keyboard scrolling may be smooth: wait until it has moved (fails after 5 s if not).
        page.wait_for_function("(w) => w.scrollLeft > 0", arg=wrap.element_handle(), timeout=5000)
