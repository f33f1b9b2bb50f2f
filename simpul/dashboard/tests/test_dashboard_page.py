from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.cycles.models import Answer
from simpul.dashboard.models import DashboardSettings

from .conftest import add_action, grow, open_with_levels

URL = reverse("dashboard:index")


def test_the_dashboard_shows_the_index_predicate_and_the_target(personas, cycle, as_user):
    DashboardSettings.objects.create(agency=personas.agency_a, target_index=Decimal("3.5"))
    response = as_user(personas.leader).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="indeks-mandiri">3,22<' in body
    assert "Baik" in body
    assert ">3,50<" in body


def test_last_year_is_the_previous_cycle_official_when_final_levels_exist(
    personas, cycle, spbe, as_user
):
    last = open_with_levels(personas.agency_a, 2024, spbe, personas.admin, level=lambda n: 2)
    last.answers.update(final_level=1)
    body = as_user(personas.admin).get(URL).content.decode()
    assert "Tahun lalu" in body and "(2024)" in body
    assert ">1,00<" in body


def test_the_dashboard_draws_radar_bars_heat_map_and_trend_each_with_a_table(
    personas, cycle, as_user
):
    body = as_user(personas.assessor).get(URL).content.decode()
    for chart in ("radar", "bars", "heat", "trend"):
        assert f'class="{chart}"' in body
    assert body.count('<table class="chart-data">') == 4
    assert "Indeks per domain" in body and "Indeks per aspek" in body


def test_each_heat_map_square_links_to_its_answer(personas, cycle, as_user):
    body = as_user(personas.admin).get(URL).content.decode()
    for answer in Answer.objects.filter(cycle=cycle):
        assert reverse("cycles:answer", args=[answer.pk]) in body


def test_unit_progress_counts_answered_accepted_and_overdue(personas, cycle, as_user):
    response = as_user(personas.admin).get(URL)
    units = {row.unit.pk: row for row in response.context["units"]}
    bappeda, diskominfo = units[personas.unit_a2.pk], units[personas.unit_a.pk]
    assert (bappeda.total, bappeda.answered, bappeda.overdue, bappeda.accepted) == (10, 10, 3, 0)
    assert (diskominfo.total, diskominfo.accepted, diskominfo.overdue) == (37, 8, 0)


def test_open_and_overdue_actions_are_counted(personas, cycle, as_user):
    today = timezone.localdate()
    add_action(personas, 4, today - timedelta(days=2))
    add_action(personas, 5, today + timedelta(days=20))
    response = as_user(personas.admin).get(URL)
    assert len(response.context["actions"]) == 2
    assert [a.indicator.code for a in response.context["overdue"]] == ["I04"]
    assert 'id="aksi-terlambat"' in response.content.decode()


def test_participation_figures_are_shown(personas, cycle, as_user):
    body = as_user(personas.admin).get(URL).content.decode()
    assert 'id="partisipasi"' in body and "Rapat terlaksana" in body


def test_an_agency_without_cycles_sees_a_notice(personas, as_user):
    response = as_user(personas.admin).get(URL)
    assert response.status_code == 200
    assert "Belum ada periode evaluasi" in response.content.decode()


def test_a_partner_gets_a_page_pointing_to_the_forum_and_no_figures(personas, cycle, as_user):
    response = as_user(personas.partner).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="dasbor-mitra"' in body and reverse("forum:index") in body
    assert 'id="indeks-mandiri"' not in body and "3,22" not in body  # no index, no answers


def test_the_dashboard_shows_only_the_members_agency(personas, cycle, as_user):
    response = as_user(personas.admin_b).get(URL)
    assert response.status_code == 200
    assert response.context["current"] is None
    assert (
        reverse("cycles:answer", args=[cycle.answers.first().pk]) not in response.content.decode()
    )


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/akun/" in response["Location"]


@pytest.mark.parametrize("url", [URL, reverse("dashboard:leader")])
def test_query_count_does_not_grow_with_data(
    url, personas, cycle, spbe, as_user, django_assert_max_num_queries
):
    client = as_user(personas.admin)
    add_action(personas, 4, timezone.localdate() - timedelta(days=2))
    client.get(url)  # warm the engine cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    grow(personas, spbe, cycle, 4)
    with django_assert_max_num_queries(len(before)):
        response = client.get(url)
    assert response.status_code == 200
    assert personas.agency_a.cycles.count() == 5 and personas.agency_a.actions.count() == 5
