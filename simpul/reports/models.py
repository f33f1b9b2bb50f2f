"""Generated report files of a cycle: PDF, Excel and CSV (zip), built in the background."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.agencies.models import Agency
from simpul.cycles.models import Cycle


class ReportKind(models.TextChoices):
    PDF = "pdf", _("PDF Laporan Penilaian Mandiri SPBE")
    XLSX = "xlsx", _("Excel seluruh data periode")
    CSV = "csv", _("CSV per tabel (zip)")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Dalam antrean")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class ReportQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> "ReportQuerySet":
        return self.filter(agency=agency)


def report_path(report: "Report", filename: str) -> str:
    return f"reports/{report.agency_id}/{report.cycle_id}/{filename}"


class Report(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="reports")
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("jenis"), max_length=10, choices=ReportKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    file = models.FileField(upload_to=report_path, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
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
