"""Requesting a report (enqueues the background task after commit) and building it."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.errors import Refusal
from simpul.cycles.models import Cycle

from . import builders
from .models import Report, ReportKind, ReportStatus

logger = logging.getLogger(__name__)


# A report still queued or running after this long is presumed stuck: it no longer blocks a
# new request of the same kind.
PENDING_WINDOW = timedelta(minutes=30)


class ReportError(Refusal):
    """A request refused, with a message fit to show."""


@transaction.atomic
def request_report(cycle: Cycle, kind: str, user=None) -> Report:
    """Queue a report of the cycle; one of each kind at a time, however often it is asked for."""
    from .tasks import build_report

    if kind not in ReportKind.values:
        raise ValueError(kind)
    # Serialise concurrent requests for the cycle, so two clicks cannot both find none pending.
    Cycle.objects.select_for_update().filter(pk=cycle.pk).exists()
    pending = (
        Report.objects.filter(
            cycle=cycle,
            kind=kind,
            status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING],
            created_at__gte=timezone.now() - PENDING_WINDOW,
        )
        .order_by("created_at")
        .first()
    )
    if pending is not None:
        raise ReportError(
            _(
                "%(kind)s periode %(year)s sedang dibuat (diminta pukul %(time)s); "
                "permintaan yang sama tidak diantrekan lagi. Unduh dari daftar bila sudah selesai."
            )
            % {
                "kind": pending.get_kind_display(),
                "year": cycle.year,
                "time": timezone.localtime(pending.created_at).strftime("%H:%M"),
            }
        )
    report = Report.objects.create(agency=cycle.agency, cycle=cycle, kind=kind, created_by=user)
    transaction.on_commit(lambda: build_report.enqueue(report.pk))
    return report


def start(report_id: int) -> bool:
    """Mark a queued report as being built; False if it is not queued (any more)."""
    queued = Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED)
    return bool(
        queued.update(status=ReportStatus.RUNNING, progress=10, heartbeat_at=timezone.now())
    )


def set_progress(report: Report, value: int) -> None:
    """Record progress, which is also the worker's sign of life; a no-op once it was failed."""
    report.progress, report.heartbeat_at = value, timezone.now()
    Report.objects.filter(pk=report.pk, status=ReportStatus.RUNNING).update(
        progress=value, heartbeat_at=report.heartbeat_at
    )


def build(report: Report) -> Report:
    """Build the file of a report being built and store it; a failure (building, or writing
    to the storage) is recorded on the report, never raised, so the page shows it with
    "Buat ulang" at once instead of "Sedang dibuat" until the timeout."""
    try:
        data = builders.BUILDERS[report.kind](report.cycle, lambda v: set_progress(report, v))
    except Exception as error:  # keep the worker going; the page shows the reason
        logger.exception("Report %s failed", report.pk)
        return fail(
            report, _("Laporan gagal dibuat (%(error)s).") % {"error": type(error).__name__}
        )
    try:
        save_file(report, data)
    except Exception as error:  # the storage refused (disk full, bucket unreachable...)
        logger.exception("Report %s could not be stored", report.pk)
        return fail(
            report,
            _(
                "Laporan selesai dibuat tetapi gagal disimpan ke penyimpanan berkas "
                "(%(error)s). Tekan “Buat ulang”; bila terulang, hubungi pengelola server."
            )
            % {"error": type(error).__name__},
        )
    return report


def fail(report: Report, error: str) -> Report:
    """Record a report being built as failed with `error` (a message fit to show)."""
    report.status, report.finished_at, report.error = ReportStatus.FAILED, timezone.now(), error
    Report.objects.filter(pk=report.pk, status=ReportStatus.RUNNING).update(
        status=report.status, finished_at=report.finished_at, error=error
    )
    return report


@transaction.atomic
def save_file(report: Report, data: bytes) -> None:
    current = Report.objects.select_for_update().filter(pk=report.pk).first()
    if current is None or current.status != ReportStatus.RUNNING:
        return  # given up as stale meanwhile (or deleted): its rebuild makes the file
    report.file.save(builders.filename(report.cycle, report.kind), ContentFile(data), save=False)
    report.status, report.progress, report.finished_at = ReportStatus.DONE, 100, timezone.now()
    report.save(update_fields=["file", "status", "progress", "finished_at"])


def fail_stale(now=None, *, agency=None) -> int:
    """Mark failed the reports whose worker went silent (killed mid-build, or no worker at all
    for longer than the timeout); they can then be rebuilt. Returns how many."""
    now = now or timezone.now()
    stale = Report.objects.stale(now)
    if agency is not None:
        stale = stale.for_agency(agency)
    minutes = settings.BACKGROUND_TASK_TIMEOUT_MINUTES
    error = _(
        "Pembuatan laporan terhenti: tidak ada kemajuan selama %(minutes)s menit (proses latar "
        "belakang mungkin berhenti). Tekan “Buat ulang”."
    ) % {"minutes": minutes}
    return stale.update(status=ReportStatus.FAILED, finished_at=now, error=error)


@transaction.atomic
def rebuild_report(report: Report, user=None) -> Report:
    """Queue a failed report again (same kind, same cycle); a finished or running one is refused."""
    from .tasks import build_report

    fail_stale(agency=report.agency)
    report.refresh_from_db()
    if report.status != ReportStatus.FAILED:
        raise ReportError(_("Hanya laporan yang gagal yang dapat dibuat ulang."))
    report.status, report.progress, report.error = ReportStatus.QUEUED, 0, ""
    report.heartbeat_at = report.finished_at = None
    if user is not None:
        report.created_by = user
    report.save(
        update_fields=["status", "progress", "error", "heartbeat_at", "finished_at", "created_by"]
    )
    transaction.on_commit(lambda: build_report.enqueue(report.pk))
    return report
