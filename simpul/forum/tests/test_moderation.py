import pytest
from django.urls import reverse

from simpul.forum import operations
from simpul.forum.models import ModerationLog, PostState, Report
from simpul.forum.operations import ForumError


@pytest.fixture
def premoderated(personas):
    operations.set_premoderation(personas.agency_a, membership=personas.admin_membership, on=True)


def test_with_premoderation_a_partners_thread_waits_unseen_until_approved(
    personas, as_user, premoderated, i20
):
    thread = operations.start_thread(
        personas.agency_a,
        membership=personas.partner_membership,
        title="Menunggu",
        kind="obstacle",
        body="Isi menunggu.",
        indicator=i20,
    )
    post = thread.posts.get()
    assert post.state == PostState.PENDING
    assert (
        as_user(personas.respondent).get(reverse("forum:thread", args=[thread.pk])).status_code
        == 404
    )
    assert (
        "Isi menunggu." in as_user(personas.admin).get(reverse("forum:moderation")).content.decode()
    )
    as_user(personas.admin).post(
        reverse("forum:moderate", args=[post.pk]), {"act": "approve", "reason": ""}
    )
    assert (
        as_user(personas.respondent).get(reverse("forum:thread", args=[thread.pk])).status_code
        == 200
    )


def test_without_premoderation_posts_show_at_once(personas, obstacle):
    assert obstacle.posts.get().state == PostState.VISIBLE


def test_anyone_may_report_and_the_admin_hides_with_a_reason_in_the_log(
    personas, as_user, obstacle
):
    post = obstacle.posts.get()
    as_user(personas.respondent).post(
        reverse("forum:report", args=[post.pk]), {"reason": "Menyebut data pribadi"}
    )
    assert Report.objects.get().reason == "Menyebut data pribadi"
    as_user(personas.admin).post(
        reverse("forum:moderate", args=[post.pk]), {"act": "hide", "reason": "Data pribadi"}
    )
    post.refresh_from_db()
    assert post.state == PostState.HIDDEN and post.moderation_reason == "Data pribadi"
    entry = ModerationLog.objects.get(act="hide")
    assert entry.actor == personas.admin and entry.reason == "Data pribadi"
    assert Report.objects.get().resolved_at is not None


def test_a_hidden_post_is_gone_for_others_and_back_when_restored(
    personas, as_user, obstacle, no_rate_limit
):
    reply = operations.reply(
        obstacle, membership=personas.respondent_membership, body="Kalimat kasar"
    )
    operations.moderate_post(
        reply, membership=personas.admin_membership, act="hide", reason="Tidak santun"
    )
    url = reverse("forum:thread", args=[obstacle.pk])
    assert "Kalimat kasar" not in as_user(personas.partner).get(url).content.decode()
    operations.moderate_post(
        reply, membership=personas.admin_membership, act="restore", reason="Sudah diperbaiki"
    )
    assert "Kalimat kasar" in as_user(personas.partner).get(url).content.decode()
    assert ModerationLog.objects.filter(post=reply).count() == 2


def test_hiding_without_a_reason_is_refused(personas, obstacle):
    with pytest.raises(ForumError, match="Alasan moderasi wajib"):
        operations.moderate_post(
            obstacle.posts.get(),
            membership=personas.admin_membership,
            act="hide",
            reason=" ",
        )


def test_a_partner_cannot_moderate(personas, as_user, obstacle):
    post = obstacle.posts.get()
    response = as_user(personas.partner).post(
        reverse("forum:moderate", args=[post.pk]), {"act": "hide", "reason": "x"}
    )
    post.refresh_from_db()
    assert response.status_code == 403 and post.state == PostState.VISIBLE


def test_a_report_needs_a_reason(personas, obstacle):
    with pytest.raises(ForumError, match="Alasan laporan wajib"):
        operations.report_post(
            obstacle.posts.get(), membership=personas.partner_membership, reason=""
        )


def test_the_code_of_conduct_page_is_public(client, db):
    assert "Tata tertib" in client.get(reverse("forum:conduct")).content.decode()
