"""POST /api/v1/cycles/{id}/official-results and …/item-verdicts: the coordinator's two imports
over a token, multipart as on the pages, with the pages' messages; all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from simpul.api.operations import create_token
from simpul.cycles import operations as cycle_operations
from simpul.cycles.forms import RESULTS_MAX_BYTES
from simpul.cycles.models import Answer, ItemReview, ItemVerdict, ReviewStage, Stage
from simpul.frameworks.operations import import_framework

pytestmark = pytest.mark.django_db

ALL_TWOS = "indicator,level\n" + "".join(f"{n},2\n" for n in range(1, 48))
VERDICTS = """kode butir,putusan,catatan
I1-L1-01,diterima,
I1-L2-01,revisi – tidak tepat,Bukti dukung tidak tepat
I4-L1-02,ditolak,
I4-L2-02,otomatis ditolak,
"""


def token_client(membership, scope="write") -> Client:
    _, plain = create_token(membership, "uji", scope, days=30)
    return Client(headers={"Authorization": f"Bearer {plain}"})


def csv(text: str, name: str = "hasil.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.fixture
def final(personas, spbe):
    cycle = cycle_operations.open_cycle(
        personas.agency_a, year=2025, framework=spbe, include_visit=False, user=personas.admin
    )
    cycle_operations.lock_self_assessment(cycle, membership=personas.admin_membership)
    while cycle.stage != Stage.FINAL:
        cycle = cycle_operations.advance_stage(cycle, membership=personas.admin_membership)
    return cycle


@pytest.fixture
def items_cycle(personas, shipped_specs):
    framework = import_framework(shipped_specs["pemdi-2026"]).framework
    return cycle_operations.open_cycle(
        personas.agency_a, year=2026, framework=framework, include_visit=False, user=personas.admin
    )


def finals(cycle) -> set:
    return set(Answer.objects.filter(cycle=cycle).values_list("final_level", flat=True))


def official(client: Client, cycle, **fields):
    return client.post(reverse("api:official_import", args=[cycle.pk]), fields)


def verdicts(client: Client, cycle, **fields):
    return client.post(reverse("api:item_verdict_import", args=[cycle.pk]), fields)


# --- official results ---------------------------------------------------------------------------


def test_the_coordinator_imports_official_results_and_gets_a_summary(personas, final):
    response = official(token_client(personas.admin_membership), final, file=csv(ALL_TWOS))
    assert response.status_code == 200, response.content
    assert response.json() == {"given": 47, "changed": 47, "missing": []}
    assert finals(final) == {2}
    # The same file again changes nothing; a partial one names what it left out.
    again = official(token_client(personas.admin_membership), final, file=csv(ALL_TWOS))
    assert again.json()["changed"] == 0
    partial = official(
        token_client(personas.admin_membership), final, file=csv("indicator,level\n1,3\n")
    )
    assert partial.json()["given"] == 1 and partial.json()["missing"][:2] == ["I02", "I03"]


def test_every_bad_line_is_named_as_the_page_names_it_and_nothing_is_stored(personas, final):
    bad = csv("indicator,level\n1,3\n1,4\n77,2\n")
    response = official(token_client(personas.admin_membership), final, file=bad)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "file"
    lines = error["message"].split("\n")
    assert lines[0] == "Baris 3: indikator I01 sudah tertulis di baris 2."
    assert lines[1].startswith("Baris 4: indikator “77” tidak ada")
    assert finals(final) == {None}


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({}, "kolom file"),
        ({"file": "bukan berkas"}, "kolom file"),
        ({"file": SimpleUploadedFile("x.csv", b"")}, ""),
        ({"file": csv("indicator,level\n" + "1,3\n" * (RESULTS_MAX_BYTES // 4))}, "terlalu besar"),
    ],
)
def test_a_missing_empty_or_too_big_file_is_named(personas, final, fields, words):
    response = official(token_client(personas.admin_membership), final, **fields)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["field"] == "file" and words in error["message"] and error["message"]
    assert finals(final) == {None}


def test_official_results_wait_for_the_final_stage(personas, spbe):
    early = cycle_operations.open_cycle(
        personas.agency_a, year=2026, framework=spbe, include_visit=False, user=personas.admin
    )
    response = official(token_client(personas.admin_membership), early, file=csv(ALL_TWOS))
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["field"] == "stage" and "Hasil Akhir" in error["message"]
    assert finals(early) == {None}


def test_who_may_import_official_results(personas, final):
    read_only = token_client(personas.admin_membership, "read")
    assert official(read_only, final, file=csv(ALL_TWOS)).status_code == 403
    for membership in (personas.respondent_membership, personas.assessor_membership):
        refused = official(token_client(membership), final, file=csv(ALL_TWOS))
        assert refused.status_code == 403, membership.role
    assert official(Client(), final, file=csv(ALL_TWOS)).status_code == 401
    theirs = official(token_client(personas.admin_b_membership), final, file=csv(ALL_TWOS))
    assert theirs.status_code == 404
    assert finals(final) == {None}


# --- item verdicts --------------------------------------------------------------------------


def test_the_coordinator_imports_the_portal_s_verdicts_of_a_stage(personas, items_cycle):
    response = verdicts(
        token_client(personas.admin_membership),
        items_cycle,
        stage=ReviewStage.DOCUMENT,
        file=csv(VERDICTS, "ekspor.csv"),
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "stage": ReviewStage.DOCUMENT,
        "stored": 3,
        "automatic": 1,
        "by_verdict": {ItemVerdict.ACCEPTED: 1, ItemVerdict.REVISION: 1, ItemVerdict.REJECTED: 1},
    }
    stored = ItemReview.objects.filter(answer__cycle=items_cycle, stage=ReviewStage.DOCUMENT)
    assert stored.count() == 3
    assert stored.get(item__code="I1-L2-01").comment == "Bukti dukung tidak tepat"


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"stage": ReviewStage.INTERNAL}, "stage", ""),
        ({"stage": "tahap-x"}, "stage", ""),
        ({}, "stage", ""),
        (
            {"stage": ReviewStage.DOCUMENT, "file": csv("kode butir,putusan\nI1-L1-01,lulus\n")},
            "file",
            "Baris 2: putusan “lulus” tidak dikenal",
        ),
        (
            {"stage": ReviewStage.DOCUMENT, "file": csv("kode butir,putusan\nX1,diterima\n")},
            "file",
            "Baris 2: butir “X1”",
        ),
        (
            {"stage": ReviewStage.DOCUMENT, "file": csv("nama,nilai\nI1-L1-01,diterima\n")},
            "file",
            "kolom kode butir tidak ditemukan",
        ),
    ],
)
def test_a_bad_stage_or_file_is_named_and_nothing_is_stored(
    personas, items_cycle, fields, field, words
):
    fields = {"file": csv(VERDICTS), **fields}
    response = verdicts(token_client(personas.admin_membership), items_cycle, **fields)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["field"] == field and words in error["message"] and error["message"]
    assert not ItemReview.objects.exists()


def test_who_may_import_item_verdicts(personas, items_cycle):
    fields = {"stage": ReviewStage.DOCUMENT}
    read_only = token_client(personas.admin_membership, "read")
    assert verdicts(read_only, items_cycle, file=csv(VERDICTS), **fields).status_code == 403
    for membership in (personas.external_membership, personas.assessor_membership):
        refused = verdicts(token_client(membership), items_cycle, file=csv(VERDICTS), **fields)
        assert refused.status_code == 403, membership.role
    theirs = token_client(personas.admin_b_membership)
    assert verdicts(theirs, items_cycle, file=csv(VERDICTS), **fields).status_code == 404
    assert not ItemReview.objects.exists()


def test_a_session_needs_its_csrf_token(personas, items_cycle):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    refused = verdicts(client, items_cycle, stage=ReviewStage.DOCUMENT, file=csv(VERDICTS))
    assert refused.status_code == 403
    assert not ItemReview.objects.exists()
