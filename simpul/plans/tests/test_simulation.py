"""The what-if page: real levels, level controls, and the index recomputed by the engine."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.cycles.models import Answer
from simpul.plans.models import Scenario
from simpul.plans.tests.conftest import make_action, set_levels

# I42..I47 (Layanan Publik, weight 3 each) all to 5: 3.221 + 0.30 = 3.521, Sangat Baik.
PUBLIC_SERVICES_TO_FIVE = {f"t-I{n}": "5" for n in range(42, 48)}


def url(cycle, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("plans:simulate", args=[cycle.pk]) + (f"?{query}" if query else "")


def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_page_shows_every_indicator_with_a_level_control_and_the_real_index(
    as_user, personas, cycle
):
    response = as_user(personas.admin).get(url(cycle))
    html = text(response)
    assert response.status_code == 200
    assert html.count('<select id="t-I') == 47
    assert '<option value="3" selected>3 · Terdefinisi (nyata)</option>' in html
    assert 'id="indeks-simulasi">3,22</span> <strong id="predikat-simulasi">Baik' in html
    assert "hanya simulasi: tidak disimpan ke jawaban" in html


def test_raising_levels_recomputes_index_predicate_and_groups_in_one_fragment(
    as_user, personas, cycle
):
    response = as_user(personas.admin).get(
        reverse("plans:simulate", args=[cycle.pk]),
        {"sumber": "self", **PUBLIC_SERVICES_TO_FIVE},
        HTTP_HX_REQUEST="true",
    )
    html = text(response)
    assert response.status_code == 200 and "<html" not in html and "<select" not in html
    assert 'id="indeks-simulasi">3,52</span> <strong id="predikat-simulasi">Sangat Baik' in html
    assert "selisih <strong>+0,30</strong>" in html
    # The real figure stays beside it, unchanged, and outside the simulation frame.
    real = html[html.index('class="real"') : html.index('class="sim"')]
    assert "3,22" in real and "Baik" in real and "3,52" not in real
    assert (
        'Layanan Publik Berbasis Elektronik</td><td class="num">3,33</td>'
        '<td class="num simv">5,00</td>' in html
    )
    assert "44. " in html and "2 → <strong>5</strong>" in html
    assert "HX-Request" in response["Vary"]


def test_without_javascript_the_button_gives_the_whole_page_with_the_simulation(
    as_user, personas, cycle
):
    response = as_user(personas.admin).get(
        reverse("plans:simulate", args=[cycle.pk]), {"sumber": "self", "t-I44": "5"}
    )
    html = text(response)
    assert "<html" in html and "Hitung ulang simulasi" in html
    assert '<option value="5" selected>5 · Optimum</option>' in html
    assert 'id="indeks-simulasi">3,31</span>' in html
    # The changed row is marked in the controls.
    assert '<tr class="changed"> <td class="num">44</td>' in html


def test_simulating_never_writes_to_the_answers(as_user, personas, cycle):
    before = list(Answer.objects.filter(cycle=cycle).values_list("self_level", "version"))
    client = as_user(personas.admin)
    client.get(url(cycle, **PUBLIC_SERVICES_TO_FIVE), HTTP_HX_REQUEST="true")
    client.post(
        reverse("plans:scenario_save", args=[cycle.pk]),
        {"name": "Layanan publik", "sumber": "self", **PUBLIC_SERVICES_TO_FIVE},
    )
    after = list(Answer.objects.filter(cycle=cycle).values_list("self_level", "version"))
    assert before == after
    assert Scenario.objects.get().levels["I44"] == 5


@pytest.mark.parametrize("value", ["9", "0", "tiga", "-1"])
def test_a_level_outside_the_scale_is_named_and_the_real_level_kept(
    as_user, personas, cycle, value
):
    html = text(as_user(personas.admin).get(url(cycle, **{"t-I05": value})))
    assert f"Indikator 5 (I05): tingkat “{value}” tidak ada pada skalanya (1–5)." in html
    assert 'id="indeks-simulasi">3,22</span>' in html


def test_an_empty_level_means_not_answered_and_the_index_is_provisional(as_user, personas, cycle):
    html = text(as_user(personas.admin).get(url(cycle, **{"t-I01": ""})))
    sim = html[html.index('class="sim"') :]
    assert "sementara" in sim and "46 dari 47 indikator bertingkat." in sim


def test_the_simulation_can_start_from_internal_or_official_levels(as_user, personas, cycle):
    set_levels(cycle, "final_level", level=lambda number: 2)
    client = as_user(personas.admin)
    official = text(client.get(url(cycle, sumber="final")))
    assert 'id="indeks-simulasi">2,00</span> <strong id="predikat-simulasi">Cukup' in official
    internal = text(client.get(url(cycle, sumber="internal")))
    assert 'id="indeks-simulasi">—</span>' in internal
    # An unknown source falls back to the self-assessment.
    assert 'id="indeks-simulasi">3,22</span>' in text(client.get(url(cycle, sumber="palsu")))


def test_a_saved_scenario_opens_with_its_levels_over_the_real_ones(as_user, personas, cycle):
    scenario = Scenario.objects.create(
        agency=personas.agency_a, cycle=cycle, name="Naik", levels={"I44": 5}, source="self"
    )
    html = text(as_user(personas.admin).get(url(cycle, skenario=scenario.pk)))
    assert "Berangkat dari skenario “Naik”." in html
    # Left out of the scenario means no level in it: 46 of 47 answered, I44 at 5.
    assert '<option value="5" selected>5 · Optimum</option>' in html


def test_a_scenario_of_another_cycle_or_agency_is_not_found(as_user, personas, cycle, cycle_b):
    other = Scenario.objects.create(agency=personas.agency_b, cycle=cycle_b, name="B", levels={})
    client = as_user(personas.admin)
    assert client.get(url(cycle, skenario=other.pk)).status_code == 404
    assert client.get(url(cycle, skenario="x")).status_code == 404


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("admin", 200),
        ("assessor", 200),
        ("leader", 200),
        ("respondent", 403),
        ("external", 403),
        ("partner", 403),
    ],
)
def test_who_may_simulate(as_user, personas, cycle, name, status):
    assert as_user(getattr(personas, name)).get(url(cycle)).status_code == status


def test_the_leader_may_simulate_but_not_keep_scenarios(as_user, personas, cycle):
    html = text(as_user(personas.leader).get(url(cycle)))
    assert "Simpan sebagai skenario" not in html
    assert "Simpan sebagai skenario" in text(as_user(personas.assessor).get(url(cycle)))


def test_another_agencys_cycle_is_not_found(as_user, personas, cycle, cycle_b):
    assert as_user(personas.admin).get(url(cycle_b)).status_code == 404
    assert as_user(personas.admin_b).get(url(cycle)).status_code == 404


def test_people_without_a_membership_are_sent_home(as_user, personas, cycle):
    response = as_user(personas.staff).get(url(cycle))
    assert response.status_code == 302 and response["Location"] == reverse("core:home")


def queries_for(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_page_reads_a_fixed_number_of_queries(
    as_user, personas, cycle, django_assert_max_num_queries
):
    client = as_user(personas.admin)
    path = url(cycle, **PUBLIC_SERVICES_TO_FIVE)
    client.get(path)  # warm the engine cache
    few = queries_for(client, path)
    for k in range(30):
        Scenario.objects.create(agency=personas.agency_a, cycle=cycle, name=f"S{k}", levels={})
        make_action(personas, cycle, f"I{k % 40 + 1:02d}")
    with django_assert_max_num_queries(6):
        client.get(path)
    assert queries_for(client, path) == few
