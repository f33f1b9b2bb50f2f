""" "Hapus data saya" (UU 27/2022) removes every copy the privacy page promises to remove;
what must be kept as an official record is named in the notice and in the export."""

import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from simpul.accounts.models import LoginFailure, User
from simpul.forum import operations
from simpul.forum.models import Attachment, ModerationLog, PartnerApplication, Post
from simpul.meetings import operations as meeting_operations
from simpul.meetings.models import Attendance
from simpul.meetings.tests.conftest import schedule
from simpul.notifications.models import OutboxMessage


@pytest.fixture
def traces(personas, obstacle, settings, tmp_path):
    """The partner leaves a copy of their data in every place the audit found."""
    settings.MEDIA_ROOT = tmp_path
    partner = personas.partner
    post = Post.objects.filter(thread=obstacle).first()
    attachment = Attachment.objects.create(
        post=post, file=ContentFile(b"isi lampiran", name="notulen-mitra.txt"),
        original_name="notulen-mitra.txt", size=12, content_type="text/plain",
    )  # fmt: skip
    draft = schedule(personas, title="Forum Kolaborasi (draf)")
    signed = schedule(personas, title="Forum Kolaborasi (terbit)")
    for meeting in (draft, signed):
        meeting_operations.check_in(meeting, personas.partner_membership,
                                 membership=personas.admin_membership)  # fmt: skip
    type(signed).objects.filter(pk=signed.pk).update(minutes_status="published")
    PartnerApplication.objects.create(
        agency=personas.agency_a, user=partner, organisation="PT Mitra Natuna", helix="business"
    )
    ModerationLog.objects.create(
        agency=personas.agency_a, actor=personas.admin, act="approve_partner", reason=partner.email
    )
    LoginFailure.objects.create(username=partner.email.casefold())
    OutboxMessage.objects.create(channel="email", recipient=partner.email, body="Undangan rapat")
    return {"attachment": attachment, "draft": draft, "signed": signed,
            "path": tmp_path / attachment.file.name, "email": partner.email,
            "name": partner.full_name}  # fmt: skip


def test_the_export_lists_every_copy_and_what_is_kept(personas, as_user, traces):
    data = json.loads(as_user(personas.partner).get(reverse("forum:my_data_export")).content)
    assert data["lampiran"][0]["berkas"] == "notulen-mitra.txt"
    assert data["pendaftaran_mitra"][0]["organisasi"] == "PT Mitra Natuna"
    assert data["catatan_moderasi"][0]["keterangan"] == traces["email"]
    kept = {row["rapat"]: row["disimpan_sebagai_arsip_resmi"] for row in data["kehadiran_rapat"]}
    assert kept == {"Forum Kolaborasi (draf)": False, "Forum Kolaborasi (terbit)": True}
    assert "arsip resmi" in data["yang_tetap_disimpan"]


def test_deletion_removes_every_copy_but_the_signed_minutes(
    personas, as_user, traces, django_capture_on_commit_callbacks
):
    assert traces["path"].exists()
    with django_capture_on_commit_callbacks(execute=True):
        as_user(personas.partner).post(reverse("forum:my_data_delete"), {"confirm": "HAPUS"})
    partner = User.objects.get(pk=personas.partner.pk)
    # The moderation log and page no longer carry the email.
    assert not ModerationLog.objects.filter(reason__icontains=traces["email"]).exists()
    page = as_user(personas.admin).get(reverse("forum:moderation")).content.decode()
    assert traces["email"] not in page
    # Attendance of minutes not yet signed: pseudonymised; signed minutes keep the record.
    draft = Attendance.objects.get(meeting=traces["draft"])
    signed = Attendance.objects.get(meeting=traces["signed"])
    assert draft.name == f"mantan peserta #{partner.pk}" and draft.organisation == ""
    assert signed.name == traces["name"]
    pdf = as_user(personas.admin).get(reverse("meetings:pdf", args=[traces["draft"].pk]))
    assert pdf.status_code == 200
    # The organisation of the application, the attachment and its file, sign-in failures.
    assert PartnerApplication.objects.get(user=partner).organisation == ""
    assert not Attachment.objects.filter(pk=traces["attachment"].pk).exists()
    assert not traces["path"].exists()
    assert not LoginFailure.objects.filter(username=traces["email"].casefold()).exists()
    assert not OutboxMessage.objects.filter(recipient=traces["email"]).exists()


def test_the_privacy_notice_says_what_is_kept(personas, as_user):
    page = as_user(personas.partner).get(reverse("forum:privacy")).content.decode()
    assert "arsip resmi" in page and "disetujui" in page


def test_deletion_of_a_person_without_email_still_works(personas, obstacle):
    User.objects.filter(pk=personas.partner.pk).update(email="")
    operations.delete_personal_data(User.objects.get(pk=personas.partner.pk))
    assert not User.objects.get(pk=personas.partner.pk).is_active
