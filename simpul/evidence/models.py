from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.agencies.models import Agency, Unit
from simpul.cycles.models import Answer


class DocumentType(models.TextChoices):
    REGULATION = "peraturan", _("Peraturan Bupati/Wali Kota")
    DECREE = "keputusan", _("Keputusan")
    CIRCULAR = "surat_edaran", _("Surat Edaran")
    SOP = "sop", _("SOP")
    REPORT = "laporan", _("Laporan")
    MINUTES = "notulen", _("Notulen")
    ATTENDANCE = "daftar_hadir", _("Daftar hadir")
    SCREENSHOT = "tangkapan_layar", _("Tangkapan layar")
    OTHER = "lainnya", _("Dokumen lain")


class EvidencePurpose(models.TextChoices):
    """What a linked document proves, for the freshness rules of the framework."""

    GENERAL = "umum", _("Bukti umum")
    REVIEW = "reviu", _("Hasil reviu/evaluasi")
    AUDIT = "audit", _("Laporan audit")
    FOLLOW_UP_POLICY = "tindak_lanjut", _("Kebijakan tindak lanjut reviu")


class EvidenceQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> "EvidenceQuerySet":
        return self.filter(agency=agency)


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


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("menunggu")
    DONE = "done", _("selesai")
    FAILED = "failed", _("gagal")
    NOT_APPLICABLE = "n/a", _("tidak berlaku")


class EvidenceRevision(models.Model):
    """One immutable version of an evidence file. A new upload adds a revision, never replaces."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revisi"))
    file = models.FileField(_("berkas"), max_length=300)
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


class EvidenceLinkQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> "EvidenceLinkQuerySet":
        return self.filter(evidence__agency=agency)


class EvidenceLink(models.Model):
    """A document used as evidence for one level of one answer. One document, many uses."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="links")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence_links")
    level = models.PositiveSmallIntegerField(_("tingkat"))
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
                name="evidence_link_unique",
                violation_error_message=_("Dokumen ini sudah ditautkan ke tingkat tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.evidence} → {self.answer} L{self.level}"
