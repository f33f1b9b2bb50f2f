"""`manage.py worker_heartbeat` (cron, every 5 minutes): queue one no-op task for the worker.

Only one heartbeat waits at a time, so a dead worker does not pile them up.
"""

from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from simpul.core.commands import SimpulCommand
from simpul.core.tasks import heartbeat


class Command(SimpulCommand):
    help = _("Antrekan satu tugas detak untuk worker (cron, tiap 5 menit).")

    def handle(self, *args, **options) -> None:
        waiting = DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=heartbeat.module_path
        ).exists()
        if waiting:
            self.stdout.write(_("Detak sebelumnya masih menunggu worker."))
            return
        heartbeat.enqueue()
        self.stdout.write(_("Detak diantrekan."))
