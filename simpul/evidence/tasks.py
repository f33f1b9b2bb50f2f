"""Background tasks of the evidence library, run by `manage.py db_worker` (django-tasks).

Enqueued by the actions after their transaction commits, with ids only (the task reads the
rows itself, so it always works on committed data).
"""

import logging

from django.utils.translation import gettext as _
from django_tasks import task

from . import extraction
from .models import EvidenceRevision, ExtractionStatus

logger = logging.getLogger(__name__)


@task()
def extract_evidence_text(revision_id: int) -> str:
    """Read the text of one revision for search; returns the resulting extraction status."""
    from .operations import record_extraction, start_extraction

    # Claim it: a second task for the same revision (a retry) reads nothing while one runs.
    if not start_extraction(revision_id):
        revision = EvidenceRevision.objects.filter(pk=revision_id).first()
        return revision.extraction_status if revision else "missing"
    revision = EvidenceRevision.objects.get(pk=revision_id)
    kind = revision.kind
    try:
        # A file object, never the file's bytes: the local file itself, or for S3 a spooled
        # temporary file that moves to disk above 1 MB (settings.STORAGES); the extractors
        # seek and read it in pieces (see extraction.py).
        with revision.file.open("rb") as handle:
            text = extraction.extract_text(handle, kind.code if kind else "")
    except Exception as error:  # a damaged or unusual file: record it, keep the worker going
        logger.warning("Text extraction failed for revision %s", revision_id, exc_info=True)
        reason = _("Teks tidak dapat dibaca dari berkas ini (%(error)s).") % {
            "error": type(error).__name__
        }
        record_extraction(revision, text="", status=ExtractionStatus.FAILED, error=reason)
        return ExtractionStatus.FAILED
    note = "" if text.strip() else _("Berkas ini tidak memuat teks yang dapat dibaca.")
    record_extraction(revision, text=text, status=ExtractionStatus.DONE, error=note)
    return ExtractionStatus.DONE
