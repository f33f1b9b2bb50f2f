"""`manage.py status`: queue depth, failed tasks with their last error, last backup, disk use
and the worker, in Indonesian and as JSON."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db(transaction=True)


def status(*args) -> str:
    out = io.StringIO()
    call_command("status", *args, stdout=out)
    return out.getvalue()


def fail_a_task() -> None:
    call_command("worker_heartbeat", stdout=io.StringIO())
    DBTaskResult.objects.update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="builtins.ValueError",
        traceback='Traceback (most recent call last):\n  File "x.py"\nValueError: berkas rusak\n',
    )


def test_it_reports_the_queue_failures_backup_and_disk_as_json(settings, tmp_path):
    settings.BACKUP_STATE_FILE = tmp_path / "last-backup.json"
    fail_a_task()
    call_command("worker_heartbeat", stdout=io.StringIO())
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "laporan.pdf").write_bytes(b"x" * 1000)
    call_command("backup", str(tmp_path / "cadangan"), stdout=io.StringIO())

    report = json.loads(status("--json"))
    assert report["queue"] == {"ready": 1, "running": 0}
    assert report["failed_tasks"]["count"] == 1
    assert report["failed_tasks"]["last"]["error"] == "ValueError: berkas rusak"
    assert report["failed_tasks"]["last"]["task"] == "simpul.core.tasks.heartbeat"
    assert report["disk"]["media_bytes"] == 1000 and report["disk"]["media_files"] == 1
    assert report["disk"]["free_bytes"] > 0
    assert report["last_backup"]["size"] > 1000
    assert report["worker"]["ok"] is True


def test_the_human_report_is_in_indonesian(settings, tmp_path):
    settings.BACKUP_STATE_FILE = tmp_path / "last-backup.json"
    fail_a_task()
    text = status()
    assert "Antrean: 0 tugas menunggu, 0 berjalan." in text
    assert "Tugas gagal: 1." in text
    assert "ValueError: berkas rusak" in text
    assert "Cadangan terakhir: belum pernah" in text
    assert "Worker: baik" in text


def test_a_stuck_queue_is_shown(settings):
    call_command("worker_heartbeat", stdout=io.StringIO())
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timezone.timedelta(hours=1))
    assert "Worker: MACET" in status()
    assert json.loads(status("--json"))["worker"]["ok"] is False
