"""Text extraction runs in the background through the real task queue (django-tasks database
backend + db_worker), then makes the document's content searchable."""

import pytest
from django_tasks_db.models import DBTaskResult

from simpul.evidence import operations
from simpul.evidence.models import Evidence, ExtractionStatus

from . import samples

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENTS = [
    ("dokumen.pdf", samples.pdf_bytes("Halaman satu", "Kebijakannya tentang arsitektur")),
    ("dokumen.docx", samples.docx_bytes("Pendahuluan", "Kebijakannya tentang arsitektur")),
    ("dokumen.xlsx", samples.xlsx_bytes([["No", "Uraian"], [1, "Kebijakannya arsitektur"]])),
    ("dokumen.pptx", samples.pptx_bytes("Judul", "Kebijakannya tentang arsitektur")),
    ("dokumen.odt", samples.odt_bytes("Kebijakannya tentang arsitektur")),
]


def upload(personas, name: str, content: bytes, title: str = "Dokumen tanpa petunjuk"):
    return operations.upload_evidence(
        personas.agency_a, samples.upload(name, content), title=title, user=personas.admin
    )


@pytest.mark.parametrize(("name", "content"), DOCUMENTS)
def test_the_worker_reads_the_text_and_the_content_becomes_searchable(
    personas, run_tasks, name, content
):
    evidence = upload(personas, name, content)
    library = Evidence.objects.for_agency(personas.agency_a)
    assert list(library.search("kebijakan")) == []  # queued, not yet read
    task = DBTaskResult.objects.get()
    assert task.task_path == "simpul.evidence.tasks.extract_evidence_text"
    assert task.args_kwargs == {"args": [evidence.current_revision_id], "kwargs": {}}

    run_tasks()

    revision = evidence.revisions.get()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert revision.extraction_status == ExtractionStatus.DONE
    assert "Kebijakannya" in revision.text and revision.extracted_at is not None
    assert list(library.search("berkebijakan")) == [evidence]


def test_a_new_revision_replaces_the_searchable_text(personas, run_tasks):
    evidence = upload(personas, "v1.pdf", samples.pdf_bytes("Rencana induk lama"))
    run_tasks()
    operations.add_revision(
        evidence, samples.upload("v2.pdf", samples.pdf_bytes("Peta baru")), user=None
    )
    run_tasks()
    library = Evidence.objects.for_agency(personas.agency_a)
    assert list(library.search("peta")) == [evidence]
    assert list(library.search("induk")) == []


def test_an_unreadable_document_is_marked_and_stays_findable_by_its_metadata(personas, run_tasks):
    broken = samples.docx_bytes(document="<w:document><w:body><w:p>tidak ditutup")
    evidence = upload(personas, "rusak.docx", broken, title="Kebijakan Data")
    run_tasks()
    revision = evidence.revisions.get()
    assert revision.extraction_status == ExtractionStatus.FAILED
    assert "Teks tidak dapat dibaca" in revision.extraction_error
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert list(Evidence.objects.for_agency(personas.agency_a).search("kebijakan")) == [evidence]


def test_a_pdf_without_text_is_done_with_a_note(personas, run_tasks):
    evidence = upload(personas, "pindaian.pdf", samples.pdf_bytes(""))
    run_tasks()
    revision = evidence.revisions.get()
    assert revision.extraction_status == ExtractionStatus.DONE
    assert "tidak memuat teks" in revision.extraction_error


def test_images_queue_no_work(personas, run_tasks):
    upload(personas, "layar.png", samples.png_bytes())
    assert not DBTaskResult.objects.exists()


def test_a_failed_upload_queues_nothing(personas):
    with pytest.raises(operations.EvidenceError):
        upload(personas, "kosong.pdf", b"")
    assert not DBTaskResult.objects.exists()
