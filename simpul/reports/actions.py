"""Requesting a report (enqueues the background task after commit) and building it."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.cycles.models import Cycle

from . import builders
from .models import Report, ReportKind, ReportStatus

logger = logging.getLogger(__name__)


@transaction.atomic
def request_report(cycle: Cycle, kind: str, user=None) -> Report:
    from .tasks import build_report

    if kind not in ReportKind.values:
        raise ValueError(kind)
    report = Report.objects.create(agency=cycle.agency, cycle=cycle, kind=kind, created_by=user)
    transaction.on_commit(lambda: build_report.enqueue(report.pk))
    return report


def set_progress(report: Report, value: int, status: str = ReportStatus.RUNNING) -> None:
    report.progress, report.status = value, status
    report.save(update_fields=["progress", "status"])


def build(report: Report) -> Report:
    """Build the file of a queued report; a failure is recorded, never raised."""
    set_progress(report, 10)
    try:
        data = builders.BUILDERS[report.kind](report.cycle, lambda v: set_progress(report, v))
    except Exception as error:  # keep the worker going; the page shows the reason
        logger.exception("Report %s failed", report.pk)
        report.status, report.finished_at = ReportStatus.FAILED, timezone.now()
        report.error = _("Laporan gagal dibuat (%(error)s).") % {"error": type(error).__name__}
        report.save(update_fields=["status", "finished_at", "error"])
        return report
    save_file(report, data)
    return report


@transaction.atomic
def save_file(report: Report, data: bytes) -> None:
    report.file.save(builders.filename(report.cycle, report.kind), ContentFile(data), save=False)
    report.status, report.progress, report.finished_at = ReportStatus.DONE, 100, timezone.now()
    report.save(update_fields=["file", "status", "progress", "finished_at"])
