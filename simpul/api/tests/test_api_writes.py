"""PATCH /api/v1/actions/{id}: the progress form's write over a token, with ETag/If-Match;
every bad body named and nothing written."""

import pytest
from django.test import Client
from django.urls import reverse

from simpul.api.operations import create_token
from simpul.api.tests.test_collab_endpoints import action
from simpul.evidence.models import Evidence
from simpul.plans import operations as plan_operations
from simpul.plans.models import Action, ActionStatus

pytestmark = pytest.mark.django_db


def token_client(membership, scope="write") -> Client:
    _, plain = create_token(membership, "uji", scope, days=30)
    return Client(headers={"Authorization": f"Bearer {plain}"})


@pytest.fixture
def planned(personas, spbe):
    indicator = spbe.indicators.order_by("number").first()
    return action(personas.agency_a, indicator, 10, unit=personas.unit_a2)


def url(pk: int) -> str:
    return reverse("api:action", args=[pk])


def patch(client: Client, pk: int, body, etag: str | None):
    headers = {"If-Match": etag} if etag is not None else {}
    return client.patch(url(pk), body, content_type="application/json", headers=headers)


def stored(pk: int) -> tuple:
    row = Action.objects.get(pk=pk)
    return row.status, row.progress, row.notes, sorted(row.evidence.values_list("pk", flat=True))


def test_the_admin_updates_progress_with_the_etag_of_the_read(personas, planned):
    client = token_client(personas.admin_membership)
    read = client.get(url(planned.pk))
    etag = read["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    response = patch(client, planned.pk, {"status": "in_progress", "progress": 40}, etag)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["progress"]) == ("in_progress", 40)
    assert stored(planned.pk)[:2] == ("in_progress", 40)
    # The answer's ETag is the new version: the same as a fresh read, not the old one.
    assert response["ETag"] != etag
    assert response["ETag"] == client.get(url(planned.pk))["ETag"]


def test_done_with_completion_evidence_of_the_agency(personas, planned):
    document = Evidence.objects.create(agency=personas.agency_a, title="SK Tim SPBE")
    client = token_client(personas.admin_membership)
    etag = client.get(url(planned.pk))["ETag"]
    body = {"status": "done", "progress": 100, "evidence": [document.pk], "notes": "Sudah"}
    response = patch(client, planned.pk, body, etag)
    assert response.status_code == 200, response.content
    assert stored(planned.pk) == ("done", 100, "Sudah", [document.pk])
    assert Action.objects.get(pk=planned.pk).completed_at is not None


def test_without_if_match_nothing_is_written_and_the_header_is_named(personas, planned):
    before = stored(planned.pk)
    response = patch(token_client(personas.admin_membership), planned.pk, {"progress": 10}, None)
    assert response.status_code == 428
    assert response.json()["error"]["field"] == "If-Match"
    assert stored(planned.pk) == before


def test_an_edit_made_since_the_read_is_never_overwritten(personas, planned):
    client = token_client(personas.admin_membership)
    etag = client.get(url(planned.pk))["ETag"]
    # The coordinator saves on the action page in between.
    plan_operations.update_action_progress(
        planned, membership=personas.admin_membership, status=ActionStatus.IN_PROGRESS, progress=70
    )
    response = patch(client, planned.pk, {"progress": 10}, etag)
    assert response.status_code == 412
    assert response.json()["error"]["field"] == "If-Match"
    assert stored(planned.pk)[:2] == ("in_progress", 70)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "selesai-lah"}, "status"),
        ({"progress": 150}, "progress"),
        ({"progress": True}, "progress"),
        ({"progress": "40"}, "progress"),
        ({"notes": 5}, "notes"),
        ({"evidence": "1"}, "evidence"),
        ({"evidence": [0]}, "evidence"),
        ({"due_date": "2030-01-01"}, "due_date"),
        ({}, "body"),
        ([], "body"),
    ],
)
def test_each_bad_body_is_named_and_nothing_is_written(personas, planned, body, field):
    client = token_client(personas.admin_membership)
    etag = client.get(url(planned.pk))["ETag"]
    before = stored(planned.pk)
    response = patch(client, planned.pk, body, etag)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["field"] == field and error["message"]
    assert stored(planned.pk) == before


def test_another_agencys_document_is_refused_and_nothing_is_written(personas, planned):
    theirs = Evidence.objects.create(agency=personas.agency_b, title="Milik Bintan")
    client = token_client(personas.admin_membership)
    etag = client.get(url(planned.pk))["ETag"]
    body = {"status": "done", "progress": 100, "evidence": [theirs.pk]}
    response = patch(client, planned.pk, body, etag)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "evidence"
    assert str(theirs.pk) in response.json()["error"]["message"]
    assert stored(planned.pk) == ("planned", 0, "", [])


def test_done_means_100_percent_as_on_the_page(personas, planned):
    client = token_client(personas.admin_membership)
    etag = client.get(url(planned.pk))["ETag"]
    response = patch(client, planned.pk, {"status": "done", "progress": 30}, etag)
    assert response.status_code == 200
    assert response.json()["progress"] == 100 and stored(planned.pk)[:2] == ("done", 100)


def test_who_may_write(personas, planned, spbe):
    # A read token may only read, whoever holds it.
    read_only = token_client(personas.admin_membership, scope="read")
    etag = read_only.get(url(planned.pk))["ETag"]
    assert patch(read_only, planned.pk, {"progress": 5}, etag).status_code == 403
    # The respondent of the owning unit may; the leader reads but may not write.
    owner = token_client(personas.respondent_membership)
    assert patch(owner, planned.pk, {"progress": 5}, etag).status_code == 200
    leader = token_client(personas.leader_membership)
    etag = leader.get(url(planned.pk))["ETag"]
    assert patch(leader, planned.pk, {"progress": 9}, etag).status_code == 403
    assert stored(planned.pk)[1] == 5
    # Another agency's action is not there at all.
    other = action(personas.agency_b, spbe.indicators.first(), 10, unit=personas.unit_b)
    assert patch(owner, other.pk, {"progress": 5}, '"x"').status_code == 404
    assert Action.objects.get(pk=other.pk).progress == 0


def test_a_signed_in_session_writes_too_with_its_csrf_token(personas, planned):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    etag = client.get(url(planned.pk))["ETag"]
    refused = patch(client, planned.pk, {"progress": 5}, etag)
    assert refused.status_code == 403  # no CSRF token: a page of another site cannot write
    assert stored(planned.pk)[1] == 0
