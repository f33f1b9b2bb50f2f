"""With EVIDENCE_STORAGE=s3 the files go to an S3-compatible bucket: tested against a local
moto server (no network), through the real upload and download views."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.urls import reverse
from moto.server import ThreadedMotoServer

from simpul.evidence import operations
from simpul.evidence.models import Evidence

from . import samples

BUCKET = "simpul-bukti"
KEYS = {"access_key": "uji", "secret_key": "rahasia-uji"}
ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "default_acl": None,
                "file_overwrite": False,
                "max_memory_size": 1024 * 1024,
                **KEYS,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_an_upload_lands_in_the_bucket_and_downloads_through_the_app(
    as_user, personas, bucket, media_root
):
    content = samples.pdf_bytes("Perbup Arsitektur SPBE")
    client = as_user(personas.admin)
    response = client.post(
        reverse("evidence:upload"),
        {
            "file": samples.upload("perbup.pdf", content),
            "title": "Perbup",
            "document_type": "other",
        },
    )
    assert response.status_code == 302
    revision = Evidence.objects.get().current_revision
    assert keys(bucket) == [revision.file.name]
    assert revision.file.name.startswith(f"evidence/{personas.agency_a.pk}/")
    assert bucket.get_object(Bucket=BUCKET, Key=revision.file.name)["Body"].read() == content
    assert not media_root.exists()  # nothing on the local disk

    download = client.get(reverse("evidence:download", args=[revision.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == "application/pdf"


def test_a_failed_upload_leaves_no_object_in_the_bucket(personas, bucket):
    upload = samples.upload("perbup.pdf", samples.pdf_bytes("Perbup"))
    with pytest.raises(Exception, match="2024-13-45"):
        operations.upload_evidence(personas.agency_a, upload, issued_on="2024-13-45", user=None)
    assert keys(bucket) == []
    assert not Evidence.objects.exists()


def test_another_agency_cannot_download_from_the_bucket(as_user, personas, bucket):
    evidence = operations.upload_evidence(
        personas.agency_a, samples.upload("a.pdf", samples.pdf_bytes("A")), user=None
    )
    url = reverse("evidence:download", args=[evidence.current_revision_id])
    assert as_user(personas.admin_b).get(url).status_code == 404


def settings_of(**env: str) -> subprocess.CompletedProcess:
    unset = {"EVIDENCE_STORAGE", "AWS_STORAGE_BUCKET_NAME", "EVIDENCE_MAX_UPLOAD_MB"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    code = (
        "from django.conf import settings; "
        "print(settings.STORAGES['evidence']['BACKEND']); "
        "print(settings.STORAGES['evidence'].get('OPTIONS', {}).get('bucket_name')); "
        "print(settings.EVIDENCE_MAX_UPLOAD_SIZE)"
    )
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=ROOT,
        env={**clean, "DEBUG": "1", **env},
        capture_output=True,
        text=True,
    )


def test_the_storage_and_the_size_limit_come_from_the_environment():
    default = settings_of()
    assert default.stdout.split() == [
        "django.core.files.storage.FileSystemStorage",
        "None",
        str(50 * 1024 * 1024),
    ]
    s3 = settings_of(
        EVIDENCE_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="bukti-natuna", EVIDENCE_MAX_UPLOAD_MB="100"
    )
    assert s3.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "bukti-natuna",
        str(100 * 1024 * 1024),
    ]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EVIDENCE_STORAGE": "s3"}, "memerlukan AWS_STORAGE_BUCKET_NAME"),
        ({"EVIDENCE_STORAGE": "ftp"}, "EVIDENCE_STORAGE harus 'filesystem' atau 's3'"),
        ({"EVIDENCE_MAX_UPLOAD_MB": "lima puluh"}, "EVIDENCE_MAX_UPLOAD_MB harus bilangan bulat"),
    ],
)
def test_bad_storage_settings_stop_the_start_with_a_clear_message(env, message):
    result = settings_of(**env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.django_db(transaction=True)
def test_the_worker_reads_the_text_from_the_bucket(personas, bucket, run_tasks):
    evidence = operations.upload_evidence(
        personas.agency_a,
        samples.upload("a.pdf", samples.pdf_bytes("Kebijakannya tentang audit")),
        title="Dokumen",
        user=None,
    )
    run_tasks()
    assert "Kebijakannya" in evidence.revisions.get().text
    assert list(Evidence.objects.for_agency(personas.agency_a).search("kebijakan")) == [evidence]
