"""Following, closing and reopening, publishing a summary, and the pre-moderation setting,
each through its page, with the refusals a person can run into."""

from django.urls import reverse

from simpul.core.versions import VERSION_FIELD
from simpul.forum import operations
from simpul.forum.models import (
    ForumSettings,
    ModerationAct,
    ModerationLog,
    PostState,
    Thread,
    ThreadStatus,
)
from simpul.notifications.models import InboxItem, NotificationKind


def page_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def replies_heard(user) -> int:
    return InboxItem.objects.filter(user=user, kind=NotificationKind.REPLY).count()


def test_a_follower_hears_of_replies_until_they_stop_following(
    personas, as_user, obstacle, no_rate_limit
):
    leader = as_user(personas.leader)
    url = reverse("forum:follow", args=[obstacle.pk])
    response = leader.post(url, follow=True)
    assert page_messages(response) == ["Anda mengikuti utas ini."]
    operations.reply(obstacle, membership=personas.respondent_membership, body="Usul rapat rutin.")
    assert replies_heard(personas.leader) == 1

    response = leader.post(url, follow=True)
    assert page_messages(response) == ["Anda berhenti mengikuti utas ini."]
    operations.reply(obstacle, membership=personas.respondent_membership, body="Jadwal menyusul.")
    assert replies_heard(personas.leader) == 1


def test_the_admin_closes_and_reopens_a_thread_through_its_page(personas, as_user, obstacle):
    admin = as_user(personas.admin)
    close = reverse("forum:close", args=[obstacle.pk])
    admin.post(close, {"summary": "Forum rutin dijadwalkan tiap bulan."})
    obstacle.refresh_from_db()
    assert obstacle.status == ThreadStatus.CLOSED and obstacle.closed_at is not None
    page = admin.get(reverse("forum:thread", args=[obstacle.pk])).content.decode()
    assert "Buka kembali" in page and "Forum rutin dijadwalkan tiap bulan." in page

    admin.post(close, {"reopen": "1"})
    obstacle.refresh_from_db()
    assert obstacle.status == ThreadStatus.OPEN and obstacle.closed_at is None
    acts = list(
        ModerationLog.objects.filter(thread=obstacle).order_by("pk").values_list("act", flat=True)
    )
    assert acts == [ModerationAct.CLOSE, ModerationAct.REOPEN]
    page = admin.get(reverse("forum:thread", args=[obstacle.pk])).content.decode()
    assert "Tutup utas" in page


def test_closing_without_a_summary_is_refused_and_the_thread_stays_open(
    personas, as_user, obstacle
):
    response = as_user(personas.admin).post(
        reverse("forum:close", args=[obstacle.pk]), {"summary": "   "}, follow=True
    )
    assert page_messages(response) == ["Ringkasan penutupan wajib diisi."]
    obstacle.refresh_from_db()
    assert obstacle.status == ThreadStatus.OPEN and obstacle.summary == ""


def test_only_the_admin_reopens_or_publishes(personas, as_user, obstacle):
    operations.close_thread(obstacle, membership=personas.admin_membership, summary="Selesai.")
    operations.publish_summary(obstacle, membership=personas.admin_membership, text="Tingkat 3.")
    for persona in (personas.respondent, personas.partner, personas.leader):
        client = as_user(persona)
        assert (
            client.post(reverse("forum:close", args=[obstacle.pk]), {"reopen": "1"}).status_code
            == 403
        )
        response = client.post(reverse("forum:publish", args=[obstacle.pk]), {"text": "Lain."})
        assert response.status_code == 403
    obstacle.refresh_from_db()
    assert obstacle.status == ThreadStatus.CLOSED
    assert obstacle.published_summary == "Tingkat 3."


def test_a_published_summary_is_what_partners_read_on_the_thread(personas, as_user, obstacle):
    response = as_user(personas.admin).post(
        reverse("forum:publish", args=[obstacle.pk]),
        {"text": "  Indikator 20 kini **tingkat 3**; notulen forum terlampir.  "},
        follow=True,
    )
    assert page_messages(response) == ["Ringkasan untuk mitra disimpan."]
    obstacle.refresh_from_db()
    assert obstacle.published_summary == "Indikator 20 kini **tingkat 3**; notulen forum terlampir."
    page = as_user(personas.partner).get(reverse("forum:thread", args=[obstacle.pk]))
    text = page.content.decode()
    assert "Ringkasan penilaian yang dipublikasikan" in text
    assert "<strong>tingkat 3</strong>" in text
    assert ModerationLog.objects.filter(thread=obstacle, act=ModerationAct.PUBLISH).count() == 1

    # An empty text takes the summary down again.
    as_user(personas.admin).post(reverse("forum:publish", args=[obstacle.pk]), {"text": ""})
    text = as_user(personas.partner).get(reverse("forum:thread", args=[obstacle.pk])).content
    assert "Ringkasan penilaian yang dipublikasikan" not in text.decode()


def shown_version(client) -> str:
    return client.get(reverse("forum:moderation")).context["settings_version"]


def test_pre_moderation_switched_on_in_the_settings_holds_a_partners_thread(personas, as_user, i20):
    admin = as_user(personas.admin)
    response = admin.post(
        reverse("forum:settings"),
        {"premoderation": "on", VERSION_FIELD: shown_version(admin)},
        follow=True,
    )
    assert page_messages(response) == ["Pengaturan forum disimpan."]
    assert ForumSettings.objects.get(agency=personas.agency_a).premoderation
    # Agency B's forum keeps its own setting.
    assert not operations.forum_settings(personas.agency_b).premoderation

    as_user(personas.partner).post(
        reverse("forum:new"),
        {"title": "Kendala jaringan", "kind": "obstacle", "indicator": i20.pk, "body": "Lambat."},
    )
    thread = Thread.objects.get(title="Kendala jaringan")
    assert thread.posts.get().state == PostState.PENDING
    assert (
        "Kendala jaringan"
        not in as_user(personas.leader).get(reverse("forum:index")).content.decode()
    )

    # Switched off (the checkbox left empty), a partner's thread shows at once.
    admin.post(reverse("forum:settings"), {VERSION_FIELD: shown_version(admin)})
    assert not ForumSettings.objects.get(agency=personas.agency_a).premoderation
    as_user(personas.partner).post(
        reverse("forum:new"),
        {"title": "Kendala listrik", "kind": "obstacle", "indicator": i20.pk, "body": "Padam."},
    )
    assert Thread.objects.get(title="Kendala listrik").posts.get().state == PostState.VISIBLE


def test_a_setting_changed_by_someone_else_in_between_is_not_overwritten(personas, as_user):
    admin = as_user(personas.admin)
    stale = shown_version(admin)
    operations.set_premoderation(personas.agency_a, membership=personas.admin_membership, on=True)
    response = admin.post(reverse("forum:settings"), {VERSION_FIELD: stale}, follow=True)
    [message] = page_messages(response)
    assert "sudah diubah orang lain" in message and "sekarang aktif" in message
    assert ForumSettings.objects.get(agency=personas.agency_a).premoderation


def test_only_the_admin_changes_the_forum_settings(personas, as_user):
    for persona in (personas.respondent, personas.partner, personas.leader):
        client = as_user(persona)
        response = client.post(reverse("forum:settings"), {"premoderation": "on"})
        assert response.status_code == 403
    assert not operations.forum_settings(personas.agency_a).premoderation
