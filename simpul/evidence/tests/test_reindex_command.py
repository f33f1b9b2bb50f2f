"""manage.py reindex_evidence: rebuilds the search index and re-queues text extraction."""

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from simpul.evidence.models import Evidence, EvidenceRevision, ExtractionStatus


def test_it_rebuilds_the_index_from_the_rows(personas, add_pdf):
    evidence = add_pdf("Draf lama")
    # A change made behind the actions' back (a restore, a bulk fix) leaves the index stale.
    Evidence.objects.filter(pk=evidence.pk).update(title="Kebijakan Keamanan Informasi")
    library = Evidence.objects.for_agency(personas.agency_a)
    assert list(library.search("keamanan")) == []
    call_command("reindex_evidence", verbosity=0)
    assert list(library.search("keamanan")) == [evidence]
    assert list(library.search("draf")) == []


def test_it_queues_failed_extractions_again(personas, add_pdf, django_capture_on_commit_callbacks):
    revision = add_pdf("Perbup").current_revision
    EvidenceRevision.objects.filter(pk=revision.pk).update(
        extraction_status=ExtractionStatus.FAILED, extraction_error="rusak"
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reindex_evidence", "--agency", "natuna", "--extract", verbosity=0)
    revision.refresh_from_db()
    assert revision.extraction_status == ExtractionStatus.PENDING
    assert DBTaskResult.objects.get().args_kwargs["args"] == [revision.pk]


def test_an_unknown_agency_is_refused_with_status_2(personas):
    with pytest.raises(CommandError, match="“tidak-ada” tidak ditemukan") as refused:
        call_command("reindex_evidence", "--agency", "tidak-ada")
    assert refused.value.returncode == 2
