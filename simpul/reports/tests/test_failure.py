"""When the worker's build raises (here: the storage refuses the file, as a full disk or an
unreachable bucket would), the report shows as failed at once with the reason and "Buat
ulang", the worker carries on, and once the storage is back the rebuild downloads."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from simpul.reports import operations
from simpul.reports.models import Report, ReportStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_report_the_storage_refuses_is_failed_and_can_be_built_again(
    cycles, personas, as_user, settings, tmp_path, run_tasks
):
    # MEDIA_ROOT is a plain file: no folder can be made under it (also for root).
    blocker = tmp_path / "media-is-a-file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker
    client = as_user(personas.admin)
    assert (
        client.post(reverse("reports:request", args=[cycles.now.pk]), {"kind": "csv"}).status_code
        == 302
    )
    run_tasks()
    report = Report.objects.get()
    assert report.status == ReportStatus.FAILED and not report.file
    assert "gagal disimpan ke penyimpanan berkas" in report.error
    assert report.finished_at is not None
    # The task itself ended normally: the worker is not stuck retrying or crashed.
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    page = client.get(reverse("reports:cycle", args=[cycles.now.pk])).content.decode()
    assert "Gagal" in page and "gagal disimpan ke penyimpanan berkas" in page
    assert reverse("reports:rebuild", args=[report.pk]) in page
    assert reverse("reports:download", args=[report.pk]) not in page
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404
    # A failed report does not block a new request of the same kind.
    again = operations.request_report(cycles.now, "csv", personas.admin)
    assert again.status == ReportStatus.QUEUED
    again.delete()

    settings.MEDIA_ROOT = tmp_path / "media"  # the storage is back
    assert client.post(reverse("reports:rebuild", args=[report.pk])).status_code == 302
    run_tasks()
    report.refresh_from_db()
    assert (report.status, report.progress, report.error) == (ReportStatus.DONE, 100, "")
    response = client.get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"


def test_a_builder_that_raises_leaves_a_failed_report_with_its_reason(cycles, personas, run_tasks):
    """Broken data is what a builder meets in production: here the cycle's framework has a
    stored document that no longer parses (under a digest no process has an engine for)."""
    from simpul.frameworks.models import Framework

    report = operations.request_report(cycles.now, "pdf", personas.admin)
    Framework.objects.filter(pk=cycles.now.framework_id).update(
        document={}, content_sha256="0" * 64
    )
    run_tasks()
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and report.progress < 100
    assert report.error.startswith("Laporan gagal dibuat (") and not report.file
