import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simpul.forum import operations
from simpul.forum.models import Post
from simpul.forum.operations import BODY_MAX, ForumError


def test_the_rate_limit_refuses_the_next_post_with_a_clear_message(personas, obstacle, settings):
    settings.FORUM_POSTS_PER_MINUTE = 2
    operations.reply(obstacle, membership=personas.partner_membership, body="Satu lagi")
    with pytest.raises(ForumError, match="paling banyak 2 tulisan per menit"):
        operations.reply(obstacle, membership=personas.partner_membership, body="Terlalu cepat")
    assert Post.objects.count() == 2


def test_the_rate_limit_is_per_person(personas, obstacle, settings):
    settings.FORUM_POSTS_PER_MINUTE = 1
    operations.reply(obstacle, membership=personas.admin_membership, body="Orang lain boleh")


def test_a_refused_reply_keeps_the_text_in_the_form(personas, as_user, obstacle, settings):
    settings.FORUM_POSTS_PER_MINUTE = 1
    response = as_user(personas.partner).post(
        reverse("forum:reply", args=[obstacle.pk]),
        {"body": "Teks yang tidak hilang", "kind": "reply"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Teks yang tidak hilang" in page and "per menit" in page


def test_a_too_long_post_names_its_length(personas, obstacle):
    with pytest.raises(ForumError, match=f"{BODY_MAX + 1} karakter"):
        operations.reply(obstacle, membership=personas.admin_membership, body="x" * (BODY_MAX + 1))


def test_an_attachment_that_is_not_a_document_is_refused_by_name(personas, obstacle):
    fake = SimpleUploadedFile(
        "laporan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with pytest.raises(ForumError, match="laporan.pdf"):
        operations.reply(
            obstacle, membership=personas.admin_membership, body="Lampiran", files=[fake]
        )
    assert Post.objects.count() == 1
