"""upload_evidence: what it accepts (by content), what it refuses (and says why, naming the
file), duplicates, names, and that a failure leaves neither a row nor a file behind."""

import hashlib
import re

import pytest
from django.core.files.base import ContentFile

from simpul.evidence import operations
from simpul.evidence.models import Evidence, EvidenceRevision, ExtractionStatus

from . import samples
from .conftest import stored_files

ACCEPTED = [
    ("perbup.pdf", samples.pdf_bytes("Peraturan Bupati"), "application/pdf", "pdf"),
    ("sop.docx", samples.docx_bytes("Standar operasional"), "wordprocessingml", "docx"),
    ("data.xlsx", samples.xlsx_bytes([["Aplikasi", "Unit"]]), "spreadsheetml", "xlsx"),
    ("paparan.pptx", samples.pptx_bytes("Rencana SPBE"), "presentationml", "pptx"),
    ("notulen.odt", samples.odt_bytes("Notulen rapat"), "opendocument.text", "odt"),
    ("layar.png", samples.png_bytes(), "image/png", "png"),
    ("foto.jpg", samples.jpeg_bytes(), "image/jpeg", "jpg"),
]


@pytest.mark.parametrize(("name", "content", "content_type", "extension"), ACCEPTED)
def test_each_accepted_kind_is_stored_with_its_digest_under_a_generated_name(
    personas, media_root, name, content, content_type, extension
):
    evidence = operations.upload_evidence(
        personas.agency_a, samples.upload(name, content), title="Dokumen", user=personas.respondent
    )
    revision = evidence.current_revision
    assert revision.number == 1
    assert content_type in revision.content_type
    assert revision.size == len(content)
    assert revision.sha256 == hashlib.sha256(content).hexdigest()
    assert revision.uploaded_by == personas.respondent
    assert revision.original_name == name
    pattern = rf"evidence/{personas.agency_a.pk}/[0-9a-f]{{32}}\.{extension}"
    assert re.fullmatch(pattern, revision.file.name)
    assert (media_root / revision.file.name).read_bytes() == content


def test_images_need_no_text_extraction_and_documents_wait_for_it(personas):
    image = operations.upload_evidence(
        personas.agency_a, samples.upload("a.png", samples.png_bytes()), user=personas.admin
    )
    document = operations.upload_evidence(
        personas.agency_a, samples.upload("b.pdf", samples.pdf_bytes("B")), user=personas.admin
    )
    assert image.current_revision.extraction_status == ExtractionStatus.NOT_APPLICABLE
    assert document.current_revision.extraction_status == ExtractionStatus.PENDING


def test_the_title_defaults_to_the_file_name(personas):
    upload = samples.upload("Perbup 12 2023.pdf", samples.pdf_bytes("x"))
    evidence = operations.upload_evidence(personas.agency_a, upload, user=personas.admin)
    assert evidence.title == "Perbup 12 2023"


BAD = [
    ("kosong.pdf", b"", "kosong"),
    ("terpotong.pdf", samples.pdf_bytes("Peraturan")[:200], "terpotong"),
    ("terkunci.pdf", samples.encrypted_pdf_bytes(), "terenkripsi"),
    ("arsip.docx", samples.plain_zip_bytes(), "arsip ZIP biasa"),
    ("terpotong.docx", samples.docx_bytes("Isi")[:150], "rusak atau terpotong"),
    ("terkunci.docx", samples.encrypted_office_bytes(), "dilindungi kata sandi"),
    ("lama.doc", samples.old_word_bytes(), "format Office lama"),
    ("gambar.png", samples.png_bytes()[:-12], "PNG ini rusak"),
    ("foto.jpg", samples.jpeg_bytes()[:-200], "JPEG ini rusak"),
    ("skrip.pdf", b"#!/bin/sh\necho halo\n", "bukan dokumen yang diterima"),
    ("halaman.pdf", b"<html><body>PDF</body></html>", "bukan dokumen yang diterima"),
    (
        "lembar.ods",
        samples.odt_bytes("x", mimetype="application/vnd.oasis.opendocument.spreadsheet"),
        "bukan teks (ODT)",
    ),
]


@pytest.mark.parametrize(("name", "content", "problem"), BAD)
def test_bad_files_are_refused_naming_the_file_and_the_problem(
    personas, media_root, name, content, problem
):
    with pytest.raises(operations.EvidenceError) as refused:
        operations.upload_evidence(
            personas.agency_a, samples.upload(name, content), title="X", user=personas.admin
        )
    message = str(refused.value)
    assert f"Berkas “{name}” ditolak" in message
    assert problem in message
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_a_docx_whose_document_part_is_damaged_is_refused(personas):
    content = samples.docx_bytes("Kebijakan internal arsitektur", stored=True)
    damaged = content.replace(b"Kebijakan internal", b"Kebijakan INTERNAL")
    with pytest.raises(operations.EvidenceError, match="dokumen ini rusak"):
        operations.upload_evidence(
            personas.agency_a, samples.upload("rusak.docx", damaged), user=personas.admin
        )


def test_the_type_comes_from_the_content_not_the_extension(personas):
    upload = samples.upload("laporan.docx", samples.pdf_bytes("Sebenarnya PDF"))
    revision = operations.upload_evidence(personas.agency_a, upload, user=personas.admin)
    revision = revision.current_revision
    assert revision.content_type == "application/pdf"
    assert revision.file.name.endswith(".pdf")
    assert revision.download_name == "laporan.pdf"


def test_files_over_the_limit_are_refused_before_anything_is_stored(personas, settings, media_root):
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 1000
    content = samples.pdf_bytes("x" * 2000)
    with pytest.raises(operations.EvidenceError, match="melebihi batas 1000"):
        operations.upload_evidence(
            personas.agency_a, samples.upload("besar.pdf", content), user=personas.admin
        )
    assert stored_files(media_root) == []


def test_the_same_file_twice_is_detected_and_the_existing_document_offered(personas):
    content = samples.pdf_bytes("Perbup Arsitektur")
    first = operations.upload_evidence(
        personas.agency_a, samples.upload("a.pdf", content), title="Perbup", user=personas.admin
    )
    with pytest.raises(operations.DuplicateEvidenceError) as duplicate:
        operations.upload_evidence(
            personas.agency_a, samples.upload("salinan.pdf", content), user=personas.respondent
        )
    assert duplicate.value.existing == first
    assert "“salinan.pdf” sama persis dengan “Perbup” (revisi 1)" in str(duplicate.value)
    assert Evidence.objects.count() == 1


def test_another_agency_may_hold_the_same_file(personas):
    content = samples.pdf_bytes("Surat edaran bersama")
    operations.upload_evidence(personas.agency_a, samples.upload("a.pdf", content), user=None)
    other = operations.upload_evidence(
        personas.agency_b, samples.upload("a.pdf", content), user=None
    )
    assert other.agency == personas.agency_b


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("C:\\Users\\budi\\Dokumen\\perbup.pdf", "perbup.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("lap\x00or\x07an\u202efdp.exe.pdf", "laporanfdp.exe.pdf"),
        ('notulen: "rapat" <1>?.pdf', "notulen_ _rapat_ _1__.pdf"),
        ("  ..  .pdf", "berkas.pdf"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_original_names_are_sanitised(personas, raw, clean):
    upload = ContentFile(samples.pdf_bytes(ascii(raw)), name="x.pdf")
    upload.name = raw  # ContentFile keeps the name as given, like a file from a command
    evidence = operations.upload_evidence(personas.agency_a, upload, title="X", user=None)
    assert evidence.current_revision.original_name == clean


def test_an_upload_failing_after_the_file_is_written_leaves_no_row_and_no_file(
    personas, media_root
):
    upload = samples.upload("perbup.pdf", samples.pdf_bytes("Perbup"))
    # The date is only checked when the row is saved, after the file is already stored.
    with pytest.raises(Exception, match="2024-13-45"):
        operations.upload_evidence(
            personas.agency_a, upload, title="Perbup", issued_on="2024-13-45", user=None
        )
    assert not Evidence.objects.exists()
    assert not EvidenceRevision.objects.exists()
    assert stored_files(media_root) == []


def test_when_the_storage_cannot_write_nothing_is_saved(personas, settings, tmp_path):
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("a file where the media directory should be")
    settings.MEDIA_ROOT = blocker
    upload = samples.upload("perbup.pdf", samples.pdf_bytes("Perbup"))
    with pytest.raises(operations.EvidenceError, match="“perbup.pdf” gagal disimpan"):
        operations.upload_evidence(personas.agency_a, upload, title="Perbup", user=None)
    assert not Evidence.objects.exists()


def test_an_issuing_unit_of_another_agency_is_refused(personas, media_root):
    upload = samples.upload("perbup.pdf", samples.pdf_bytes("Perbup"))
    with pytest.raises(operations.EvidenceError, match="bukan milik instansi ini"):
        operations.upload_evidence(
            personas.agency_a, upload, issuing_unit=personas.unit_b, user=personas.admin
        )
    assert stored_files(media_root) == []
