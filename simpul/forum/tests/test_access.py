from django.urls import reverse

from simpul.forum import operations
from simpul.forum.models import PostKind


def test_a_partner_reads_the_forum_and_its_threads(personas, as_user, obstacle):
    client = as_user(personas.partner)
    assert client.get(reverse("forum:index")).status_code == 200
    page = client.get(reverse("forum:thread", args=[obstacle.pk]))
    assert page.status_code == 200
    assert "Forum kolaborasi belum rutin" in page.content.decode()


def test_a_partner_never_reaches_cycles_or_evidence(personas, as_user, cycle):
    client = as_user(personas.partner)
    for url in (reverse("cycles:list"), reverse("evidence:list")):
        assert client.get(url).status_code in (403, 404)


def test_the_admin_of_agency_b_gets_404_for_agency_a_threads_and_posts(personas, as_user, obstacle):
    client = as_user(personas.admin_b)
    post = obstacle.posts.get()
    assert client.get(reverse("forum:thread", args=[obstacle.pk])).status_code == 404
    assert (
        client.post(
            reverse("forum:reply", args=[obstacle.pk]), {"body": "halo", "kind": "reply"}
        ).status_code
        == 404
    )
    assert client.post(reverse("forum:endorse", args=[post.pk])).status_code == 404
    assert (
        client.post(
            reverse("forum:moderate", args=[post.pk]), {"act": "hide", "reason": "x"}
        ).status_code
        == 404
    )
    assert client.get(reverse("forum:accept", args=[post.pk])).status_code == 404
    assert obstacle.title not in client.get(reverse("forum:index")).content.decode()


def test_someone_without_membership_is_sent_away(personas, as_user, obstacle):
    response = as_user(personas.nobody).get(reverse("forum:thread", args=[obstacle.pk]))
    assert response.status_code == 302


def test_only_the_admin_reaches_the_moderation_desk(personas, as_user):
    assert as_user(personas.partner).get(reverse("forum:moderation")).status_code == 403
    assert as_user(personas.respondent).get(reverse("forum:moderation")).status_code == 403
    assert as_user(personas.admin).get(reverse("forum:moderation")).status_code == 200


def test_a_published_summary_is_what_a_partner_sees_of_the_assessment(personas, as_user, obstacle):
    operations.publish_summary(
        obstacle, membership=personas.admin_membership, text="Tingkat saat ini 2."
    )
    page = as_user(personas.partner).get(reverse("forum:thread", args=[obstacle.pk]))
    assert "Tingkat saat ini 2." in page.content.decode()


def test_attachments_are_downloaded_only_inside_the_agency(personas, as_user, i20, no_rate_limit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = SimpleUploadedFile("foto.png", _tiny_png(), content_type="image/png")
    thread = operations.start_thread(
        personas.agency_a,
        membership=personas.admin_membership,
        title="Foto",
        kind=PostKind.QUESTION,
        body="Lihat lampiran.",
        indicator=i20,
        files=[png],
    )
    item = thread.posts.get().attachments.get()
    url = reverse("forum:attachment", args=[item.pk])
    assert as_user(personas.partner).get(url).status_code == 200
    assert as_user(personas.admin_b).get(url).status_code == 404


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
