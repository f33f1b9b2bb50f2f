"""A text extraction whose worker was killed is read again by `recover_tasks`, and after
EXTRACTION_MAX_ATTEMPTS starts is shown as failed instead of "being read" for ever."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from simpul.evidence import operations
from simpul.evidence.models import Evidence, EvidenceRevision, ExtractionStatus

from . import samples

pytestmark = pytest.mark.django_db(transaction=True)


def killed_mid_extraction(personas, minutes_ago: int) -> EvidenceRevision:
    """Upload a PDF; a worker takes its task, claims the revision, and is killed."""
    evidence = operations.upload_evidence(
        personas.agency_a,
        samples.upload("perbup.pdf", samples.pdf_bytes("Kebijakannya tentang arsitektur")),
        title="Dokumen tanpa petunjuk",
        user=personas.admin,
    )
    revision = evidence.current_revision
    assert operations.start_extraction(revision.pk)
    started = timezone.now() - timedelta(minutes=minutes_ago)
    EvidenceRevision.objects.filter(pk=revision.pk).update(extraction_started_at=started)
    DBTaskResult.objects.update(status="RUNNING", started_at=started)
    return revision


def recover() -> str:
    out = StringIO()
    call_command("recover_tasks", stdout=out)
    return out.getvalue()


def test_a_killed_extraction_is_read_again_and_becomes_searchable(personas, run_tasks):
    revision = killed_mid_extraction(personas, minutes_ago=31)
    run_tasks()  # nothing to do: the queue still believes the task runs
    assert EvidenceRevision.objects.get(pk=revision.pk).extraction_status == "pending"
    output = recover()
    assert "1 tugas terhenti ditutup" in output and "1 ekstraksi teks diulang" in output
    run_tasks()
    revision.refresh_from_db()
    assert revision.extraction_status == ExtractionStatus.DONE
    assert revision.extraction_attempts == 2
    assert list(Evidence.objects.for_agency(personas.agency_a).search("berkebijakan"))
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1


def test_a_recent_extraction_is_left_to_its_worker(personas, run_tasks):
    revision = killed_mid_extraction(personas, minutes_ago=5)
    assert "0 ekstraksi teks diulang, 0 gagal" in recover()
    run_tasks()
    revision.refresh_from_db()
    assert (revision.extraction_status, revision.extraction_attempts) == ("pending", 1)


def test_the_timeout_is_a_setting(personas, settings):
    settings.BACKGROUND_TASK_TIMEOUT_MINUTES = 3
    killed_mid_extraction(personas, minutes_ago=5)
    assert "1 ekstraksi teks diulang" in recover()


def test_after_the_last_attempt_the_failure_is_shown(personas, settings, as_user):
    settings.EXTRACTION_MAX_ATTEMPTS = 1
    revision = killed_mid_extraction(personas, minutes_ago=31)
    assert "0 ekstraksi teks diulang, 1 gagal" in recover()
    revision.refresh_from_db()
    assert revision.extraction_status == ExtractionStatus.FAILED
    page = as_user(personas.admin).get(reverse("evidence:detail", args=[revision.evidence_id]))
    assert "Pembacaan teks terhenti 1 kali" in page.content.decode()
    assert "sedang dibaca" not in page.content.decode()
