"""`manage.py status`: the operator's view of queue, failures, last backup, disk and worker.

`--json` prints the same as one JSON object (for monitoring scripts).
"""

import datetime
import json as jsonlib
import shutil
from pathlib import Path

from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from simpul.core.backup import last_backup, media_files, media_root
from simpul.core.commands import SimpulCommand
from simpul.core.health import check_worker


def _last_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def database_size() -> int | None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        paths = [Path(name + suffix) for suffix in ("", "-wal")]
        if not paths[0].is_file():
            return None  # an in-memory database
        return sum(path.stat().st_size for path in paths if path.is_file())
    return None


def gather() -> dict:
    now = timezone.now()
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    last_failed = failed.order_by("-finished_at").values("task_path", "finished_at", "traceback")
    last_failed = last_failed.first()
    root = media_root()
    backup = last_backup()
    usage = shutil.disk_usage(root if root.is_dir() else root.parent)
    return {
        "queue": {
            "ready": DBTaskResult.objects.ready().count(),
            "running": DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
        },
        "failed_tasks": {
            "count": failed.count(),
            "last": (
                {
                    "task": last_failed["task_path"],
                    "at": last_failed["finished_at"].isoformat()
                    if last_failed["finished_at"]
                    else None,
                    "error": _last_line(last_failed["traceback"]),
                }
                if last_failed
                else None
            ),
        },
        "last_backup": (
            {
                "at": backup["at"].isoformat(),
                "age_seconds": backup["age_seconds"],
                "size": backup["size"],
                "path": backup["path"],
            }
            if backup
            else None
        ),
        "disk": {
            "media_bytes": sum((root / name).stat().st_size for name in media_files(root)),
            "media_files": len(media_files(root)),
            "database_bytes": database_size(),
            "free_bytes": usage.free,
        },
        "worker": check_worker(now),
    }


def _local(moment: str | None) -> str:
    if not moment:
        return "-"
    return timezone.localtime(datetime.datetime.fromisoformat(moment)).strftime("%Y-%m-%d %H:%M %Z")


def _age(seconds: int) -> str:
    if seconds < 3600:
        return _("%(n)s menit lalu") % {"n": seconds // 60}
    if seconds < 2 * 86400:
        return _("%(n)s jam lalu") % {"n": seconds // 3600}
    return _("%(n)s hari lalu") % {"n": seconds // 86400}


class Command(SimpulCommand):
    help = _("Keadaan Simpul untuk operator: antrean, tugas gagal, cadangan, disk, worker.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help=_("cetak sebagai JSON"))

    def handle(self, *args, json: bool = False, **options) -> None:
        report = gather()
        if json:
            self.stdout.write(_dumps(report))
            return
        for line in self.lines(report):
            self.stdout.write(line)

    def lines(self, report: dict) -> list[str]:
        queue, failed, disk, worker = (
            report["queue"],
            report["failed_tasks"],
            report["disk"],
            report["worker"],
        )
        lines = [
            _("Antrean: %(ready)s tugas menunggu, %(running)s berjalan.") % queue,
            _("Tugas gagal: %(count)s.") % failed,
        ]
        if failed["last"]:
            lines.append(
                _("  Terakhir: %(task)s pada %(at)s: %(error)s")
                % {
                    **failed["last"],
                    "at": _local(failed["last"]["at"]),
                    "error": failed["last"]["error"] or "-",
                }
            )
        backup = report["last_backup"]
        if backup:
            lines.append(
                _("Cadangan terakhir: %(at)s (%(age)s), %(size)s, %(path)s.")
                % {
                    "at": _local(backup["at"]),
                    "age": _age(backup["age_seconds"]),
                    "size": filesizeformat(backup["size"] or 0),
                    "path": backup["path"],
                }
            )
        else:
            lines.append(_("Cadangan terakhir: belum pernah (jalankan `manage.py backup`)."))
        database = disk["database_bytes"]
        lines.append(
            _("Disk: berkas %(media)s (%(files)s berkas), basis data %(db)s, sisa %(free)s.")
            % {
                "media": filesizeformat(disk["media_bytes"]),
                "files": disk["media_files"],
                "db": filesizeformat(database) if database is not None else "-",
                "free": filesizeformat(disk["free_bytes"]),
            }
        )
        last = worker["last_finished_seconds_ago"]
        done = (
            _("tugas terakhir selesai %(when)s") % {"when": _age(last)}
            if last is not None
            else _("belum ada tugas yang selesai")
        )
        if worker["ok"]:
            lines.append(_("Worker: baik; %(done)s.") % {"done": done})
        else:
            lines.append(
                _(
                    "Worker: MACET, ada tugas menunggu lebih dari %(seconds)s detik; %(done)s. "
                    "Periksa `manage.py db_worker`."
                )
                % {"seconds": worker["stale_after_seconds"], "done": done}
            )
        return lines


def _dumps(report: dict) -> str:
    return jsonlib.dumps(report, ensure_ascii=False, indent=2)
