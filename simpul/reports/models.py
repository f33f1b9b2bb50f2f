"""Generated report files of a cycle: PDF, Excel and CSV (zip), built in the background."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simpul.agencies.models import Agency
from simpul.core.querysets import AgencyScopedQuerySet
from simpul.cycles.models import Cycle
from simpul.evidence.storage import select_storage


class ReportKind(models.TextChoices):
    PDF = "pdf", _("PDF Laporan Penilaian Mandiri SPBE")
    XLSX = "xlsx", _("Excel seluruh data periode")
    CSV = "csv", _("CSV per tabel (zip)")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Dalam antrean")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class ReportQuerySet(AgencyScopedQuerySet):
    def stale(self, now) -> "ReportQuerySet":
        """Queued or being built, with no sign of life within the timeout."""
        cutoff = now - timedelta(minutes=settings.BACKGROUND_TASK_TIMEOUT_MINUTES)
        unfinished = self.filter(status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING])
        return unfinished.filter(
            Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
        )


def report_path(report: "Report", filename: str) -> str:
    # The report's own folder: on S3 (where names are never overwritten) and on disk alike,
    # each report keeps its own file however often the same kind is built again.
    return f"reports/{report.agency_id}/{report.cycle_id}/{report.pk}/{filename}"


class Report(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="reports")
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("jenis"), max_length=10, choices=ReportKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    # The storage evidence uses (simpul/evidence/storage.py): the local MEDIA_ROOT, or the S3
    # bucket with EVIDENCE_STORAGE=s3, so a report built by a worker on one machine downloads
    # through every web server. Files leave only through the permission-checked view.
    file = models.FileField(
        upload_to=report_path, storage=select_storage, max_length=300, blank=True
    )
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The worker's last sign of life (start, each progress step): a report silent for longer
    # than BACKGROUND_TASK_TIMEOUT_MINUTES lost its worker and is marked failed.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.cycle}"

    @property
    def is_finished(self) -> bool:
        return self.status in {ReportStatus.DONE, ReportStatus.FAILED}

    def open_file(self):
        """The stored file, opened for reading. A report built before reports moved to the
        shared storage lies on the local MEDIA_ROOT: it is read from there when the configured
        storage (the S3 bucket) does not hold it. FileNotFoundError when neither does."""
        from django.core.files.storage import default_storage

        storage, name = self.file.storage, self.file.name
        if storage.exists(name):
            return storage.open(name, "rb")
        if default_storage.exists(name):
            return default_storage.open(name, "rb")
        raise FileNotFoundError(name)
