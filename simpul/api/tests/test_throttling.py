"""Rate limits: per token (each its own budget), per signed-in person, per address for the
public score; the planner has a smaller budget of its own. 429 as JSON in Bahasa Indonesia."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from simpul.api.operations import create_token

pytestmark = pytest.mark.django_db

PLAN = {"framework": "spbe-2020", "levels": {str(n): 2 for n in range(1, 48)}, "target": "3"}
SCORE = {"framework": "spbe-2020", "levels": {"1": 3}}


def post(name: str, body: dict, token: str | None = None, client: Client | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return (client or Client()).post(
        reverse(name), data=json.dumps(body), content_type="application/json", headers=headers
    )


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["field"] == "request"
    assert error["message"].startswith("Terlalu banyak permintaan; coba lagi dalam ")
    assert error["message"].endswith(" detik.")
    assert 1 <= int(response["Retry-After"]) <= 60


def test_the_planner_budget_is_per_token(settings, frameworks_loaded, personas) -> None:
    settings.API_PLAN_RATE = "2/minute"
    _, first = create_token(personas.respondent_membership, "satu", "read", days=30)
    _, second = create_token(personas.respondent_membership, "dua", "read", days=30)
    assert [post("api:plan", PLAN, first).status_code for _ in range(2)] == [200, 200]
    assert_throttled(post("api:plan", PLAN, first))
    assert post("api:plan", PLAN, second).status_code == 200
    # The planner's budget is its own: score still answers the throttled token.
    assert post("api:score", SCORE, first).status_code == 200


def test_the_general_budget_covers_score_per_address(settings, frameworks_loaded) -> None:
    settings.API_RATE = "3/minute"
    assert [post("api:score", SCORE).status_code for _ in range(3)] == [200, 200, 200]
    assert_throttled(post("api:score", SCORE))


def test_a_signed_in_person_has_a_budget_apart_from_anonymous_callers(
    settings, frameworks_loaded, personas
) -> None:
    settings.API_PLAN_RATE = "1/minute"
    client = Client()
    client.force_login(personas.leader)
    assert post("api:plan", PLAN, client=client).status_code == 200
    assert_throttled(post("api:plan", PLAN, client=client))
    other = Client()
    other.force_login(personas.respondent)
    assert post("api:plan", PLAN, client=other).status_code == 200


def test_a_throttled_request_does_not_run_the_planner(settings, frameworks_loaded, personas):
    """The refusal comes before the body is read: a bad body still gets the 429."""
    settings.API_PLAN_RATE = "1/minute"
    _, token = create_token(personas.respondent_membership, "satu", "read", days=30)
    assert post("api:plan", PLAN, token).status_code == 200
    assert_throttled(post("api:plan", {"framework": "tidak-ada"}, token))
