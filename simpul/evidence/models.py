import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from simpul.agencies.models import Agency, Unit
from simpul.core.choices import ChoiceSet, legacy_values
from simpul.core.querysets import AgencyScopedQuerySet
from simpul.cycles.models import Answer

from . import sniffing
from .files import with_extension
from .storage import select_storage


@legacy_values(
    peraturan="regulation",
    keputusan="decree",
    surat_edaran="circular",
    laporan="report",
    notulen="minutes",
    daftar_hadir="attendance",
    tangkapan_layar="screenshot",
    lainnya="other",
)
class DocumentType(ChoiceSet):
    REGULATION = "regulation", _("Peraturan Bupati/Wali Kota")
    DECREE = "decree", _("Keputusan")
    CIRCULAR = "circular", _("Surat Edaran")
    SOP = "sop", _("SOP")
    REPORT = "report", _("Laporan")
    MINUTES = "minutes", _("Notulen")
    ATTENDANCE = "attendance", _("Daftar hadir")
    SCREENSHOT = "screenshot", _("Tangkapan layar")
    OTHER = "other", _("Dokumen lain")


@legacy_values(umum="general", reviu="review", tindak_lanjut="follow_up_policy")
class EvidencePurpose(ChoiceSet):
    """What a linked document proves, for the freshness rules of the framework."""

    GENERAL = "general", _("Bukti umum")
    REVIEW = "review", _("Hasil reviu/evaluasi")
    AUDIT = "audit", _("Laporan audit")
    FOLLOW_UP_POLICY = "follow_up_policy", _("Kebijakan tindak lanjut reviu")


class EvidenceQuerySet(AgencyScopedQuerySet):
    def with_use_count(self) -> "EvidenceQuerySet":
        """Annotate `uses`: how many answer levels use each document (one subquery, no join)."""
        uses = (
            EvidenceLink.objects.filter(evidence=models.OuterRef("pk"))
            .order_by()
            .values("evidence")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(uses=Coalesce(models.Subquery(uses), 0))

    def search(self, query: str) -> "EvidenceQuerySet":
        """Documents matching every word of `query` in metadata or text, best first."""
        from .search import search

        return search(self, query)


class Evidence(models.Model):
    """A document (data dukung) in an agency's library: a file with revisions, or a link."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("judul"), max_length=300)
    document_type = models.CharField(
        _("jenis dokumen"), max_length=30, choices=DocumentType.choices, default=DocumentType.OTHER
    )
    number = models.CharField(_("nomor"), max_length=200, blank=True)
    issued_on = models.DateField(_("tanggal ditetapkan"), null=True, blank=True)
    effective_on = models.DateField(_("tanggal berlaku"), null=True, blank=True)
    issuing_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issued_evidence",
        verbose_name=_("unit penerbit"),
    )
    url = models.URLField(_("tautan"), max_length=1000, blank=True)
    current_revision = models.ForeignKey(
        "EvidenceRevision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("data dukung")
        verbose_name_plural = _("data dukung")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_link(self) -> bool:
        return bool(self.url)

    def may_be_changed_by(self, membership) -> bool:
        """Admins change any document; respondents those they added or their unit issued."""
        if membership.can("evidence.edit_all"):
            return True
        if not membership.can("evidence.write"):
            return False
        return self.created_by_id == membership.user_id or (
            membership.unit_id is not None and self.issuing_unit_id == membership.unit_id
        )


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("menunggu")
    DONE = "done", _("selesai")
    FAILED = "failed", _("gagal")
    NOT_APPLICABLE = "n/a", _("tidak berlaku")


class EvidenceRevisionQuerySet(AgencyScopedQuerySet):
    agency_field = "evidence__agency"


# The only fields of a revision that may change after it is written: what the worker learns.
EXTRACTION_FIELDS = frozenset(
    {
        "text",
        "extraction_status",
        "extraction_error",
        "extracted_at",
        "extraction_started_at",
        "extraction_attempts",
    }
)


class EvidenceRevision(models.Model):
    """One immutable version of an evidence file. A new upload adds a revision, never replaces."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revisi"))
    file = models.FileField(_("berkas"), max_length=300, storage=select_storage)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("ukuran"))
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(blank=True)
    extraction_status = models.CharField(
        max_length=10, choices=ExtractionStatus.choices, default=ExtractionStatus.PENDING
    )
    extraction_error = models.CharField(_("kendala ekstraksi teks"), max_length=300, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    # Set when a worker starts reading; a start older than BACKGROUND_TASK_TIMEOUT_MINUTES
    # without a result means the worker was killed: `recover_tasks` retries or fails it.
    extraction_started_at = models.DateTimeField(null=True, blank=True)
    extraction_attempts = models.PositiveSmallIntegerField(_("percobaan pembacaan teks"), default=0)

    objects = EvidenceRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("revisi data dukung")
        verbose_name_plural = _("revisi data dukung")
        ordering = ["evidence", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "number"],
                name="revision_number_unique",
                violation_error_message=_("Nomor revisi sudah dipakai."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.evidence} · rev {self.number}"

    def save(self, *args, **kwargs) -> None:
        # Immutability: once written, only the text extraction results may change.
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not EXTRACTION_FIELDS.issuperset(update_fields):
                raise ValueError("An evidence revision is immutable; add a new revision instead.")
        super().save(*args, **kwargs)

    @property
    def kind(self) -> sniffing.FileKind | None:
        return sniffing.kind_for_content_type(self.content_type)

    @property
    def download_name(self) -> str:
        """The original name, with the extension of what the file really is."""
        kind = self.kind
        return with_extension(self.original_name, kind) if kind else self.original_name


class EvidenceLinkQuerySet(AgencyScopedQuerySet):
    agency_field = "evidence__agency"


class EvidenceLink(models.Model):
    """A document used as evidence for one level of one answer. One document, many uses."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="links")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence_links")
    level = models.PositiveSmallIntegerField(_("tingkat"))
    # For frameworks valued item by item: the item of `level` this document proves.
    item = models.ForeignKey(
        "frameworks.Item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_links",
        verbose_name=_("butir"),
    )
    purpose = models.CharField(
        _("fungsi bukti"),
        max_length=20,
        choices=EvidencePurpose.choices,
        default=EvidencePurpose.GENERAL,
    )
    note = models.CharField(_("keterangan (pasal, halaman)"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = EvidenceLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("tautan data dukung")
        verbose_name_plural = _("tautan data dukung")
        ordering = ["answer", "level", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "answer", "level"],
                condition=models.Q(item__isnull=True),
                name="evidence_link_unique",
                violation_error_message=_("Dokumen ini sudah ditautkan ke tingkat tersebut."),
            ),
            models.UniqueConstraint(
                fields=["evidence", "answer", "item"],
                condition=models.Q(item__isnull=False),
                name="evidence_link_item_unique",
                violation_error_message=_("Dokumen ini sudah ditautkan ke butir tersebut."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evidence} → {self.answer} L{self.level}"


class EvidenceSearch(models.Model):
    """The PostgreSQL full-text entry of one document (stemmed title and body, weighted).

    Exists only on PostgreSQL; on SQLite the same entry lives in the FTS5 table evidence_fts.
    Written by search.index_evidence from the actions and the extraction task; removed with
    its document by search.forget_evidence (a pre_delete receiver).
    """

    # DO_NOTHING: the table exists only on PostgreSQL, so the deletion collector must not
    # look for rows here on SQLite; search.forget_evidence removes the entry instead.
    evidence = models.OneToOneField(
        Evidence, on_delete=models.DO_NOTHING, primary_key=True, related_name="search_index"
    )
    vector = SearchVectorField()

    class Meta:
        required_db_vendor = "postgresql"
        indexes = [GinIndex(fields=["vector"], name="evidence_search_vector_gin")]

    def __str__(self) -> str:
        return str(self.evidence_id)


class UploadSessionQuerySet(AgencyScopedQuerySet):
    def of(self, membership) -> "UploadSessionQuerySet":
        """Sessions of this person in this agency: nobody else may see or add to them."""
        return self.filter(agency=membership.agency_id, user=membership.user_id)


class UploadSession(models.Model):
    """A file arriving in chunks (resumable upload, see docs/evidence.md).

    The bytes live in a temporary file on disk (`resumable.part_path`); `received` is how many
    of them are safely written. Once complete, the file goes through the very same upload or
    revision view as a one-shot upload; `evidence` then records what it became, so repeating
    the final request creates nothing new.
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Names the part file on disk (unique across databases sharing a temporary directory).
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    received = models.PositiveBigIntegerField(default=0)
    # What the browser knows the file by (name, size, modification time), to resume the same
    # file after a page reload.
    key = models.CharField(max_length=300, blank=True)
    claimed = models.BooleanField(default=False)
    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UploadSessionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["agency", "user", "key"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.received}/{self.size})"

    @property
    def complete(self) -> bool:
        return self.received == self.size
