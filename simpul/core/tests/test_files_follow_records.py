"""Files follow their records: deleting a row (directly or by cascade) deletes its file after
commit; a rolled-back delete keeps it; orphan_files finds and removes what no row names."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from simpul.agencies.models import Agency
from simpul.evidence.models import Evidence, EvidenceRevision
from simpul.forum.models import Attachment, Post, Thread
from simpul.meetings.models import Photo
from simpul.meetings.tests.conftest import schedule


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media) -> set[str]:
    return {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}


@pytest.fixture
def files_of_b(personas, media):
    """Agency B with an evidence file, a forum attachment and a meeting photo."""
    agency = personas.agency_b
    evidence = Evidence.objects.create(agency=agency, title="SK")
    EvidenceRevision.objects.create(
        evidence=evidence, number=1, file=ContentFile(b"%PDF-1.4", name="sk.pdf"),
        original_name="sk.pdf", content_type="application/pdf", size=8, sha256="0" * 64,
    )  # fmt: skip
    thread = Thread.objects.create(agency=agency, title="Kendala", kind="obstacle")
    post = Post.objects.create(thread=thread, body="Lihat lampiran")
    Attachment.objects.create(
        post=post, file=ContentFile(b"lampiran", name="a.txt"), original_name="a.txt", size=8,
        content_type="text/plain",
    )  # fmt: skip
    meeting = schedule(personas)
    meeting.agency = agency
    meeting.save()
    Photo.objects.create(
        meeting=meeting, file=ContentFile(b"\x89PNG", name="f.png"), content_type="image/png"
    )
    assert len(stored(media)) == 3
    return agency


def test_deleting_an_agency_deletes_its_files_after_commit(
    files_of_b, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Agency.objects.get(pk=files_of_b.pk).delete()
    assert stored(media) == set()


def test_a_rolled_back_delete_keeps_the_files(files_of_b, media):
    with pytest.raises(RuntimeError), transaction.atomic():
        Attachment.objects.all().delete()
        raise RuntimeError("gagal di tengah jalan")
    assert len(stored(media)) == 3


def test_deleting_a_post_attachment_or_photo_deletes_its_file(
    files_of_b, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Post.objects.all().delete()
    assert len(stored(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        Photo.objects.all().delete()
    assert len(stored(media)) == 1


def test_a_file_named_by_another_row_stays(files_of_b, media, django_capture_on_commit_callbacks):
    revision = EvidenceRevision.objects.get()
    twin = EvidenceRevision.objects.create(
        evidence=revision.evidence, number=2, file=revision.file.name, original_name="sk.pdf",
        content_type="application/pdf", size=8, sha256="0" * 64,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        twin.delete()
    assert revision.file.name in stored(media)


def test_orphan_files_lists_then_deletes_what_no_row_names(files_of_b, media):
    (media / "evidence").mkdir(exist_ok=True)
    (media / "evidence" / "sisa-crash.pdf").write_bytes(b"%PDF")
    out, err = io.StringIO(), io.StringIO()
    call_command("orphan_files", stdout=out, stderr=err)
    assert out.getvalue().split() == ["evidence/sisa-crash.pdf"]
    assert "1 berkas yatim" in err.getvalue()
    assert (media / "evidence" / "sisa-crash.pdf").exists()
    call_command("orphan_files", "--delete", stdout=io.StringIO(), stderr=io.StringIO())
    assert not (media / "evidence" / "sisa-crash.pdf").exists()
    assert len(stored(media)) == 3  # files that rows name are untouched


def test_the_admin_delete_page_of_an_agency_with_data_works(files_of_b, as_user, personas):
    url = reverse("admin:agencies_agency_delete", args=[files_of_b.pk])
    client = as_user(personas.staff)
    personas.staff.is_superuser = True
    personas.staff.save()
    response = client.get(url)
    assert response.status_code == 200
