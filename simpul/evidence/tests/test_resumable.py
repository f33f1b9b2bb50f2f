"""Resumable (chunked) uploads: the session endpoint's offsets and limits, who may see a session,
and completion through the very same upload and revision views as a one-shot upload."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from simpul.evidence import resumable
from simpul.evidence.models import Evidence, EvidenceLink, EvidenceRevision, UploadSession
from simpul.evidence.views import answer_url

from . import samples

START = reverse("evidence:upload_session_start")
UPLOAD = reverse("evidence:upload")
JSON = {"Accept": "application/json"}


@pytest.fixture(autouse=True)
def session_dir(settings, tmp_path: Path) -> Path:
    directory = tmp_path / "sessions"
    settings.EVIDENCE_UPLOAD_SESSION_DIR = directory
    return directory


def start(client, name: str, content: bytes, key: str = "") -> dict:
    response = client.post(START, {"name": name, "size": len(content), "key": key})
    assert response.status_code == 201, response.content
    return response.json()


def send(client, session: dict, offset: int, chunk: bytes):
    return client.generic(
        "POST",
        session["url"],
        chunk,
        content_type="application/octet-stream",
        headers={"Upload-Offset": str(offset)},
    )


def send_all(client, session: dict, content: bytes, chunk_size: int = 1000) -> None:
    offset = session["offset"]
    while offset < len(content):
        response = send(client, session, offset, content[offset : offset + chunk_size])
        assert response.status_code == 200, response.content
        offset = response.json()["offset"]


def complete(client, session: dict, url: str = UPLOAD, **fields):
    data = {"sesi": session["id"], "document_type": "regulation", **fields}
    return client.post(url, data, headers=JSON)


def pdf(title: str) -> bytes:
    """A real PDF of some 6 KB (several chunks of 1000 bytes)."""
    return samples.pdf_bytes(*[f"{title}, halaman {n}" for n in range(1, 21)])


def part(session: dict) -> Path:
    return resumable.part_path(UploadSession.objects.get(pk=session["id"]))


def test_chunks_arrive_in_order_and_the_completed_file_becomes_one_document(as_user, personas):
    client = as_user(personas.admin)
    content = samples.pdf_bytes("Perbup Arsitektur SPBE", "Pasal 2")
    session = start(client, "perbup.pdf", content)
    assert session["offset"] == 0 and session["size"] == len(content)
    first = send(client, session, 0, content[:700])
    assert first.status_code == 200 and first.json()["offset"] == 700
    assert client.get(session["url"]).json()["offset"] == 700
    send_all(client, {**session, "offset": 700}, content)
    assert part(session).read_bytes() == content  # on disk, not in memory

    response = complete(client, session, title="Perbup Arsitektur SPBE")
    evidence = Evidence.objects.get()
    assert response.json() == {"location": reverse("evidence:detail", args=[evidence.pk])}
    revision = evidence.current_revision
    assert revision.original_name == "perbup.pdf" and revision.content_type == "application/pdf"
    with revision.file.open("rb") as stored:
        assert stored.read() == content
    assert evidence.created_by == personas.admin and evidence.title == "Perbup Arsitektur SPBE"
    assert not part(session).exists()  # the temporary file is gone


def test_without_the_json_header_completion_redirects_like_a_plain_upload(as_user, personas):
    client = as_user(personas.respondent)
    content = samples.docx_bytes("SOP")
    session = start(client, "sop.docx", content)
    send_all(client, session, content)
    response = client.post(UPLOAD, {"sesi": session["id"], "document_type": "sop"})
    assert response.status_code == 302
    assert response.url == reverse("evidence:detail", args=[Evidence.objects.get().pk])


def test_a_chunk_that_skips_ahead_or_overlaps_is_refused_and_changes_nothing(as_user, personas):
    client = as_user(personas.admin)
    content = pdf("Perbup")
    session = start(client, "perbup.pdf", content)
    assert send(client, session, 0, content[:500]).status_code == 200
    skipped = send(client, session, 800, content[800:1000])
    assert skipped.status_code == 409 and skipped.json()["offset"] == 500
    overlap = send(client, session, 300, content[300:900])
    assert overlap.status_code == 409 and overlap.json()["offset"] == 500
    assert "sudah diterima 500" in overlap.json()["error"]
    assert UploadSession.objects.get().received == 500
    assert part(session).read_bytes() == content[:500]


def test_a_chunk_past_the_announced_size_is_refused_with_a_message(as_user, personas):
    client = as_user(personas.admin)
    session = start(client, "a.pdf", b"x" * 100)
    response = send(client, session, 0, b"x" * 150)
    assert response.status_code == 400
    assert "melewati ukuran berkas “a.pdf” yang diumumkan (100 bita)" in response.json()["error"]
    assert UploadSession.objects.get().received == 0


def test_a_chunk_without_its_offset_is_refused(as_user, personas):
    client = as_user(personas.admin)
    session = start(client, "a.pdf", b"x" * 100)
    response = client.generic(
        "POST", session["url"], b"x" * 10, content_type="application/octet-stream"
    )
    assert response.status_code == 400 and "Upload-Offset" in response.json()["error"]


def test_a_file_over_the_limit_is_refused_before_any_byte_is_sent(as_user, personas, settings):
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 1024 * 1024
    response = as_user(personas.admin).post(START, {"name": "besar.pdf", "size": 5 * 1024 * 1024})
    assert response.status_code == 400
    message = response.json()["error"]
    assert "“besar.pdf” ditolak" in message and "melebihi batas 1,0\xa0MB" in message
    assert not UploadSession.objects.exists()


def test_a_dropped_connection_keeps_what_arrived_and_the_resume_starts_there(personas):
    """The server side of a cut: the request body ends early; the arrived bytes count."""
    content = pdf("Perbup")
    session = resumable.start_session(personas.admin_membership, name="p.pdf", size=len(content))
    cut_stream = io.BytesIO(content[:300])  # announced 1000 bytes, 300 arrived
    assert resumable.append_chunk(session, 0, cut_stream, 1000) == 300
    session.refresh_from_db()
    assert session.received == 300
    assert resumable.append_chunk(session, 300, io.BytesIO(content[300:]), len(content) - 300)
    assert resumable.part_path(session).read_bytes() == content


def test_the_same_file_chosen_again_resumes_its_session(as_user, personas):
    client = as_user(personas.admin)
    content = pdf("Perbup")
    first = start(client, "perbup.pdf", content, key="perbup.pdf:1234:99")
    send(client, first, 0, content[:600])
    again = start(client, "perbup.pdf", content, key="perbup.pdf:1234:99")
    assert (again["id"], again["offset"]) == (first["id"], 600)
    other_file = start(client, "perbup.pdf", content, key="perbup.pdf:1234:100")
    assert other_file["id"] != first["id"] and other_file["offset"] == 0
    # Another person choosing a file with the same key gets a session of their own.
    theirs = start(as_user(personas.respondent), "perbup.pdf", content, key="perbup.pdf:1234:99")
    assert theirs["id"] != first["id"] and theirs["offset"] == 0


def test_one_person_holds_a_bounded_number_of_unfinished_sessions(as_user, personas):
    client = as_user(personas.admin)
    for n in range(resumable.MAX_OPEN_SESSIONS):
        start(client, f"berkas-{n}.pdf", b"x" * 10)
    refused = client.post(START, {"name": "satu-lagi.pdf", "size": 10})
    assert refused.status_code == 400 and "belum selesai" in refused.json()["error"]
    assert start(as_user(personas.respondent), "milik-orang-lain.pdf", b"x" * 10)["offset"] == 0


@pytest.mark.parametrize("who", ["respondent", "admin_b", "multi"])
def test_another_persons_or_agencys_session_is_not_found(as_user, personas, who):
    owner = as_user(personas.admin)
    content = pdf("Perbup")
    session = start(owner, "perbup.pdf", content)
    send(owner, session, 0, content[:100])
    other = as_user(getattr(personas, who))
    assert other.get(session["url"]).status_code == 404
    assert send(other, session, 100, content[100:200]).status_code == 404
    assert other.delete(session["url"]).status_code == 404
    send_all(owner, {**session, "offset": 100}, content)
    assert complete(other, session).status_code == 404
    assert UploadSession.objects.get().received == len(content)
    assert not Evidence.objects.exists()


def test_repeating_the_final_request_creates_exactly_one_document(as_user, personas, answers):
    client = as_user(personas.respondent)
    content = pdf("Perbup")
    session = start(client, "perbup.pdf", content)
    send_all(client, session, content)
    url = f"{UPLOAD}?answer={answers.i01.pk}&level=2"
    fields = {"title": "Perbup", "tautan-purpose": "general", "tautan-note": "Pasal 2"}
    first = complete(client, session, url, **fields)
    second = complete(client, session, url, **fields)
    assert Evidence.objects.count() == 1 and EvidenceRevision.objects.count() == 1
    link = EvidenceLink.objects.get()
    assert (link.answer, link.level, link.note) == (answers.i01, 2, "Pasal 2")
    expected = answer_url(answers.i01) or reverse("evidence:detail", args=[link.evidence_id])
    assert first.json() == second.json() == {"location": expected}


def test_a_file_refused_by_its_content_is_named_and_its_session_discarded(as_user, personas):
    client = as_user(personas.admin)
    content = b"MZ\x90\x00 bukan dokumen" * 10
    session = start(client, "laporan.pdf", content)
    send_all(client, session, content)
    response = complete(client, session)
    assert response.status_code == 400
    assert "Berkas “laporan.pdf” ditolak" in response.content.decode()
    assert not Evidence.objects.exists() and not UploadSession.objects.exists()
    assert not list(resumable.session_dir().glob("*.part"))


def test_a_duplicate_file_sent_in_chunks_offers_the_existing_document(as_user, personas, add_pdf):
    existing = add_pdf("Perbup Arsitektur SPBE")
    client = as_user(personas.admin)
    with existing.current_revision.file.open("rb") as stored:
        content = stored.read()
    session = start(client, "lagi.pdf", content)
    send_all(client, session, content)
    page = complete(client, session).content.decode()
    assert "sama persis dengan “Perbup Arsitektur SPBE”" in page
    assert Evidence.objects.count() == 1 and not UploadSession.objects.exists()


def test_a_wrong_form_keeps_the_received_file_for_the_next_try(as_user, personas):
    client = as_user(personas.admin)
    content = pdf("Perbup")
    session = start(client, "perbup.pdf", content)
    send_all(client, session, content)
    wrong = complete(client, session, issued_on="2023-05-01", effective_on="2023-04-01")
    page = wrong.content.decode()
    assert wrong.status_code == 400 and "tidak boleh sebelum tanggal ditetapkan" in page
    assert "Berkas “perbup.pdf” sudah diterima" in page
    assert f'name="sesi" value="{session["id"]}"' in page
    assert not Evidence.objects.exists() and part(session).exists()
    fixed = complete(client, session, issued_on="2023-03-01", effective_on="2023-04-01")
    assert fixed.status_code == 200 and Evidence.objects.count() == 1


def test_an_unfinished_file_cannot_be_saved(as_user, personas):
    client = as_user(personas.admin)
    content = pdf("Perbup")
    session = start(client, "perbup.pdf", content)
    send(client, session, 0, content[:100])
    page = complete(client, session).content.decode()
    assert f"“perbup.pdf” belum terkirim seluruhnya (100 dari {len(content)} bita)" in page
    assert not Evidence.objects.exists()
    assert UploadSession.objects.get().received == 100  # still resumable


def test_a_revision_sent_in_chunks_goes_through_the_revision_path(as_user, personas, add_pdf):
    evidence = add_pdf("Perbup Arsitektur SPBE")
    client = as_user(personas.admin)
    content = samples.pdf_bytes("Perbup Arsitektur SPBE, perubahan")
    session = start(client, "perbup-2024.pdf", content)
    send_all(client, session, content)
    url = reverse("evidence:add_revision", args=[evidence.pk])
    response = client.post(url, {"sesi": session["id"]}, headers=JSON)
    assert response.json() == {"location": reverse("evidence:detail", args=[evidence.pk])}
    evidence.refresh_from_db()
    assert evidence.current_revision.number == 2
    assert evidence.current_revision.original_name == "perbup-2024.pdf"
    assert client.post(url, {"sesi": session["id"]}, headers=JSON).status_code == 200
    assert evidence.revisions.count() == 2


def test_cancelling_deletes_the_session_and_its_bytes(as_user, personas):
    client = as_user(personas.admin)
    content = pdf("Perbup")
    session = start(client, "perbup.pdf", content)
    send(client, session, 0, content[:100])
    path = part(session)
    assert client.delete(session["url"]).status_code == 204
    assert not UploadSession.objects.exists() and not path.exists()


def test_abandoned_sessions_expire_with_their_files(as_user, personas, settings, session_dir):
    settings.EVIDENCE_UPLOAD_SESSION_HOURS = 24
    client = as_user(personas.admin)
    content = pdf("Perbup")
    old, fresh = start(client, "lama.pdf", content), start(client, "baru.pdf", content)
    send(client, old, 0, content[:100])
    old_path, fresh_path = part(old), part(fresh)
    UploadSession.objects.filter(pk=old["id"]).update(
        updated_at=timezone.now() - timedelta(hours=25)
    )
    call_command("expire_upload_sessions")
    assert list(UploadSession.objects.values_list("pk", flat=True)) == [fresh["id"]]
    assert not old_path.exists() and fresh_path.exists()
    assert client.get(old["url"]).status_code == 404


def test_the_session_endpoints_require_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    content = pdf("Perbup")
    assert client.post(START, {"name": "p.pdf", "size": len(content)}).status_code == 403
    assert not UploadSession.objects.exists()
    page = client.get(UPLOAD)  # sets the CSRF cookie
    token = page.cookies["csrftoken"].value
    response = client.post(
        START, {"name": "p.pdf", "size": len(content)}, headers={"X-CSRFToken": token}
    )
    session = response.json()
    refused = client.generic(
        "POST", session["url"], content[:100], content_type="application/octet-stream",
        headers={"Upload-Offset": "0"},
    )  # fmt: skip
    assert refused.status_code == 403
    assert client.delete(session["url"]).status_code == 403
    accepted = client.generic(
        "POST", session["url"], content[:100], content_type="application/octet-stream",
        headers={"Upload-Offset": "0", "X-CSRFToken": token},
    )  # fmt: skip
    assert accepted.status_code == 200 and UploadSession.objects.get().received == 100


@pytest.mark.parametrize("persona", ["assessor", "leader", "external", "partner"])
def test_readers_cannot_open_a_session(as_user, personas, persona):
    response = as_user(getattr(personas, persona)).post(START, {"name": "a.pdf", "size": 10})
    assert response.status_code == 403 and not UploadSession.objects.exists()


def test_the_forms_offer_the_chunked_path_and_still_post_the_file_plainly(
    as_user, personas, add_pdf
):
    client = as_user(personas.admin)
    page = client.get(UPLOAD).content.decode()
    assert f'data-resumable="{START}"' in page and 'enctype="multipart/form-data"' in page
    assert "simpul/upload.js" in page and "data-upload-progress hidden" in page
    detail = client.get(reverse("evidence:detail", args=[add_pdf().pk])).content.decode()
    assert f'data-resumable="{START}"' in detail and "simpul/upload.js" in detail
    assert "simpul/upload.js" not in client.get(reverse("evidence:list")).content.decode()


def test_a_file_being_saved_by_another_request_is_not_saved_twice(as_user, personas):
    """Two final requests at once: the one that claims the session saves; the other is told."""
    client = as_user(personas.admin)
    content = pdf("Perbup")
    session = start(client, "perbup.pdf", content)
    send_all(client, session, content)
    assert resumable.claim(UploadSession.objects.get())  # the first request, still saving
    page = complete(client, session).content.decode()
    assert "Berkas ini sedang disimpan oleh permintaan lain" in page
    assert not Evidence.objects.exists()
    assert not resumable.claim(UploadSession.objects.get())
