"""Report files live on the storage evidence uses (an S3 bucket with EVIDENCE_STORAGE=s3, a
local moto server here), download only through the permission-checked view, and a report
built before the move (a file on the local MEDIA_ROOT) still downloads."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from simpul.evidence.tests import test_storage_s3 as s3
from simpul.evidence.tests.test_storage_s3 import BUCKET, keys
from simpul.reports import operations
from simpul.reports.models import Report, ReportStatus

pytestmark = pytest.mark.django_db(transaction=True)

# The evidence tests' moto server and bucket (STORAGES["evidence"] pointed at it).
s3_endpoint = s3.s3_endpoint
bucket = s3.bucket


def test_a_report_built_by_the_worker_lands_in_the_bucket(
    cycles,
    personas,
    as_user,
    bucket,
    settings,
    run_tasks,
):
    report = operations.request_report(cycles.now, "csv", personas.admin)
    run_tasks()
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    name = report.file.name
    assert name.startswith(f"reports/{cycles.now.agency_id}/{cycles.now.pk}/{report.pk}/")
    assert keys(bucket) == [name]
    local = Path(settings.MEDIA_ROOT)
    assert not local.exists() or not [p for p in local.rglob("*") if p.is_file()]
    stored = bucket.get_object(Bucket=BUCKET, Key=name)["Body"].read()
    response = as_user(personas.admin).get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    assert response["Content-Disposition"].startswith("attachment;")
    # Another agency's member gets a 404, bucket or not.
    other = as_user(personas.admin_b).get(reverse("reports:download", args=[report.pk]))
    assert other.status_code == 404


def test_the_same_report_built_again_keeps_its_own_file(cycles, personas, bucket, run_tasks):
    first = operations.request_report(cycles.now, "csv", personas.admin)
    run_tasks()
    second = operations.request_report(cycles.now, "csv", personas.admin)
    run_tasks()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.file.name != second.file.name
    assert sorted(keys(bucket)) == sorted([first.file.name, second.file.name])
    second.delete()
    assert keys(bucket) == [first.file.name]


def test_a_report_stored_locally_before_the_move_still_downloads(
    cycles,
    personas,
    as_user,
    bucket,
):
    name = f"reports/{cycles.now.agency_id}/{cycles.now.pk}/laporan-lama.pdf"
    default_storage.save(name, ContentFile(b"%PDF-1.7 laporan lama"))
    report = Report.objects.create(
        agency=cycles.now.agency, cycle=cycles.now, kind="pdf", status=ReportStatus.DONE,
        progress=100, file=name,
    )  # fmt: skip
    assert keys(bucket) == []
    response = as_user(personas.admin).get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 laporan lama"
    missing = Report.objects.create(
        agency=cycles.now.agency, cycle=cycles.now, kind="pdf", status=ReportStatus.DONE,
        file=f"reports/{cycles.now.agency_id}/{cycles.now.pk}/hilang.pdf",
    )  # fmt: skip
    response = as_user(personas.admin).get(reverse("reports:download", args=[missing.pk]))
    assert response.status_code == 404
