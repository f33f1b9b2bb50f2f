"""Ids from the query string or a form that are not numbers, or too large for the database."""

import pytest
from django.urls import reverse

HUGE = "9" * 25
BAD_IDS = [HUGE, "abc", "²", "-1", "9" * 5000]


@pytest.mark.parametrize("value", BAD_IDS)
def test_switching_agency_with_a_bad_membership_says_what_to_choose(as_user, personas, value):
    client = as_user(personas.multi)
    response = client.post(reverse("agencies:switch"), {"membership": value}, follow=True)
    assert response.status_code == 200
    assert "Pilih instansi dan peran dari daftar." in response.content.decode()


@pytest.mark.parametrize("value", BAD_IDS)
@pytest.mark.parametrize("param", ["indikator", "domain"])
def test_the_forum_list_ignores_an_indicator_id_it_cannot_read(as_user, personas, param, value):
    response = as_user(personas.admin).get(reverse("forum:index"), {param: value})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "plans:actions",
        "plans:actions_by_indicator",
        "plans:actions_overdue",
        "plans:actions_timeline",
        "plans:action_new",
    ],
)
@pytest.mark.parametrize("value", [HUGE, "²"])
def test_every_action_view_ignores_a_unit_too_large_for_the_database(
    as_user, personas, name, value
):
    params = {"unit": value, "indikator": value, "periode": value}
    response = as_user(personas.admin).get(reverse(name), params)
    assert response.status_code == 200


@pytest.mark.parametrize("value", [HUGE, "²", "abc"])
def test_the_national_pages_ignore_a_year_they_cannot_read(as_user, personas, value):
    assert (
        as_user(personas.admin).get(reverse("national:comparison"), {"tahun": value}).status_code
        == 200
    )
    assert (
        as_user(personas.staff).get(reverse("national:table"), {"tahun": value}).status_code == 200
    )
    assert (
        as_user(personas.admin).get(reverse("forum:figures"), {"tahun": value}).status_code == 200
    )
