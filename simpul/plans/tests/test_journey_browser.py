"""In a real browser: simulate two raises and watch the predicate change, then plan to
Sangat Baik, turn the plan into actions in one click and find them in the unit's list."""

import pytest

from simpul.agencies.models import Agency
from simpul.core.management.commands.load_demo import DEMO_AGENCY, DEMO_PASSWORD
from simpul.cycles.models import Answer
from simpul.plans.models import Action, ActionSource
from simpul.testing.browser import ARTIFACTS, chromium_page, sign_in
from simpul.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_simulate_then_plan_to_the_next_predicate_and_act(live_server, settings, tmp_path):
    from playwright.sync_api import expect

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    agency = Agency.objects.get(short_code=DEMO_AGENCY["short_code"])
    current = agency.cycles.get(year=2025)
    # This year's self-assessment moved up a little since 2024: 3.373, still Baik, so that
    # raising indicators 38 and 44 (2 → 5: +0.0825 and +0.09) crosses into Sangat Baik.
    Answer.objects.filter(cycle=current, indicator__number__in=[4, 8, 14, 18]).update(self_level=4)
    before = list(Answer.objects.filter(cycle=current).values_list("self_level", "version"))
    official = f"final:{agency.cycles.get(year=2024).pk}"
    base = live_server.url
    # No ORM inside the browser block: Playwright's greenlet would open its own connection.

    with chromium_page() as page:
        sign_in(page, base, "admin", DEMO_PASSWORD)
        page.goto(f"{base}/periode/{current.pk}/")
        page.get_by_role("link", name="Simulasi").first.click()
        page.wait_for_url(f"**/rencana/periode/{current.pk}/simulasi/**")
        simulated = page.locator("#indeks-simulasi")
        predicate = page.locator("#predikat-simulasi")
        expect(simulated).to_have_text("3,37")
        expect(predicate).to_have_text("Baik")
        # A marker that a full page load would wipe: htmx swaps only the result.
        page.evaluate("window.stillHere = true")
        page.locator("#t-I44").select_option("5")
        expect(simulated).to_have_text("3,46")
        expect(predicate).to_have_text("Baik")
        page.locator("#t-I38").select_option("5")
        expect(predicate).to_have_text("Sangat Baik")
        expect(simulated).to_have_text("3,55")
        assert page.evaluate("window.stillHere") is True
        real = page.locator("section.real")
        expect(real).to_contain_text("3,37")
        expect(real).not_to_contain_text("Sangat Baik")
        expect(page.locator("[data-simulation]")).to_contain_text("Simulasi")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "plans-simulation.png"), full_page=True)

        page.goto(f"{base}/rencana/perencana/")
        expect(page.get_by_label("Tingkat awal")).to_have_value(official)
        # The 2024 official levels reproduce the published 3.61 (already Sangat Baik): the
        # plan aims at the next predicate.
        page.get_by_label("Target tahun ke-1").fill("Memuaskan")
        page.get_by_role("button", name="Hitung rencana").click()
        expect(page.locator("#predikat-rencana")).to_have_text("Memuaskan")
        steps = page.locator("#langkah tbody tr").count()
        assert steps > 0
        page.get_by_role("button", name="Jadikan rencana aksi").click()
        page.wait_for_url(f"{base}/rencana/aksi/")
        expect(page.get_by_text(f"{steps} rencana aksi dibuat.")).to_be_visible()

        # The first unit on the list, then only its actions.
        heading = page.locator("section h2").first.inner_text()
        unit = heading.rsplit(" (", 1)[0]
        page.get_by_label("Unit").select_option(label=unit)
        page.get_by_role("button", name="Saring").click()
        expect(page.locator("section h2")).to_have_count(1)
        listed = page.locator("section", has=page.get_by_role("heading", name=unit)).inner_text()
        page.screenshot(path=str(ARTIFACTS / "plans-actions-by-unit.png"), full_page=True)

    made = list(Action.objects.select_related("unit", "indicator").order_by("pk"))
    assert len(made) == steps and all(a.source == ActionSource.PLAN for a in made)
    mine = [a for a in made if a.unit is not None and a.unit.name == unit]
    assert mine
    for action in mine:
        assert f"{action.indicator.number}. {action.indicator.name}" in listed
    # Simulating wrote nothing to the answers.
    after = list(Answer.objects.filter(cycle=current).values_list("self_level", "version"))
    assert before == after


def test_plan_the_pemdi_items_over_two_evaluations_and_act_per_item(
    live_server, settings, tmp_path
):
    """The coordinator opens the item planner from the 2026 Pemdi cycle, plans two
    evaluations, and turns the first evaluation's items into one action per item."""
    from playwright.sync_api import expect

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    agency = Agency.objects.get(short_code=DEMO_AGENCY["short_code"])
    current = agency.cycles.get(year=2026)
    base = live_server.url

    with chromium_page() as page:
        sign_in(page, base, "admin", DEMO_PASSWORD)
        page.goto(f"{base}/periode/{current.pk}/")
        page.get_by_role("link", name="Perencana per butir").first.click()
        page.wait_for_url(f"**/rencana/perencana-butir/?periode={current.pk}")
        expect(page.get_by_label("Periode awal")).to_have_value(str(current.pk))
        page.get_by_label("Target tahun ke-1").fill("1,60")
        page.get_by_label("Target tahun ke-2").fill("2.00")
        page.get_by_role("button", name="Hitung rencana").click()
        expect(page.locator("#peta-jalan tbody tr")).to_have_count(2)
        first_year = page.locator("table.item-plan").first
        codes = first_year.locator("code").all_inner_texts()
        assert codes
        page.get_by_label("Satu aksi per butir").check()
        page.get_by_role("button", name="Jadikan rencana aksi").click()
        page.wait_for_url(f"{base}/rencana/aksi/")
        expect(page.get_by_text("rencana aksi dibuat.")).to_be_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "plans-item-actions.png"), full_page=True)

    made = list(Action.objects.filter(agency=agency).order_by("pk"))
    first = [a for a in made if a.due_date.year == made[0].due_date.year]
    assert sorted(code for a in first for code in a.items) == sorted(codes)
    assert all(len(a.items) == 1 and a.source == ActionSource.PLAN for a in made)
