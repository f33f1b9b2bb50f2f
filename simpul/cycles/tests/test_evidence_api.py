"""POST /api/v1/evidence and /api/v1/evidence/{id}/links: the integrator's "upload a document
and link it to an item", checked as the upload page and the answer page check it."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from simpul.api.operations import create_token
from simpul.cycles import operations
from simpul.evidence.models import Evidence, EvidenceLink
from simpul.evidence.tests.samples import encrypted_pdf_bytes, pdf_bytes
from simpul.frameworks.operations import import_framework

from .conftest import answer_of, make_evidence


def token_client(membership, scope="write") -> Client:
    _, plain = create_token(membership, "skrip", scope, days=30)
    return Client(headers={"Authorization": f"Bearer {plain}"})


def pdf(name="sk-tim-spbe.pdf", text="SK Tim SPBE") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def upload(client: Client, **fields):
    return client.post(reverse("api:evidence_upload"), fields)


def link(client: Client, evidence_pk: int, body):
    url = reverse("api:evidence_link", args=[evidence_pk])
    return client.post(url, body, content_type="application/json")


def test_a_respondent_uploads_a_document_and_links_it_to_a_level(personas, answer):
    client = token_client(personas.respondent_membership)
    response = upload(client, file=pdf(), title="SK Tim Koordinasi SPBE", document_type="decree")
    assert response.status_code == 201, response.content
    body = response.json()
    document = Evidence.objects.get(pk=body["id"])
    assert (document.agency, document.title) == (personas.agency_a, "SK Tim Koordinasi SPBE")
    assert body["file_name"] == "sk-tim-spbe.pdf" and len(body["sha256"]) == 64
    assert body["size"] == document.current_revision.size > 0
    assert stored_files() == [Path(settings.MEDIA_ROOT) / document.current_revision.file.name]

    linked = link(client, document.pk, {"answer": answer.pk, "level": 2, "note": "Pasal 3"})
    assert linked.status_code == 201, linked.content
    assert linked.json() | {"id": 0} == {
        "id": 0, "evidence": document.pk, "answer": answer.pk, "indicator": "I01", "level": 2,
        "item": None,
    }  # fmt: skip
    row = EvidenceLink.objects.get()
    assert (row.answer, row.level, row.note) == (answer, 2, "Pasal 3")


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({}, 400, "kolom file"),
        ({"file": SimpleUploadedFile("kosong.pdf", b"")}, 400, "kosong"),
        ({"file": SimpleUploadedFile("r.pdf", encrypted_pdf_bytes())}, 400, "kata sandi"),
        ({"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00binary")}, 400, "x.exe"),
        ({"file": "bukan berkas", "document_type": "surat_cinta"}, 400, "kolom file"),
    ],
)
def test_a_bad_file_is_named_and_nothing_is_stored(personas, answer, fields, status, message):
    response = upload(token_client(personas.admin_membership), **fields)
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["field"] == "file" and message in error["message"], error
    assert not Evidence.objects.exists() and stored_files() == []


def test_an_unknown_document_type_is_named(personas):
    response = upload(token_client(personas.admin_membership), file=pdf(), document_type="surat")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "document_type"
    assert not Evidence.objects.exists() and stored_files() == []


def test_the_same_file_twice_is_a_conflict_naming_the_document(personas):
    client = token_client(personas.admin_membership)
    first = upload(client, file=pdf()).json()["id"]
    again = upload(client, file=pdf("salinan.pdf"))
    assert again.status_code == 409
    assert str(first) in again.json()["error"]["message"]
    assert Evidence.objects.count() == 1 and len(stored_files()) == 1


def test_a_file_over_the_limit_is_refused_by_name(personas, settings):
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 1000
    response = upload(token_client(personas.admin_membership), file=pdf(text="x" * 3000))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "file" and "sk-tim-spbe.pdf" in error["message"]
    assert not Evidence.objects.exists() and stored_files() == []


def test_who_may_upload(personas):
    assert upload(token_client(personas.leader_membership), file=pdf()).status_code == 403
    read_only = token_client(personas.admin_membership, scope="read")
    assert upload(read_only, file=pdf()).status_code == 403
    assert upload(Client(), file=pdf()).status_code == 401
    assert not Evidence.objects.exists() and stored_files() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"level": 2}, "answer"),
        ({"answer": "1", "level": 2}, "answer"),
        ({"answer": 1}, "level"),
        ({"answer": 1, "level": 2, "item": "X"}, "level"),
        ({"answer": 1, "level": "2"}, "level"),
        ({"answer": 1, "item": ""}, "item"),
        ([1], "body"),
    ],
)
def test_a_bad_link_body_is_named(personas, answer, body, field):
    document = make_evidence(personas.agency_a, "SK")
    if isinstance(body, dict) and body.get("answer") == 1:
        body = body | {"answer": answer.pk}
    response = link(token_client(personas.admin_membership), document.pk, body)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == field
    assert not EvidenceLink.objects.exists()


def test_a_level_outside_the_scale_is_refused_by_the_operation(personas, answer):
    document = make_evidence(personas.agency_a, "SK")
    response = link(
        token_client(personas.admin_membership), document.pk, {"answer": answer.pk, "level": 9}
    )
    assert response.status_code == 400
    assert "Tingkat 9" in response.json()["error"]["message"]
    assert not EvidenceLink.objects.exists()


def test_links_stay_inside_the_agency_and_the_assignment(personas, answer, cycle):
    ours = make_evidence(personas.agency_a, "SK")
    theirs = make_evidence(personas.agency_b, "SK Bintan")
    admin = token_client(personas.admin_membership)
    # Another agency's document, or an answer of another agency: not there.
    assert link(admin, theirs.pk, {"answer": answer.pk, "level": 2}).status_code == 404
    other = operations.open_cycle(
        personas.agency_b, year=2025, framework=cycle.framework, include_visit=False,
        user=personas.admin_b,
    )  # fmt: skip
    foreign_answer = answer_of(other, "I01")
    assert link(admin, ours.pk, {"answer": foreign_answer.pk, "level": 2}).status_code == 404
    # A respondent not assigned to the indicator may not link to it.
    unassigned = answer_of(cycle, "I02")
    respondent = token_client(personas.respondent_membership)
    assert link(respondent, ours.pk, {"answer": unassigned.pk, "level": 2}).status_code == 403
    assert not EvidenceLink.objects.exists()


def test_a_document_links_to_an_item_of_a_framework_valued_item_by_item(personas, shipped_specs):
    framework = import_framework(shipped_specs["pemdi-2026"]).framework
    cycle = operations.open_cycle(
        personas.agency_a, year=2026, framework=framework, include_visit=False, user=personas.admin
    )
    answer = answer_of(cycle, "I13")
    answer.units.add(personas.unit_a2)
    client = token_client(personas.respondent_membership)
    document = upload(client, file=pdf("kak.pdf", "KAK Aplikasi")).json()["id"]
    response = link(client, document, {"answer": answer.pk, "item": "I13-L1-01"})
    assert response.status_code == 201, response.content
    assert response.json()["item"] == "I13-L1-01" and response.json()["level"] == 1
    unknown = link(client, document, {"answer": answer.pk, "item": "I13-L9-99"})
    assert unknown.status_code == 400 and unknown.json()["error"]["field"] == "item"
    assert EvidenceLink.objects.get().item.code == "I13-L1-01"


@pytest.mark.django_db(transaction=True)
def test_the_upload_and_link_example_of_the_docs_runs(
    live_server, personas, shipped_specs, monkeypatch, tmp_path, capsys
):
    """The Python of docs/api.md's "upload a document and link it to an item", as written,
    against a live server."""
    framework = import_framework(shipped_specs["pemdi-2026"]).framework
    cycle = operations.open_cycle(
        personas.agency_a, year=2026, framework=framework, include_visit=False, user=personas.admin
    )
    answer = answer_of(cycle, "I13")
    text = (Path(__file__).parents[3] / "docs" / "api.md").read_text()
    section = text.split("### Unggah dokumen lalu tautkan ke satu butir", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    code = code.replace("https://simpul.example.go.id", live_server.url)
    code = code.replace('"answer": 812', f'"answer": {answer.pk}')
    (tmp_path / "kak-aplikasi-2026.pdf").write_bytes(pdf_bytes("KAK Aplikasi 2026"))
    monkeypatch.chdir(tmp_path)
    _, plain = create_token(personas.admin_membership, "skrip", "write", days=30)
    monkeypatch.setenv("SIMPUL_TOKEN", plain)
    exec(compile(code, "api.md", "exec"), {"__name__": "docs_example"})  # noqa: S102
    document = Evidence.objects.get()
    assert document.title == "KAK Aplikasi 2026" and document.document_type == "report"
    assert capsys.readouterr().out.split() == [str(document.pk), "I13", "I13-L1-01"]
    assert EvidenceLink.objects.get().item.code == "I13-L1-01"


def test_an_if_match_sent_with_a_link_is_the_answer_s_etag_and_is_checked(personas, answer):
    document = make_evidence(personas.agency_a, "Perbup SPBE")
    client = token_client(personas.respondent_membership)
    url = reverse("api:evidence_link", args=[document.pk])
    body = {"answer": answer.pk, "level": 2}
    detail = reverse("api:answer", args=[answer.cycle_id, answer.indicator.number])
    etag = client.get(detail)["ETag"]
    operations.save_answer(
        answer, membership=personas.admin_membership, version=answer.version, self_level=1,
        fact="Perbup 2025.", analysis="",
    )  # fmt: skip
    stale = client.post(url, body, content_type="application/json", headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["error"]["field"] == "If-Match"
    assert not EvidenceLink.objects.exists()
    fresh = client.get(detail)["ETag"]
    linked = client.post(url, body, content_type="application/json", headers={"If-Match": fresh})
    assert linked.status_code == 201, linked.content
    row = EvidenceLink.objects.get()
    assert (row.answer, row.created_by) == (answer, personas.respondent)
