"""The planner page: starting levels, targets, constraints in; the exact cheapest plan out."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from simpul.cycles import operations as cycle_operations
from simpul.cycles.models import Answer
from simpul.frameworks.spec import decimal_text
from simpul.planner import optimizer
from simpul.planner.defaults import assumptions
from simpul.planner.optimizer import Target, plan
from simpul.plans.models import EffortProfile, Scenario
from simpul.plans.planning import gain_text
from simpul.plans.tests.conftest import level_of, make_action, set_levels
from simpul.testing.pages import without_csrf


def text(response) -> str:
    return " ".join(response.content.decode().split())


def ask(client, cycle, source="self", **params):
    return client.get(reverse("plans:planner"), {"awal": f"{source}:{cycle.pk}", **params})


def optimum(cycle, targets, **constraints):
    engine = cycle.framework.engine()
    levels = {item.code: level_of(item.number) for item, _group in engine.spec.indicators()}
    efforts = assumptions(engine.spec).efforts
    return plan(engine, levels, targets, efforts, **constraints)


def test_the_empty_form_starts_from_the_latest_complete_levels(as_user, personas, cycle):
    html = text(as_user(personas.admin).get(reverse("plans:planner")))
    assert f'<option value="self:{cycle.pk}" selected>2025 · Penilaian mandiri</option>' in html
    assert "2025 · Hasil akhir resmi (baru 0 dari 47 bertingkat)" in html
    assert "Hitung rencana" in html and "Daya ungkit" not in html


def test_planning_to_a_predicate_gives_the_exact_cheapest_steps(as_user, personas, cycle):
    response = ask(as_user(personas.admin), cycle, target_1="Sangat Baik")
    html = text(response)
    expected = optimum(cycle, [Target(Decimal("3.5"), True, "Sangat Baik")])
    assert expected.feasible
    assert f"total upaya {expected.total_effort} hari kerja" in html
    assert f'<strong id="predikat-rencana">{expected.final.predicate}</strong>' in html
    assert expected.final.predicate == "Sangat Baik"
    table = html[html.index('id="langkah"') : html.index("</table>", html.index('id="langkah"'))]
    # The first target year: the one after the start's cycle, or this year if later.
    first = max(2026, timezone.localdate().year)
    assert table.count(f"<tr><td>{first}</td>") == len(expected.steps)
    first = expected.steps[0]
    shown = gain_text(first.gain).replace(".", ",")
    assert (
        f'<td class="num">{first.from_level} → {first.to_level}</td>'
        f'<td class="num" title="tepat: {decimal_text(first.gain)}">+{shown}</td>' in table
    )
    assert "Daya ungkit" in html and "Jadikan rencana aksi" in html


@pytest.mark.parametrize("target", ["3.5", "3,50", "sangat baik"])
def test_an_index_value_or_a_predicate_name_are_the_same_target(as_user, personas, cycle, target):
    html = text(ask(as_user(personas.admin), cycle, target_1=target))
    expected = optimum(cycle, [Target(Decimal("3.5"))])
    assert f"total upaya {expected.total_effort} hari kerja" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"target_1": "tinggi"},
            "Target harus nilai indeks (mis. 3,50) atau nama predikat (Kurang, Cukup, Baik, "
            "Sangat Baik, Memuaskan), bukan “tinggi”.",
        ),
        ({"target_1": "6"}, "Target 6 di luar skala indeks 1–5."),
        ({"target_1": "3.5", "target_3": "4"}, "Isi target tahun ke-2 dahulu"),
        (
            {"target_1": "3.5", "kunci": "3, 99"},
            "Indikator “99” tidak ada dalam kerangka Indeks SPBE (Peraturan Menteri PANRB "
            "Nomor 59 Tahun 2020).",
        ),
        (
            {"target_1": "3.5", "maks_langkah": "-1"},
            "Pastikan nilai ini lebih besar dari atau sama dengan 0.",
        ),
        (
            {"target_1": "3.5", "tahun": "1999"},
            "Pastikan nilai ini lebih besar dari atau sama dengan 2000.",
        ),
        ({}, "Bidang ini tidak boleh kosong."),
    ],
)
def test_bad_input_is_named_and_nothing_is_planned(as_user, personas, cycle, params, message):
    response = ask(as_user(personas.admin), cycle, **params)
    html = text(response)
    assert response.status_code == 200 and "Daya ungkit" not in html
    assert message in html
    assert 'class="errorlist"' in html


def test_a_start_with_missing_levels_names_them(as_user, personas, cycle):
    Answer.objects.filter(cycle=cycle, indicator__number__in=[7, 30]).update(self_level=None)
    html = text(ask(as_user(personas.admin), cycle, target_1="3.5"))
    assert "Tingkat awal harus lengkap; belum bertingkat: indikator 7 (I07), 30 (I30)." in html


@pytest.mark.parametrize("typed", ["44, I38", "I044 i38", "44;38"])
def test_locks_read_indicator_numbers_the_way_every_form_does(as_user, personas, cycle, typed):
    html = text(ask(as_user(personas.admin), cycle, target_1="3.5", kunci=typed))
    expected = optimum(cycle, [Target(Decimal("3.5"))], locks=["I44", "I38"])
    assert "tidak ada dalam kerangka" not in html
    assert f"total upaya {expected.total_effort} hari kerja" in html


def test_a_start_from_another_agency_is_not_a_choice(as_user, personas, cycle, cycle_b):
    html = text(ask(as_user(personas.admin), cycle_b, target_1="3.5"))
    assert f"Tingkat awal “self:{cycle_b.pk}” tidak tersedia" in html
    assert "Daya ungkit" not in html


def test_locked_indicators_stay_where_they_are(as_user, personas, cycle):
    html = text(ask(as_user(personas.admin), cycle, target_1="3.5", kunci="44 I38"))
    expected = optimum(cycle, [Target(Decimal("3.5"))], locks=["I44", "I38"])
    assert f"total upaya {expected.total_effort} hari kerja" in html
    assert all(step.indicator not in ("I44", "I38") for step in expected.steps)


def test_an_unreachable_target_says_how_high_it_can_go_and_what_limits_it(as_user, personas, cycle):
    services = " ".join(str(n) for n in range(32, 48))
    html = text(
        ask(
            as_user(personas.admin),
            cycle,
            target_1="Memuaskan",
            maks_langkah="1",
            kunci=services,
            tahun="2026",
        )
    )
    locks = [f"I{n}" for n in range(32, 48)]
    expected = optimum(cycle, [Target(Decimal("4.2"))], max_steps=1, locks=locks)
    assert not expected.feasible
    reachable = cycle.framework.engine().display(expected.final.max_reachable)
    assert (
        "Target tidak dapat dicapai di bawah batasan ini. Indeks tertinggi yang dapat dicapai "
        f"(tahun 2026): {reachable}." in html
    )
    limits = html[html.index("Yang membatasi") :]
    assert "44. Keterpaduan" not in limits or "dikunci" in limits
    assert "dikunci" in limits and "batas langkah per tahun" in limits


def test_a_roadmap_plans_several_years_at_once(as_user, personas, cycle):
    html = text(
        ask(
            as_user(personas.admin),
            cycle,
            target_1="3.4",
            target_2="3.8",
            maks_langkah="1",
            tahun="2027",
        )
    )
    expected = optimum(cycle, [Target(Decimal("3.4")), Target(Decimal("3.8"))], max_steps=1)
    assert expected.feasible
    assert "Peta jalan" in html and "<td>2027</td><td>3,4</td>" in html
    assert "<td>2028</td><td>3,8</td>" in html
    assert f"total upaya {expected.total_effort} hari kerja" in html


def test_the_suggested_rules_are_off_unless_chosen_and_explained(as_user, personas, cycle):
    client = as_user(personas.admin)
    html = text(ask(client, cycle, target_1="Memuaskan"))
    assert "indikator penerapan tidak boleh naik lebih dari satu tingkat" in html
    rules = assumptions(cycle.framework.spec()).rules
    with_rules = optimum(cycle, [Target(Decimal("4.2"))], rules=rules)
    without = optimum(cycle, [Target(Decimal("4.2"))])
    html_rules = text(ask(client, cycle, target_1="Memuaskan", aturan_usulan="on"))
    assert f"total upaya {with_rules.total_effort} hari kerja" in html_rules
    assert f"total upaya {without.total_effort} hari kerja" in html


def test_the_agencys_saved_efforts_are_used(as_user, personas, cycle):
    EffortProfile.objects.create(
        agency=personas.agency_a,
        framework=cycle.framework,
        unit="juta rupiah",
        overrides={"I20": {"4": "0"}, "I12": {"4": "0"}},
    )
    html = text(ask(as_user(personas.admin), cycle, target_1="3.3"))
    assert "Upaya per langkah dalam juta rupiah." in html
    steps = html[html.index('id="langkah"') :]
    # Free steps are always worth taking: both appear, from 4 to 5, at no effort.
    for number in (12, 20):
        row = re.search(rf'<td class="num">{number}</td><td>[^<]+</td>(.*?)</tr>', steps)
        assert row and '<td class="num">4 → 5</td>' in row[1]
        assert row[1].endswith('<td class="num">0</td>')


def test_a_scenario_can_be_the_start(as_user, personas, cycle):
    levels = {f"I{n:02d}": level_of(n) for n in range(1, 48)} | {"I44": 5, "I38": 5}
    scenario = Scenario.objects.create(
        agency=personas.agency_a, cycle=cycle, name="Sudah naik", levels=levels
    )
    html = text(
        as_user(personas.admin).get(
            reverse("plans:planner"), {"awal": f"skenario:{scenario.pk}", "target_1": "3.3"}
        )
    )
    assert "Skenario “Sudah naik” (2025)" in html
    assert "Indeks awal</th><td>3,39 · Baik" in html


def test_an_instance_beyond_the_exact_budget_gets_a_clear_message(
    as_user, personas, cycle, monkeypatch
):
    # The search budget is a setting of the optimizer; shrink it to hit the refusal.
    monkeypatch.setattr(optimizer, "NODE_LIMIT", 1)
    html = text(ask(as_user(personas.admin), cycle, target_1="3.4", target_2="3.8"))
    assert "Rencana tidak dapat dihitung tepat: peta jalan ini terlalu rumit" in html


def test_the_official_result_is_a_start_once_complete(as_user, personas, cycle):
    set_levels(cycle, "final_level", level=lambda number: 3)
    html = text(as_user(personas.admin).get(reverse("plans:planner")))
    assert f'<option value="final:{cycle.pk}" selected>2025 · Hasil akhir resmi</option>' in html
    answer = text(ask(as_user(personas.admin), cycle, source="final", target_1="3.5"))
    assert "Indeks awal</th><td>3,00 · Baik" in answer


@pytest.mark.parametrize(
    ("name", "status"),
    [("admin", 200), ("assessor", 200), ("leader", 200), ("respondent", 403), ("partner", 403)],
)
def test_who_may_plan(as_user, personas, cycle, name, status):
    response = ask(as_user(getattr(personas, name)), cycle, target_1="3.5")
    assert response.status_code == status
    if status == 200:
        assert ("Jadikan rencana aksi" in text(response)) == (name == "admin")


def test_the_planner_reads_a_fixed_number_of_queries(
    as_user, personas, cycle, django_assert_max_num_queries
):
    client = as_user(personas.admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert ask(client, cycle, target_1="3.5").status_code == 200
        return len(queries)

    count()
    few = count()
    for k in range(20):
        Scenario.objects.create(agency=personas.agency_a, cycle=cycle, name=f"S{k}", levels={})
        make_action(personas, cycle, f"I{k + 1:02d}")
    with django_assert_max_num_queries(10):
        ask(client, cycle, target_1="3.5")
    assert count() == few


def test_the_first_target_year_is_never_in_the_past(as_user, personas, cycle):
    old = cycle_operations.open_cycle(
        personas.agency_a, year=2019, framework=cycle.framework, include_visit=False, user=None
    )
    set_levels(old, "self_level")
    html = text(ask(as_user(personas.admin), old, target_1="3.3"))
    assert f"<tr><td>{timezone.localdate().year}</td>" in html
    html = text(ask(as_user(personas.admin), old, target_1="3.3", tahun="2020"))
    assert "<tr><td>2020</td>" in html


def test_an_agency_without_cycles_is_told_what_to_do_first(as_user, personas, spbe):
    response = as_user(personas.admin).get(reverse("plans:planner"))
    assert response.status_code == 200
    assert "Belum ada periode evaluasi untuk dijadikan tingkat awal." in text(response)


def test_a_planner_link_saved_with_the_old_source_name_opens_the_same_start(
    as_user, personas, cycle
):
    moved = ask(as_user(personas.admin), cycle, source="mandiri", target_1="3.5")
    assert moved.status_code == 301 and f"awal=self%3A{cycle.pk}" in moved["Location"]
    html = text(as_user(personas.admin).get(moved["Location"]))
    assert f'<option value="self:{cycle.pk}" selected>' in html
    same = text(ask(as_user(personas.admin), cycle, source="self", target_1="3.5"))
    assert without_csrf(html) == without_csrf(same)
