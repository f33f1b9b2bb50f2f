"""Recover background work whose worker was killed: `manage.py recover_tasks` (cron, every few
minutes, beside `db_worker`).

After BACKGROUND_TASK_TIMEOUT_MINUTES without a sign of life: a report is marked failed (its
page offers "Buat ulang"), a text extraction is read again (failed after
EXTRACTION_MAX_ATTEMPTS), an outbox message is sent again, and the queue's own task row is
closed as failed so the queue shows what happened. Running it twice changes nothing more.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from simpul.evidence.operations import recover_stale_extractions
from simpul.notifications.operations import deliver_due
from simpul.reports.operations import fail_stale


class Command(BaseCommand):
    help = "Pulihkan pekerjaan latar belakang yang terhenti (laporan, ekstraksi teks, pesan)."

    def handle(self, *args, **options):
        now = timezone.now()
        cutoff = now - timedelta(minutes=settings.BACKGROUND_TASK_TIMEOUT_MINUTES)
        with transaction.atomic():
            closed = DBTaskResult.objects.filter(
                status=TaskResultStatus.RUNNING, started_at__lt=cutoff
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="simpul.core.WorkerLost",
                traceback="Worker berhenti sebelum tugas selesai (recover_tasks).",
            )
        reports = fail_stale(now)
        again, failed = recover_stale_extractions(now)
        sent = deliver_due(now)
        self.stdout.write(
            f"{closed} tugas terhenti ditutup; {reports} laporan ditandai gagal; "
            f"{again} ekstraksi teks diulang, {failed} gagal; {sent} pesan terkirim."
        )
