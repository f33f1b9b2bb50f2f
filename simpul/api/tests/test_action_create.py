"""POST /api/v1/actions: a new rencana aksi through the coordinator's form and
plans.operations.create_action; every bad field named in Indonesian and nothing written."""

import pytest
from django.test import Client
from django.urls import reverse

from simpul.api.operations import create_token
from simpul.cycles import operations as cycle_operations
from simpul.evidence.models import Evidence
from simpul.plans.models import Action, ActionSource, ActionStatus

pytestmark = pytest.mark.django_db


def token_client(membership, scope="write") -> Client:
    _, plain = create_token(membership, "uji", scope, days=30)
    return Client(headers={"Authorization": f"Bearer {plain}"})


@pytest.fixture
def cycle(personas, spbe):
    return cycle_operations.open_cycle(
        personas.agency_a, year=2026, framework=spbe, include_visit=False, user=personas.admin
    )


@pytest.fixture
def body(personas, cycle, spbe) -> dict:
    return {
        "indicator": spbe.indicators.get(code="I05").pk,
        "target_level": 3,
        "cycle": cycle.pk,
        "unit": personas.unit_a2.pk,
        "pic": personas.respondent.pk,
        "start_date": "2026-02-01",
        "due_date": "2026-11-30",
        "budget": 25_000_000,
        "notes": "Susun Perbup arsitektur SPBE.",
    }


def post(client: Client, body):
    return client.post(reverse("api:actions"), body, content_type="application/json")


def test_the_coordinator_creates_an_action_and_may_patch_it_with_its_etag(personas, body):
    document = Evidence.objects.create(agency=personas.agency_a, title="Draf Perbup")
    client = token_client(personas.admin_membership)
    response = post(client, {**body, "evidence": [document.pk]})
    assert response.status_code == 201, response.content
    created = response.json()
    action = Action.objects.get(pk=created["id"])
    assert action.agency == personas.agency_a
    assert (action.indicator.code, action.target_level, action.unit, action.pic) == (
        "I05",
        3,
        personas.unit_a2,
        personas.respondent,
    )
    assert (action.status, action.progress, action.source) == (
        ActionStatus.PLANNED,
        0,
        ActionSource.MANUAL,
    )
    assert action.budget == 25_000_000 and action.created_by == personas.admin
    assert list(action.evidence.all()) == [document]
    assert response["Location"] == reverse("api:action", args=[action.pk])
    assert response["ETag"] == client.get(response["Location"])["ETag"]
    # The ETag of the creation is the one a progress update sends back.
    patched = client.patch(
        response["Location"],
        {"progress": 20, "status": ActionStatus.IN_PROGRESS},
        content_type="application/json",
        headers={"If-Match": response["ETag"]},
    )
    assert patched.status_code == 200, patched.content


def test_only_the_required_fields_and_done_means_100(personas, body):
    minimal = {key: body[key] for key in ("indicator", "target_level", "start_date", "due_date")}
    response = post(token_client(personas.admin_membership), {**minimal, "status": "done"})
    assert response.status_code == 201, response.content
    action = Action.objects.get(pk=response.json()["id"])
    assert (action.status, action.progress, action.cycle, action.unit) == (
        ActionStatus.DONE,
        100,
        None,
        None,
    )
    assert action.completed_at is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"indicator": None}, "indicator"),
        ({"indicator": "5"}, "indicator"),
        ({"target_level": 9}, "target_level"),
        ({"target_level": True}, "target_level"),
        ({"start_date": "01/02/2026"}, "start_date"),
        ({"due_date": "2026-02-30"}, "due_date"),
        ({"due_date": "2026-01-01"}, "due_date"),  # before the start
        ({"due_date": "2999-01-01"}, "due_date"),  # out of the plan's range
        ({"budget": -1}, "budget"),
        ({"budget": "banyak"}, "budget"),
        ({"status": "selesai-lah"}, "status"),
        ({"progress": 101}, "progress"),
        ({"notes": 5}, "notes"),
        ({"evidence": [0]}, "evidence"),
        ({"unit": 987654}, "unit"),
        ({"pic": 987654}, "pic"),
        ({"items": ["I05-1"]}, "items"),
        ({"agency": 1}, "agency"),
    ],
)
def test_each_bad_field_is_named_in_indonesian_and_nothing_is_written(
    personas, body, change, field
):
    response = post(token_client(personas.admin_membership), {**body, **change})
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["field"] == field, error
    assert error["message"] and "This field" not in error["message"]
    assert not Action.objects.exists()


@pytest.mark.parametrize("bad", [[], "null", '"teks"', "5", "{bukan json"])
def test_a_body_that_is_not_an_object_is_refused(personas, bad):
    response = post(token_client(personas.admin_membership), bad)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "body"


def test_another_agency_s_objects_are_refused_by_field(personas, body, spbe):
    theirs_cycle = cycle_operations.open_cycle(
        personas.agency_b, year=2026, framework=spbe, include_visit=False, user=personas.admin_b
    )
    theirs_doc = Evidence.objects.create(agency=personas.agency_b, title="Milik Bintan")
    client = token_client(personas.admin_membership)
    for change, field in (
        ({"cycle": theirs_cycle.pk}, "cycle"),
        ({"unit": personas.unit_b.pk}, "unit"),
        ({"pic": personas.admin_b.pk}, "pic"),
        ({"evidence": [theirs_doc.pk]}, "evidence"),
    ):
        response = post(client, {**body, **change})
        assert response.status_code == 400, (change, response.content)
        assert response.json()["error"]["field"] == field
    assert not Action.objects.exists()


def test_an_indicator_outside_the_cycle_s_framework_is_named(personas, body, frameworks_loaded):
    from simpul.frameworks.models import Framework

    pemdi = Framework.objects.get(code="pemdi-2026")
    cycle_operations.open_cycle(
        personas.agency_a, year=2027, framework=pemdi, include_visit=False, user=personas.admin
    )
    # An indicator of the agency's other period, with the SPBE period as the target.
    indicator = pemdi.indicators.order_by("number").first()
    response = post(token_client(personas.admin_membership), {**body, "indicator": indicator.pk})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "indicator" and indicator.code in error["message"]
    assert not Action.objects.exists()


def test_who_may_create(personas, body):
    assert post(token_client(personas.admin_membership, "read"), body).status_code == 403
    for membership in (personas.respondent_membership, personas.leader_membership):
        refused = post(token_client(membership), body)
        assert refused.status_code == 403, membership.role
        assert refused.json()["error"]["field"] == "Authorization"
    assert post(Client(), body).status_code == 401
    assert not Action.objects.exists()
    # Agency B's coordinator creates in agency B only: agency A's indicator period is not theirs.
    theirs = post(token_client(personas.admin_b_membership), body)
    assert theirs.status_code == 400
    assert not Action.objects.exists()


def test_a_session_needs_its_csrf_token(personas, body):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    assert post(client, body).status_code == 403
    assert not Action.objects.exists()
