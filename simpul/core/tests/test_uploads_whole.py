"""Nothing half-saved from an upload: a cut-off body saves nothing; oversize files are
stopped while they arrive (forum attachments, meeting photos, evidence)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, ClientHandler, encode_multipart
from django.urls import reverse

from simpul.evidence.models import Evidence
from simpul.evidence.tests import samples
from simpul.forum.models import Attachment, Post, Thread
from simpul.meetings import operations as meeting_operations
from simpul.meetings.models import Photo
from simpul.meetings.tests.conftest import schedule


def post_cut_off(client, url: str, data: dict, keep: float = 0.6):
    """POST multipart `data` whose body stops at `keep` of its length, as when a phone's
    connection drops mid-upload (Content-Length still announces the whole body)."""
    body = encode_multipart(BOUNDARY, data)
    environ = client._base_environ(
        PATH_INFO=url,
        REQUEST_METHOD="POST",
        CONTENT_TYPE=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": io.BytesIO(body[: int(len(body) * keep)])},
    )
    environ["HTTP_COOKIE"] = client.cookies.output(header="", sep="; ")
    return ClientHandler(enforce_csrf_checks=False)(environ)


def pdf(name="notulen.pdf", size=200_000):
    return SimpleUploadedFile(name, samples.pdf_bytes("x" * size), content_type="application/pdf")


@pytest.fixture
def thread(personas):
    return Thread.objects.create(agency=personas.agency_a, title="Kendala I20", kind="obstacle")


def test_a_reply_cut_off_mid_attachment_is_not_saved(as_user, personas, thread):
    client = as_user(personas.partner)
    url = reverse("forum:reply", args=[thread.pk])
    response = post_cut_off(client, url, {"body": "Lampiran notulen", "kind": "solution",
                                          "files": pdf()})  # fmt: skip
    assert response.status_code == 400
    assert "Unggahan terputus sebelum selesai" in response.content.decode()
    assert not Post.objects.filter(thread=thread).exists()
    assert not Attachment.objects.exists()


def test_a_new_thread_cut_off_mid_attachment_is_not_saved(as_user, personas):
    client = as_user(personas.partner)
    data = {"title": "Server sering mati", "kind": "obstacle", "body": "Lihat lampiran",
            "files": pdf()}  # fmt: skip
    response = post_cut_off(client, reverse("forum:new"), data)
    assert response.status_code == 400 and "Unggahan terputus" in response.content.decode()
    assert not Thread.objects.exists()


def test_a_whole_reply_with_its_attachment_is_saved(as_user, personas, thread):
    client = as_user(personas.partner)
    url = reverse("forum:reply", args=[thread.pk])
    response = client.post(url, {"body": "Lampiran notulen", "kind": "solution", "files": pdf()})
    assert response.status_code == 302
    assert Post.objects.get(thread=thread).attachments.count() == 1


def test_an_oversize_attachment_is_stopped_and_the_post_refused(
    as_user, personas, thread, settings
):
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 50_000
    client = as_user(personas.partner)
    url = reverse("forum:reply", args=[thread.pk])
    response = client.post(url, {"body": "Besar", "kind": "solution", "files": pdf(size=80_000)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Berkas “notulen.pdf” ditolak: ukurannya melebihi batas" in html
    assert "Besar" in html  # the text typed stays on the form
    assert not Post.objects.filter(thread=thread).exists()


def test_an_oversize_photo_is_stopped_while_it_arrives(as_user, personas, monkeypatch):
    meeting = schedule(personas)
    monkeypatch.setattr(meeting_operations, "PHOTO_MAX_BYTES", 100_000)
    big = SimpleUploadedFile("foto.png", samples.png_bytes() + b"\0" * 200_000, "image/png")
    response = as_user(personas.admin).post(
        reverse("meetings:photo_add", args=[meeting.pk]), {"photo": big, "caption": "x"},
        follow=True,
    )  # fmt: skip
    assert "Berkas “foto.png” ditolak: ukurannya melebihi batas" in response.content.decode()
    assert not Photo.objects.exists()


def test_an_evidence_upload_cut_off_is_not_kept(as_user, personas):
    client = as_user(personas.admin)
    data = {"title": "Perbup", "document_type": "other", "file": pdf("perbup.pdf")}
    response = post_cut_off(client, reverse("evidence:upload"), data)
    assert "Unggahan terputus" in response.content.decode()
    assert not Evidence.objects.exists()
