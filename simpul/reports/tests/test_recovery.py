"""A report whose worker was killed mid-build does not stay "Sedang dibuat" for ever: after
BACKGROUND_TASK_TIMEOUT_MINUTES without progress it is failed, and "Buat ulang" builds it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from simpul.reports import operations
from simpul.reports.models import Report, ReportStatus

pytestmark = pytest.mark.django_db(transaction=True)


def killed_mid_build(cycles, personas, minutes_ago: int) -> Report:
    """Request a report; a worker takes the task, reaches 40 %, and is killed."""
    report = operations.request_report(cycles.now, "csv", personas.admin)
    then = timezone.now() - timedelta(minutes=minutes_ago)
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, progress=40, heartbeat_at=then
    )
    DBTaskResult.objects.update(status="RUNNING", started_at=then)
    return report


def test_a_killed_build_shows_as_failed_and_is_built_again(cycles, personas, as_user, run_tasks):
    report = killed_mid_build(cycles, personas, minutes_ago=31)
    client = as_user(personas.admin)
    page = client.get(reverse("reports:cycle", args=[cycles.now.pk])).content.decode()
    assert "Sedang dibuat" not in page and "Pembuatan laporan terhenti" in page
    assert reverse("reports:rebuild", args=[report.pk]) in page and "Buat ulang" in page
    out = StringIO()
    call_command("recover_tasks", stdout=out)
    assert "1 tugas terhenti ditutup" in out.getvalue()
    assert client.post(reverse("reports:rebuild", args=[report.pk])).status_code == 302
    run_tasks()
    report.refresh_from_db()
    assert (report.status, report.progress, report.error) == (ReportStatus.DONE, 100, "")
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 200
    assert Report.objects.count() == 1


def test_the_status_poll_turns_a_silent_build_into_a_failure(cycles, personas, as_user):
    report = killed_mid_build(cycles, personas, minutes_ago=31)
    row = as_user(personas.admin).get(reverse("reports:status", args=[report.pk]))
    assert "Gagal" in row.content.decode() and "hx-trigger" not in row.content.decode()


def test_a_build_still_making_progress_is_not_rebuilt(cycles, personas, as_user):
    report = killed_mid_build(cycles, personas, minutes_ago=5)
    client = as_user(personas.admin)
    page = client.post(reverse("reports:rebuild", args=[report.pk]), follow=True)
    assert "Hanya laporan yang gagal yang dapat dibuat ulang." in page.content.decode()
    report.refresh_from_db()
    assert (report.status, report.progress) == (ReportStatus.RUNNING, 40)


def test_the_timeout_is_a_setting(cycles, personas, settings):
    report = killed_mid_build(cycles, personas, minutes_ago=5)
    assert operations.fail_stale() == 0
    settings.BACKGROUND_TASK_TIMEOUT_MINUTES = 3
    assert operations.fail_stale() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "3 menit" in report.error


def test_a_queued_report_with_no_worker_at_all_fails_after_the_timeout(cycles, personas):
    report = operations.request_report(cycles.now, "csv", personas.admin)
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert operations.fail_stale() == 1


def test_a_build_given_up_meanwhile_does_not_overwrite_its_failure(cycles, personas):
    report = killed_mid_build(cycles, personas, minutes_ago=31)
    operations.fail_stale()
    operations.save_file(report, b"late")
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and not report.file
