"""Who may call /api/v1: tokens (scope, expiry, revocation, the person and membership behind
them), signed-in sessions with CSRF, and the refusals as JSON in Bahasa Indonesia."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from simpul.api.models import ApiToken, TokenScope
from simpul.api.operations import create_token, revoke_token

pytestmark = pytest.mark.django_db

LEVELS = {str(n): 2 for n in range(1, 48)}
PLAN = {"framework": "spbe-2020", "levels": LEVELS, "target": "3"}


def plan(client: Client, token: str | None = None, **headers):
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.post(
        reverse("api:plan"), data=json.dumps(PLAN), content_type="application/json",
        headers=headers,
    )  # fmt: skip


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"field", "message"}
    return body["error"]


@pytest.fixture
def token(personas):
    return create_token(personas.respondent_membership, "Skrip", TokenScope.READ, days=30)


def test_plan_without_sign_in_or_token_is_a_json_401(frameworks_loaded) -> None:
    response = plan(Client(enforce_csrf_checks=True))
    error = error_of(response, 401)
    assert error == {
        "field": "Authorization",
        "message": "Perlu masuk atau token API (Authorization: Bearer <token>).",
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_plan_with_a_token_is_answered(frameworks_loaded, token) -> None:
    response = plan(Client(enforce_csrf_checks=True), token[1])
    assert response.status_code == 200
    assert response.json()["feasible"] is True


def test_plan_with_a_signed_in_session_needs_the_csrf_header(frameworks_loaded, personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.respondent)
    refused = error_of(plan(client), 403)
    assert refused["field"] == "Authorization" and "CSRF" in refused["message"]
    client.get(reverse("api_tokens:list"))  # a page with a form sets the CSRF cookie
    response = plan(client, **{"X-CSRFToken": client.cookies["csrftoken"].value})
    assert response.status_code == 200
    assert response.json()["feasible"] is True


def test_score_stays_public(frameworks_loaded) -> None:
    response = Client(enforce_csrf_checks=True).post(
        reverse("api:score"), data=json.dumps({"framework": "spbe-2020", "levels": {"1": 3}}),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Bearer simpul_karangan", "Token tidak sah, kedaluwarsa atau sudah dicabut."),
        ("Bearer", "Header Authorization harus berbentuk: Bearer <token>."),
        ("Bearer dua bagian", "Header Authorization harus berbentuk: Bearer <token>."),
    ],
)
def test_a_wrong_token_is_a_401_naming_the_header(frameworks_loaded, header, message) -> None:
    response = Client().post(
        reverse("api:score"), data="{}", content_type="application/json",
        headers={"Authorization": header},
    )  # fmt: skip
    assert error_of(response, 401) == {"field": "Authorization", "message": message}


def refused(token_text: str) -> dict:
    return error_of(plan(Client(), token_text), 401)


def test_an_expired_token_is_refused(frameworks_loaded, token) -> None:
    row, plain = token
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "kedaluwarsa" in refused(plain)["message"]


def test_a_token_is_valid_until_its_expiry(frameworks_loaded, token) -> None:
    row, plain = token
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() + timedelta(minutes=1))
    assert plan(Client(), plain).status_code == 200


def test_a_revoked_token_is_refused_at_once(frameworks_loaded, token) -> None:
    row, plain = token
    assert plan(Client(), plain).status_code == 200
    revoke_token(row)
    assert "dicabut" in refused(plain)["message"]
    row.refresh_from_db()
    assert row.revoked_at is not None


def test_a_deactivated_person_s_token_is_refused(frameworks_loaded, token, personas) -> None:
    personas.respondent.is_active = False
    personas.respondent.save()
    refused(token[1])


def test_a_revoked_membership_s_token_is_refused(frameworks_loaded, token, personas) -> None:
    personas.respondent_membership.is_active = False
    personas.respondent_membership.save()
    refused(token[1])
    personas.respondent_membership.is_active = True
    personas.respondent_membership.save()
    assert plan(Client(), token[1]).status_code == 200


def test_an_inactive_agency_s_token_is_refused(frameworks_loaded, token, personas) -> None:
    personas.agency_a.is_active = False
    personas.agency_a.save()
    refused(token[1])


def test_the_token_is_stored_only_as_its_hash(token) -> None:
    row, plain = token
    assert plain.startswith("simpul_") and len(plain) >= 40
    values = ApiToken.objects.filter(pk=row.pk).values().get()
    assert plain not in {str(value) for value in values.values()}
    assert values["key_hash"] == hashlib.sha256(plain.encode()).hexdigest()
    assert plain.startswith(values["prefix"]) and len(values["prefix"]) < len(plain) // 3


def test_every_use_marks_last_used_at_most_once_a_minute(frameworks_loaded, token) -> None:
    row, plain = token
    assert row.last_used_at is None
    before = timezone.now()
    assert plan(Client(), plain).status_code == 200
    row.refresh_from_db()
    first = row.last_used_at
    assert first is not None and first >= before
    assert plan(Client(), plain).status_code == 200
    row.refresh_from_db()
    assert row.last_used_at == first  # within the minute: no write
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=first - timedelta(minutes=2))
    assert plan(Client(), plain).status_code == 200
    row.refresh_from_db()
    assert row.last_used_at >= before


class WritingView(APIView):
    """A view that writes (POST, no `writes_data = False`), with the project's API defaults."""

    def post(self, request):
        return Response({"ok": True})

    def get(self, request):
        return Response({"ok": True})


def call_writing_view(method: str, plain: str):
    factory = APIRequestFactory()
    request = getattr(factory, method)("/", HTTP_AUTHORIZATION=f"Bearer {plain}", format="json")
    response = WritingView.as_view()(request)
    response.render()
    return response


def test_a_read_token_is_refused_on_writes_and_a_read_write_token_is_not(personas) -> None:
    _, read = create_token(personas.respondent_membership, "baca", TokenScope.READ, days=30)
    _, write = create_token(personas.respondent_membership, "tulis", TokenScope.WRITE, days=30)
    response = call_writing_view("post", read)
    assert response.status_code == 403
    assert json.loads(response.content) == {
        "error": {
            "field": "Authorization",
            "message": "Token ini hanya untuk membaca; buat token baca-tulis untuk mengubah data.",
        }
    }
    assert call_writing_view("get", read).status_code == 200
    assert call_writing_view("post", write).status_code == 200


def test_a_read_token_may_plan_because_planning_writes_nothing(frameworks_loaded, token) -> None:
    assert token[0].scope == TokenScope.READ
    assert plan(Client(), token[1]).status_code == 200
