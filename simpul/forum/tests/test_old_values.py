"""Links and forms saved before the stored values became English slugs keep working."""

from django.urls import reverse

from simpul.forum.models import ModerationLog, PostState, Thread, ThreadStatus
from simpul.testing.pages import without_csrf


def test_old_filter_values_in_a_forum_link_filter_as_the_slugs_do(personas, as_user, obstacle):
    client = as_user(personas.admin)
    Thread.objects.create(agency=personas.agency_a, title="Pertanyaan jaringan", kind="question")
    Thread.objects.filter(pk=obstacle.pk).update(status=ThreadStatus.CLOSED)
    moved = client.get(reverse("forum:index"), {"jenis": "kendala", "urut": "baru"})
    assert moved.status_code == 301
    assert moved["Location"] == reverse("forum:index") + "?jenis=obstacle&urut=baru"
    old = client.get(reverse("forum:index"), {"jenis": "kendala"}, follow=True).content.decode()
    new = client.get(reverse("forum:index"), {"jenis": "obstacle"}).content.decode()
    assert obstacle.title in old and "Pertanyaan jaringan" not in old
    assert without_csrf(old) == without_csrf(new)
    closed = client.get(reverse("forum:index"), {"status": "ditutup"}, follow=True)
    closed = closed.content.decode()
    assert obstacle.title in closed and "Pertanyaan jaringan" not in closed


def test_an_old_moderation_button_value_still_hides_the_post(personas, as_user, obstacle):
    post = obstacle.posts.get()
    as_user(personas.admin).post(
        reverse("forum:moderate", args=[post.pk]), {"act": "sembunyikan", "reason": "Data pribadi"}
    )
    post.refresh_from_db()
    assert post.state == PostState.HIDDEN
    assert ModerationLog.objects.get(post=post).act == "hide"
