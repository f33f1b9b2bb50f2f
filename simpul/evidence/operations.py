"""Write paths for the evidence library: one function per operation, each inside a transaction.

Uploads write the file first and the rows second; if anything fails after the file is written
(the rows, the commit), the file is deleted again, so a failed upload leaves nothing behind.
Text extraction is queued after the commit and runs in the background worker (tasks.py).
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from simpul.accounts.models import User
from simpul.agencies.models import Agency, Unit
from simpul.core.errors import Refusal
from simpul.cycles.models import Answer, AnswerEvent

from . import files, search, tasks
from .models import (
    DocumentType,
    Evidence,
    EvidenceLink,
    EvidencePurpose,
    EvidenceRevision,
    ExtractionStatus,
)

logger = logging.getLogger(__name__)


class EvidenceError(Refusal):
    """A refused operation, with an Indonesian message fit to show the user."""


class DuplicateEvidenceError(EvidenceError):
    """The same file (or link) is already in the agency's library: reuse `existing`."""

    def __init__(self, message: str, existing: Evidence) -> None:
        super().__init__(message)
        self.existing = existing


# --- uploads -----------------------------------------------------------------------------


def upload_evidence(
    agency: Agency,
    uploaded_file: File,
    *,
    title: str = "",
    document_type: str = DocumentType.OTHER,
    number: str = "",
    issued_on: datetime.date | None = None,
    effective_on: datetime.date | None = None,
    issuing_unit: Unit | None = None,
    user: User | None,
) -> Evidence:
    """Add a document with its first revision to the agency's library.

    Raises EvidenceError naming the file and the problem (empty, too large, corrupt, encrypted,
    not an accepted type), or DuplicateEvidenceError when the agency already has this file.
    """
    _check_metadata(agency, document_type, issuing_unit)
    checked = _check_file(uploaded_file)
    _refuse_duplicate_file(agency, checked)
    evidence = Evidence(
        agency=agency,
        title=title.strip() or checked.original_name.rsplit(".", 1)[0],
        document_type=document_type,
        number=number.strip(),
        issued_on=issued_on,
        effective_on=effective_on,
        issuing_unit=issuing_unit,
        created_by=user,
    )
    _store_revision(evidence, uploaded_file, checked, user=user, new_document=True)
    return evidence


def add_revision(evidence: Evidence, uploaded_file: File, *, user: User | None) -> EvidenceRevision:
    """Add a new version of a document's file. Older revisions stay as they are, downloadable."""
    if evidence.is_link:
        raise EvidenceError(
            _("“%(title)s” adalah tautan, bukan berkas; revisi berkas tidak dapat ditambahkan.")
            % {"title": evidence.title}
        )
    checked = _check_file(uploaded_file)
    _refuse_duplicate_file(evidence.agency, checked)
    return _store_revision(evidence, uploaded_file, checked, user=user, new_document=False)


def _check_file(uploaded_file: File) -> files.CheckedFile:
    name = files.sanitise_filename(uploaded_file.name)
    try:
        return files.check_upload(uploaded_file, settings.EVIDENCE_MAX_UPLOAD_SIZE)
    except files.UnacceptableFile as problem:
        raise EvidenceError(
            _("Berkas “%(name)s” ditolak: %(problem)s") % {"name": name, "problem": problem}
        ) from problem


def _refuse_duplicate_file(agency: Agency, checked: files.CheckedFile) -> None:
    same = (
        EvidenceRevision.objects.for_agency(agency)
        .filter(sha256=checked.sha256)
        .select_related("evidence")
        .order_by("-pk")
        .first()
    )
    if same is not None:
        raise DuplicateEvidenceError(
            _(
                "Berkas “%(name)s” sama persis dengan “%(title)s” (revisi %(number)s) yang sudah "
                "ada di pustaka. Gunakan dokumen itu alih-alih mengunggahnya lagi."
            )
            % {"name": checked.original_name, "title": same.evidence.title, "number": same.number},
            existing=same.evidence,
        )


def _store_revision(
    evidence: Evidence,
    uploaded_file: File,
    checked: files.CheckedFile,
    *,
    user: User | None,
    new_document: bool,
) -> EvidenceRevision:
    agency_id = evidence.agency_id
    try:
        stored_name = files.store(uploaded_file, agency_id, checked.kind)
    except Exception as error:
        logger.exception("Storing evidence file %r failed", checked.original_name)
        raise EvidenceError(
            _("Berkas “%(name)s” gagal disimpan ke penyimpanan. Tidak ada yang berubah; coba lagi.")
            % {"name": checked.original_name}
        ) from error
    # The file is written; from here on any failure (rows, commit) must delete it again. The
    # transaction sits inside the try so that a failing commit is caught too.
    try:
        with transaction.atomic():
            revision = _write_revision_rows(evidence, stored_name, checked, user, new_document)
            if checked.kind.has_text:
                transaction.on_commit(partial(tasks.extract_evidence_text.enqueue, revision.pk))
    except BaseException:
        files.discard(stored_name)
        raise
    return revision


def _write_revision_rows(
    evidence: Evidence,
    stored_name: str,
    checked: files.CheckedFile,
    user: User | None,
    new_document: bool,
) -> EvidenceRevision:
    if new_document:
        evidence.save()
        number = 1
    else:
        # Lock the document so two uploads cannot take the same revision number.
        Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
        number = (evidence.revisions.aggregate(top=Max("number"))["top"] or 0) + 1
    revision = EvidenceRevision.objects.create(
        evidence=evidence,
        number=number,
        file=stored_name,
        original_name=checked.original_name,
        content_type=checked.kind.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
        extraction_status=(
            ExtractionStatus.PENDING if checked.kind.has_text else ExtractionStatus.NOT_APPLICABLE
        ),
    )
    evidence.current_revision = revision
    evidence.save(update_fields=["current_revision"])
    search.index_evidence(evidence)
    return revision


# --- links (URL documents) and metadata ------------------------------------------------------


@transaction.atomic
def register_link(
    agency: Agency,
    *,
    url: str,
    title: str,
    document_type: str = DocumentType.OTHER,
    number: str = "",
    issued_on: datetime.date | None = None,
    effective_on: datetime.date | None = None,
    issuing_unit: Unit | None = None,
    user: User | None,
) -> Evidence:
    """Add a document that lives elsewhere (a web page, a shared drive) by its address."""
    url = url.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise EvidenceError(
            _(
                "Tautan “%(url)s” tidak sah: gunakan alamat lengkap yang diawali http:// atau "
                "https://."
            )
            % {"url": url[:200]}
        ) from error
    if not title.strip():
        raise EvidenceError(_("Judul tautan “%(url)s” wajib diisi.") % {"url": url[:200]})
    _check_metadata(agency, document_type, issuing_unit)
    existing = Evidence.objects.for_agency(agency).filter(url=url).first()
    if existing is not None:
        raise DuplicateEvidenceError(
            _("Tautan “%(url)s” sudah terdaftar sebagai “%(title)s”. Gunakan dokumen itu.")
            % {"url": url[:200], "title": existing.title},
            existing=existing,
        )
    evidence = Evidence.objects.create(
        agency=agency,
        url=url,
        title=title.strip(),
        document_type=document_type,
        number=number.strip(),
        issued_on=issued_on,
        effective_on=effective_on,
        issuing_unit=issuing_unit,
        created_by=user,
    )
    search.index_evidence(evidence)
    return evidence


@transaction.atomic
def update_evidence(
    evidence: Evidence,
    *,
    title: str,
    document_type: str,
    number: str = "",
    issued_on: datetime.date | None = None,
    effective_on: datetime.date | None = None,
    issuing_unit: Unit | None = None,
    user: User | None,
) -> Evidence:
    """Change a document's metadata (its files stay untouched) and refresh its search entry."""
    if not title.strip():
        raise EvidenceError(_("Judul data dukung wajib diisi."))
    _check_metadata(evidence.agency, document_type, issuing_unit)
    evidence.title = title.strip()
    evidence.document_type = document_type
    evidence.number = number.strip()
    evidence.issued_on = issued_on
    evidence.effective_on = effective_on
    evidence.issuing_unit = issuing_unit
    evidence.save(
        update_fields=[
            "title",
            "document_type",
            "number",
            "issued_on",
            "effective_on",
            "issuing_unit",
        ]
    )
    search.index_evidence(evidence)
    return evidence


def _check_metadata(agency: Agency, document_type: str, issuing_unit: Unit | None) -> None:
    document_type = DocumentType.parse(document_type) or document_type
    if document_type not in DocumentType.values:
        raise EvidenceError(
            _("Jenis dokumen “%(value)s” tidak dikenal.") % {"value": document_type}
        )
    if issuing_unit is not None and issuing_unit.agency_id != agency.pk:
        raise EvidenceError(_("Unit penerbit yang dipilih bukan milik instansi ini."))


# --- text extraction (called by the background task) ------------------------------------------


@transaction.atomic
def record_extraction(
    revision: EvidenceRevision, *, text: str, status: str, error: str = ""
) -> None:
    """Store what the worker read from a revision and refresh the document's search entry."""
    revision.text = text
    revision.extraction_status = status
    revision.extraction_error = error[:300]
    revision.extracted_at = timezone.now()
    revision.save(update_fields=["text", "extraction_status", "extraction_error", "extracted_at"])
    evidence = (
        Evidence.objects.select_related("issuing_unit", "current_revision")
        .filter(pk=revision.evidence_id)
        .first()
    )
    if evidence is not None and evidence.current_revision_id == revision.pk:
        search.index_evidence(evidence)


def start_extraction(revision_id: int) -> bool:
    """Mark a pending revision as being read by this worker; False if it is not pending or
    another worker is reading it."""
    pending = EvidenceRevision.objects.filter(
        pk=revision_id,
        extraction_status=ExtractionStatus.PENDING,
        extraction_started_at__isnull=True,
    )
    return bool(
        pending.update(
            extraction_started_at=timezone.now(), extraction_attempts=F("extraction_attempts") + 1
        )
    )


@transaction.atomic
def recover_stale_extractions(now=None) -> tuple[int, int]:
    """Revisions whose reading started longer ago than the timeout lost their worker: read them
    again, or after EXTRACTION_MAX_ATTEMPTS starts mark them failed (a file that kills the
    worker must not kill it for ever). Returns (queued again, failed)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.BACKGROUND_TASK_TIMEOUT_MINUTES)
    stale = EvidenceRevision.objects.filter(
        extraction_status=ExtractionStatus.PENDING, extraction_started_at__lt=cutoff
    )
    limit = settings.EXTRACTION_MAX_ATTEMPTS
    reason = _(
        "Pembacaan teks terhenti %(count)s kali (berkas mungkin terlalu berat); metadata tetap "
        "dapat dicari. Unggah ulang berkas atau minta administrator menjalankan reindex_evidence."
    ) % {"count": limit}
    failed = stale.filter(extraction_attempts__gte=limit).update(
        extraction_status=ExtractionStatus.FAILED, extraction_error=reason[:300], extracted_at=now
    )
    again = list(stale.values_list("pk", flat=True))
    EvidenceRevision.objects.filter(pk__in=again).update(extraction_started_at=None)
    for pk in again:
        transaction.on_commit(partial(tasks.extract_evidence_text.enqueue, pk))
    return len(again), failed


@transaction.atomic
def requeue_extraction(revisions: QuerySet) -> int:
    """Queue text extraction again for the pending or failed revisions among `revisions`."""
    again = revisions.filter(
        extraction_status__in=[ExtractionStatus.PENDING, ExtractionStatus.FAILED]
    ).exclude(content_type__startswith="image/")
    ids = list(again.values_list("pk", flat=True))
    # The task only reads pending revisions: failed ones go back to pending first.
    again.filter(extraction_status=ExtractionStatus.FAILED).update(
        extraction_status=ExtractionStatus.PENDING,
        extraction_error="",
        extraction_started_at=None,
        extraction_attempts=0,
    )
    for pk in ids:
        transaction.on_commit(partial(tasks.extract_evidence_text.enqueue, pk))
    return len(ids)


# --- linking documents to answers ----------------------------------------------------------


def check_link_target(answer: Answer, level: int) -> None:
    """Refuse a level outside the scale, or an answer whose evidence may no longer change."""
    from simpul.cycles.operations import EDITABLE

    if not answer.cycle.self_assessment_open or answer.status not in EDITABLE:
        raise EvidenceError(
            _(
                "Data dukung indikator %(code)s tidak dapat diubah: jawabannya sudah diajukan, "
                "diterima, atau penilaian mandiri sudah dikunci."
            )
            % {"code": answer.indicator.code}
        )
    framework = answer.indicator.framework
    if not isinstance(level, int) or not framework.level_min <= level <= framework.level_max:
        raise EvidenceError(
            _("Tingkat %(level)s tidak ada pada indikator %(code)s (tingkat %(low)s–%(high)s).")
            % {
                "level": level,
                "code": answer.indicator.code,
                "low": framework.level_min,
                "high": framework.level_max,
            }
        )


def _link_label(evidence: Evidence, level: int) -> str:
    # History is data: written in Indonesian whatever language the actor reads.
    with translation.override("id"):
        return _("%(title)s (tingkat %(level)s)") % {"title": evidence.title, "level": level}


@transaction.atomic
def link_evidence(
    answer: Answer,
    evidence: Evidence,
    *,
    level: int,
    purpose: str = EvidencePurpose.GENERAL,
    note: str = "",
    user: User | None,
) -> EvidenceLink:
    """Use a library document as evidence for one level of an answer, and record it."""
    if answer.cycle.agency_id != evidence.agency_id:
        raise EvidenceError(
            _("Data dukung “%(title)s” milik instansi lain dan tidak dapat ditautkan.")
            % {"title": evidence.title}
        )
    check_link_target(answer, level)
    purpose = EvidencePurpose.parse(purpose) or purpose
    if purpose not in EvidencePurpose.values:
        raise EvidenceError(_("Fungsi bukti “%(value)s” tidak dikenal.") % {"value": purpose})
    if EvidenceLink.objects.filter(answer=answer, evidence=evidence, level=level).exists():
        raise EvidenceError(
            _("“%(title)s” sudah ditautkan ke tingkat %(level)s indikator %(code)s.")
            % {"title": evidence.title, "level": level, "code": answer.indicator.code}
        )
    link = EvidenceLink.objects.create(
        answer=answer,
        evidence=evidence,
        level=level,
        purpose=purpose,
        note=note.strip()[:300],
        created_by=user,
    )
    AnswerEvent.objects.create(
        answer=answer,
        kind=AnswerEvent.Kind.EVIDENCE,
        actor=user,
        changes={"evidence": [None, _link_label(evidence, level)]},
    )
    return link


@transaction.atomic
def unlink_evidence(link: EvidenceLink, *, user: User | None) -> None:
    """Stop using a document for a level of an answer; the document stays in the library."""
    label = _link_label(link.evidence, link.level)
    answer = link.answer
    check_link_target(answer, link.level)
    link.delete()
    AnswerEvent.objects.create(
        answer=answer,
        kind=AnswerEvent.Kind.EVIDENCE,
        actor=user,
        changes={"evidence": [label, None]},
    )
