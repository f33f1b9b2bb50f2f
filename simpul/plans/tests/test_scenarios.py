"""Saved scenarios: keep a what-if under a name, compare it with the real state, discard it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.cycles import operations as cycle_operations
from simpul.frameworks.operations import import_framework
from simpul.plans import operations
from simpul.plans.models import Scenario
from simpul.plans.tests.conftest import set_levels

RAISED = {f"t-I{n}": "5" for n in range(42, 48)}


def text(response) -> str:
    return " ".join(response.content.decode().split())


def save(client, cycle, **data):
    return client.post(reverse("plans:scenario_save", args=[cycle.pk]), data)


def scenario(personas, cycle, name="Layanan publik", levels=None, source="self") -> Scenario:
    return Scenario.objects.create(
        agency=cycle.agency, cycle=cycle, name=name, levels=levels or {}, source=source
    )


def test_saving_keeps_the_simulated_levels_under_a_name(as_user, personas, cycle):
    response = save(
        as_user(personas.assessor), cycle, name="  Layanan   publik ", sumber="self", **RAISED
    )
    assert response.status_code == 302 and response["Location"] == reverse("plans:scenarios")
    kept = Scenario.objects.get()
    assert (kept.name, kept.source, kept.created_by) == (
        "Layanan publik",
        "self",
        personas.assessor,
    )
    assert kept.levels["I44"] == 5 and kept.levels["I01"] == 3 and len(kept.levels) == 47


def test_a_level_emptied_in_the_simulation_is_left_out_of_the_scenario(as_user, personas, cycle):
    save(as_user(personas.admin), cycle, name="Tanpa I01", sumber="self", **{"t-I01": ""})
    assert "I01" not in Scenario.objects.get().levels


def test_a_scenario_needs_a_name(as_user, personas, cycle):
    response = save(as_user(personas.admin), cycle, name="  ", sumber="self", **RAISED)
    html = text(response)
    assert response.status_code == 200 and 'class="errorlist"' in html
    assert not Scenario.objects.exists()
    # What the user simulated is still there to save again.
    assert 'name="t-I44" value="5"' in html


def test_a_second_scenario_with_the_same_name_is_refused_by_name(as_user, personas, cycle):
    scenario(personas, cycle, name="Layanan Publik")
    html = text(save(as_user(personas.admin), cycle, name="layanan publik", sumber="self"))
    assert "Periode 2025 sudah memiliki skenario “layanan publik”" in html
    assert Scenario.objects.count() == 1


def test_a_bad_level_is_named_and_nothing_is_saved(as_user, personas, cycle):
    html = text(save(as_user(personas.admin), cycle, name="X", sumber="self", **{"t-I07": "8"}))
    assert "Indikator 7 (I07): tingkat “8” tidak ada pada skalanya (1–5)." in html
    assert not Scenario.objects.exists()


def test_the_action_refuses_levels_outside_the_scale_and_unknown_indicators(
    personas, cycle, people
):
    with pytest.raises(operations.PlansError, match="Indikator 3 \\(I03\\): tingkat 7"):
        operations.save_scenario(
            cycle, name="A", source="self", levels={"I03": 7}, membership=people.admin
        )
    with pytest.raises(operations.PlansError, match="I99 tidak ada"):
        operations.save_scenario(
            cycle, name="A", source="self", levels={"I99": 2}, membership=people.admin
        )
    with pytest.raises(operations.PlansError, match="tidak dikenal"):
        operations.save_scenario(cycle, name="A", source="x", levels={}, membership=people.admin)
    with pytest.raises(operations.PlansError, match="paling panjang 120"):
        operations.save_scenario(
            cycle, name="A" * 121, source="self", levels={}, membership=people.admin
        )
    assert not Scenario.objects.exists()


@pytest.mark.parametrize(("name", "status"), [("leader", 403), ("respondent", 403)])
def test_readers_may_not_keep_scenarios(as_user, personas, cycle, name, status):
    response = save(as_user(getattr(personas, name)), cycle, name="X", sumber="self")
    assert response.status_code == status and not Scenario.objects.exists()


def test_the_action_refuses_a_leader_and_another_agency(personas, cycle, cycle_b, people):
    with pytest.raises(operations.PlansError, match="tidak berwenang"):
        operations.save_scenario(
            cycle, name="X", source="self", levels={}, membership=people.leader
        )
    with pytest.raises(operations.PlansError, match="tidak berwenang"):
        operations.save_scenario(
            cycle_b, name="X", source="self", levels={}, membership=people.admin
        )


def test_saving_on_another_agencys_cycle_is_not_found(as_user, personas, cycle_b):
    response = save(as_user(personas.admin), cycle_b, name="X", sumber="self")
    assert response.status_code == 404 and not Scenario.objects.exists()


def test_the_list_shows_only_the_agencys_own_scenarios(as_user, personas, cycle, cycle_b):
    scenario(personas, cycle, name="Milik Natuna")
    scenario(personas, cycle_b, name="Milik Bintan")
    html = text(as_user(personas.leader).get(reverse("plans:scenarios")))
    assert "Milik Natuna" in html and "Milik Bintan" not in html
    assert "buang" not in html  # the leader reads only


def test_two_scenarios_and_the_real_state_side_by_side(as_user, personas, cycle):
    a = scenario(personas, cycle, "Layanan", {**{f"I{n}": 5 for n in range(42, 48)}})
    b = scenario(personas, cycle, "Kebijakan", {f"I{n:02d}": 5 for n in range(1, 11)})
    for item in (a, b):
        item.levels = {
            **{f"I{n:02d}": [4, 3, 4, 3, 2, 4, 3, 4, 2, 3][n % 10] for n in range(1, 48)},
            **item.levels,
        }
        item.save()
    response = as_user(personas.leader).get(reverse("plans:compare"), {"a": a.pk, "b": b.pk})
    html = text(response)
    assert response.status_code == 200
    assert "Nyata · 2025 · Penilaian mandiri" in html
    assert '<span class="figure">3,22</span> <strong>Baik</strong>' in html
    assert '<span class="figure">3,52</span> <strong>Sangat Baik</strong> · +0,30' in html
    # I01..I10 (1.3 each) from their demo levels (sum 32) to 5: +18 × 0.013 = 0.234 → 3.455.
    assert '<span class="figure">3,46</span> <strong>Baik</strong> · +0,23' in html
    changed = html[html.index("Indikator yang berbeda") :]
    assert changed.count('<tr><td class="num">') == 16
    assert (
        '<td class="num">44</td><td>' in changed
        and '<td class="num">2</td><td class="num simv">5</td><td class="num simv">2</td>'
        in changed
    )


def test_comparing_with_the_official_state_uses_the_final_levels(as_user, personas, cycle):
    set_levels(cycle, "final_level", level=lambda number: 2)
    a = scenario(personas, cycle, "Semua tiga", {f"I{n:02d}": 3 for n in range(1, 48)})
    html = text(
        as_user(personas.admin).get(reverse("plans:compare"), {"a": a.pk, "sumber": "final"})
    )
    assert "Nyata · 2025 · Hasil akhir resmi" in html
    assert '<span class="figure">2,00</span> <strong>Cukup</strong>' in html
    assert '<span class="figure">3,00</span> <strong>Baik</strong> · +1,00' in html


def test_scenarios_of_different_frameworks_are_not_compared(
    as_user, personas, cycle, shipped_specs
):
    pemdi = import_framework(shipped_specs["pemdi-2026-draft"]).framework
    other = cycle_operations.open_cycle(
        personas.agency_a, year=2026, framework=pemdi, include_visit=False, user=None
    )
    a, b = scenario(personas, cycle, "SPBE"), scenario(personas, other, "PEMDI")
    response = as_user(personas.admin).get(
        reverse("plans:compare"), {"a": a.pk, "b": b.pk}, follow=True
    )
    assert response.redirect_chain == [(reverse("plans:scenarios"), 302)]
    assert "“SPBE” dan “PEMDI” memakai kerangka berbeda" in text(response)


def test_comparing_another_agencys_scenario_is_not_found(as_user, personas, cycle, cycle_b):
    mine, theirs = scenario(personas, cycle, "A"), scenario(personas, cycle_b, "B")
    client = as_user(personas.admin)
    assert client.get(reverse("plans:compare"), {"a": theirs.pk}).status_code == 404
    assert client.get(reverse("plans:compare"), {"a": mine.pk, "b": theirs.pk}).status_code == 404
    assert client.get(reverse("plans:compare"), {"a": "satu"}).status_code == 404


def test_discarding_a_scenario(as_user, personas, cycle):
    item = scenario(personas, cycle)
    client = as_user(personas.assessor)
    assert client.get(reverse("plans:scenario_delete", args=[item.pk])).status_code == 405
    response = client.post(reverse("plans:scenario_delete", args=[item.pk]), follow=True)
    assert "Skenario “Layanan publik” dibuang." in text(response)
    assert not Scenario.objects.exists()


def test_only_writers_of_the_agency_discard_scenarios(as_user, personas, cycle, cycle_b):
    mine, theirs = scenario(personas, cycle, "A"), scenario(personas, cycle_b, "B")
    assert (
        as_user(personas.leader).post(reverse("plans:scenario_delete", args=[mine.pk])).status_code
        == 403
    )
    assert (
        as_user(personas.admin).post(reverse("plans:scenario_delete", args=[theirs.pk])).status_code
        == 404
    )
    assert Scenario.objects.count() == 2


def test_the_scenario_list_reads_a_fixed_number_of_queries(
    as_user, personas, cycle, django_assert_max_num_queries
):
    client = as_user(personas.admin)
    path = reverse("plans:scenarios")
    scenario(personas, cycle, "Awal")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    few = count()
    for k in range(40):
        scenario(personas, cycle, f"S{k}", {"I01": 4})
    with django_assert_max_num_queries(6):
        client.get(path)
    assert count() == few
