"""GET /api/v1/frameworks and /api/v1/cycles: signed in or a token, scoped to the token's (or
the session's) agency through the cycles chokepoints, paginated, query counts flat."""

import pytest
from django.test import Client
from django.urls import reverse

from simpul.api.operations import create_token
from simpul.cycles import operations as cycle_operations
from simpul.frameworks.models import Framework

pytestmark = pytest.mark.django_db


def bearer(membership, scope: str = "read") -> Client:
    _, plain = create_token(membership, "uji", scope, days=30)
    return Client(headers={"Authorization": f"Bearer {plain}"})


def open_cycles(agency, user, years) -> list:
    spbe = Framework.objects.get(code="spbe-2020")
    return [
        cycle_operations.open_cycle(
            agency, year=year, framework=spbe, include_visit=False, user=user
        )
        for year in years
    ]


def test_frameworks_are_listed_with_a_token(frameworks_loaded, personas) -> None:
    response = bearer(personas.partner_membership).get(reverse("api:frameworks"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == Framework.objects.count() >= 3
    assert {"spbe-2020", "pemdi-2026"} <= {row["code"] for row in body["results"]}
    spbe = next(row for row in body["results"] if row["code"] == "spbe-2020")
    assert spbe["weight_total"] == str(Framework.objects.get(code="spbe-2020").weight_total)


def test_reading_needs_a_sign_in_or_a_token(frameworks_loaded) -> None:
    for name in ("api:frameworks", "api:cycles"):
        response = Client().get(reverse(name))
        assert response.status_code == 401
        assert response.json()["error"]["field"] == "Authorization"


def test_cycles_are_the_token_agency_s_only(frameworks_loaded, personas) -> None:
    mine = open_cycles(personas.agency_a, personas.admin, [2024, 2025])
    theirs = open_cycles(personas.agency_b, personas.admin_b, [2025])[0]
    client = bearer(personas.respondent_membership)
    body = client.get(reverse("api:cycles")).json()
    assert [row["id"] for row in body["results"]] == [mine[1].pk, mine[0].pk]
    assert body["results"][0]["framework"] == "spbe-2020" and body["results"][0]["year"] == 2025
    assert client.get(reverse("api:cycle", args=[mine[0].pk])).json()["year"] == 2024
    refused = client.get(reverse("api:cycle", args=[theirs.pk]))
    assert refused.status_code == 404
    assert refused.json() == {"error": {"field": "path", "message": "Tidak ditemukan."}}
    # Agency B's own token sees B's period and not A's.
    other = bearer(personas.admin_b_membership)
    assert other.get(reverse("api:cycle", args=[theirs.pk])).status_code == 200
    assert other.get(reverse("api:cycle", args=[mine[0].pk])).status_code == 404


def test_a_session_reads_the_agency_it_acts_for(frameworks_loaded, personas, as_user) -> None:
    open_cycles(personas.agency_a, personas.admin, [2025])
    theirs = open_cycles(personas.agency_b, personas.admin_b, [2024])[0]
    body = as_user(personas.admin_b).get(reverse("api:cycles")).json()
    assert [row["id"] for row in body["results"]] == [theirs.pk]


def test_a_role_that_may_not_read_periods_is_refused(frameworks_loaded, personas) -> None:
    response = bearer(personas.partner_membership).get(reverse("api:cycles"))
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Peran Anda tidak dapat membaca data ini."


def test_a_signed_in_person_without_an_agency_is_refused(frameworks_loaded, personas, as_user):
    response = as_user(personas.nobody).get(reverse("api:cycles"))
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Anda tidak bertindak untuk instansi mana pun."


def test_cycles_are_paginated_and_a_missing_page_is_named(frameworks_loaded, personas) -> None:
    open_cycles(personas.agency_a, personas.admin, [2023, 2024, 2025])
    client = bearer(personas.respondent_membership)
    first = client.get(reverse("api:cycles"), {"page_size": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert [row["year"] for row in second["results"]] == [2023] and second["next"] is None
    missing = client.get(reverse("api:cycles"), {"page": 9})
    assert missing.status_code == 404
    assert missing.json() == {"error": {"field": "page", "message": "Halaman tidak ada."}}


def test_a_read_endpoint_accepts_only_get(frameworks_loaded, personas) -> None:
    response = bearer(personas.respondent_membership, "write").post(reverse("api:cycles"))
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert response.json()["error"]["field"] == "method"


@pytest.mark.parametrize("years", [[2025], [2019, 2020, 2021, 2022, 2023, 2024, 2025]])
def test_list_query_counts_do_not_grow_with_the_data(
    frameworks_loaded, personas, django_assert_max_num_queries, years
) -> None:
    open_cycles(personas.agency_a, personas.admin, years)
    client = bearer(personas.respondent_membership)
    with django_assert_max_num_queries(4):
        assert len(client.get(reverse("api:cycles")).json()["results"]) == len(years)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("api:frameworks")).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/cycles/-977", "/api/v1/cycles/abc", "/api/v1/tidak-ada"])
def test_an_address_no_route_matches_is_a_json_404(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    assert response.json() == {"error": {"field": "path", "message": "Tidak ditemukan."}}
