"""Revisions are immutable: a new version is added beside the old one, never over it."""

import hashlib

import pytest
from django.urls import reverse

from simpul.evidence import operations
from simpul.evidence.models import EvidenceRevision

from . import samples
from .conftest import stored_files


def test_a_new_revision_keeps_the_old_one_intact_and_becomes_current(personas, add_pdf, media_root):
    evidence = add_pdf("Perbup Arsitektur SPBE", text="Versi pertama")
    first = evidence.current_revision
    first_bytes = (media_root / first.file.name).read_bytes()
    second_content = samples.pdf_bytes("Versi kedua")
    second = operations.add_revision(
        evidence, samples.upload("perbup-v2.pdf", second_content), user=personas.respondent
    )
    evidence.refresh_from_db()
    old = EvidenceRevision.objects.get(pk=first.pk)
    assert (second.number, evidence.current_revision) == (2, second)
    assert (old.number, old.sha256, old.size, old.file.name) == (
        1,
        first.sha256,
        first.size,
        first.file.name,
    )
    assert (media_root / old.file.name).read_bytes() == first_bytes
    assert second.sha256 == hashlib.sha256(second_content).hexdigest()
    assert second.uploaded_by == personas.respondent
    assert len(stored_files(media_root)) == 2


def test_a_saved_revision_refuses_to_change(add_pdf):
    revision = add_pdf().current_revision
    revision.sha256 = "0" * 64
    with pytest.raises(ValueError, match="immutable"):
        revision.save()
    with pytest.raises(ValueError, match="immutable"):
        revision.save(update_fields=["sha256"])


def test_the_same_file_as_a_revision_is_refused(personas, add_pdf):
    evidence = add_pdf("Perbup", text="Sama")
    with pytest.raises(operations.DuplicateEvidenceError, match="sama persis dengan “Perbup”"):
        operations.add_revision(
            evidence, samples.upload("a.pdf", samples.pdf_bytes("Sama")), user=None
        )
    assert evidence.revisions.count() == 1


def test_a_bad_revision_is_refused_and_the_current_one_stays(personas, add_pdf):
    evidence = add_pdf()
    with pytest.raises(operations.EvidenceError, match="“v2.pdf” ditolak"):
        operations.add_revision(evidence, samples.upload("v2.pdf", b""), user=None)
    evidence.refresh_from_db()
    assert evidence.current_revision.number == 1


def test_a_link_document_has_no_file_revisions(personas):
    link = operations.register_link(
        personas.agency_a, url="https://contoh.go.id/a", title="A", user=None
    )
    with pytest.raises(operations.EvidenceError, match="adalah tautan"):
        operations.add_revision(link, samples.upload("a.pdf", samples.pdf_bytes("A")), user=None)


def test_old_revisions_stay_downloadable(as_user, personas, add_pdf):
    evidence = add_pdf(text="Versi pertama")
    first = evidence.current_revision
    operations.add_revision(evidence, samples.upload("v2.pdf", samples.pdf_bytes("Dua")), user=None)
    response = as_user(personas.leader).get(reverse("evidence:download", args=[first.pk]))
    assert b"".join(response.streaming_content) == samples.pdf_bytes("Versi pertama")


def test_the_detail_page_lists_revisions_with_digest_size_and_uploader(as_user, personas, add_pdf):
    evidence = add_pdf(user=personas.respondent)
    operations.add_revision(evidence, samples.upload("v2.pdf", samples.pdf_bytes("Dua")), user=None)
    page = as_user(personas.external).get(reverse("evidence:detail", args=[evidence.pk]))
    text = page.content.decode()
    for revision in evidence.revisions.all():
        assert revision.sha256 in text
        assert reverse("evidence:download", args=[revision.pk]) in text
    assert personas.respondent.display_name in text


def test_the_respondent_who_added_a_document_adds_its_revision_through_the_page(
    as_user, personas, add_pdf
):
    evidence = add_pdf(user=personas.respondent)
    response = as_user(personas.respondent).post(
        reverse("evidence:add_revision", args=[evidence.pk]),
        {"file": samples.upload("v2.pdf", samples.pdf_bytes("Revisi dua"))},
    )
    assert response.status_code == 302
    assert evidence.revisions.count() == 2


def test_a_revision_refused_on_the_page_says_why(as_user, personas, add_pdf):
    evidence = add_pdf(user=personas.respondent)
    response = as_user(personas.respondent).post(
        reverse("evidence:add_revision", args=[evidence.pk]),
        {"file": samples.upload("v2.docx", samples.plain_zip_bytes())},
    )
    assert response.status_code == 400
    assert "Berkas “v2.docx” ditolak" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("respondent", 403), ("leader", 403), ("admin_b", 404)]
)
def test_others_cannot_add_revisions(as_user, personas, add_pdf, persona, status):
    evidence = add_pdf(user=personas.admin)
    response = as_user(getattr(personas, persona)).post(
        reverse("evidence:add_revision", args=[evidence.pk]),
        {"file": samples.upload("v2.pdf", samples.pdf_bytes("Revisi"))},
    )
    assert response.status_code == status
    assert evidence.revisions.count() == 1
