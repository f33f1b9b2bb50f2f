from datetime import date

import pytest
from django.urls import reverse

from simpul.forum import operations
from simpul.forum.models import ModerationLog, Post, PostKind, ThreadStatus
from simpul.forum.operations import ForumError
from simpul.plans.models import Action


def test_a_partner_posts_an_obstacle_on_indicator_20_through_the_page(personas, as_user, i20):
    response = as_user(personas.partner).post(
        reverse("forum:new"),
        {
            "title": "Kendala forum",
            "kind": "obstacle",
            "indicator": i20.pk,
            "body": "Belum ada jadwal.",
        },
    )
    thread = personas.agency_a.forum_threads.get()
    assert response.status_code == 302
    assert thread.indicator == i20 and thread.kind == PostKind.OBSTACLE


def test_a_bad_thread_form_names_what_is_wrong_and_keeps_the_text(personas, as_user):
    response = as_user(personas.partner).post(
        reverse("forum:new"), {"title": "", "kind": "obstacle", "body": "Teks saya tetap ada"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Teks saya tetap ada" in page
    assert "wajib" in page.lower()


def test_a_commitment_needs_what_who_and_when(personas, obstacle):
    with pytest.raises(ForumError, match="oleh siapa"):
        operations.reply(
            obstacle,
            membership=personas.admin_membership,
            body="Kami bantu.",
            kind=PostKind.COMMITMENT,
        )


def test_replies_nest_one_level_and_bump_the_thread(personas, obstacle, no_rate_limit):
    first = operations.reply(
        obstacle,
        membership=personas.respondent_membership,
        body="Usul: rapat bulanan.",
        kind=PostKind.SOLUTION,
    )
    nested = operations.reply(
        obstacle, membership=personas.partner_membership, body="Setuju.", parent=first
    )
    deeper = operations.reply(
        obstacle, membership=personas.admin_membership, body="Saya juga.", parent=nested
    )
    obstacle.refresh_from_db()
    assert nested.parent == first and deeper.parent == first
    assert obstacle.post_count == 4


def test_endorsing_twice_takes_the_endorsement_back(personas, obstacle, as_user):
    post = obstacle.posts.get()
    client = as_user(personas.respondent)
    client.post(reverse("forum:endorse", args=[post.pk]))
    post.refresh_from_db()
    assert post.endorsement_count == 1
    client.post(reverse("forum:endorse", args=[post.pk]))
    post.refresh_from_db()
    assert post.endorsement_count == 0


def test_the_admin_accepts_a_solution_and_an_action_appears_linked_both_ways(
    personas, as_user, obstacle
):
    solution = operations.reply(
        obstacle,
        membership=personas.respondent_membership,
        body="Bentuk forum bulanan.",
        kind=PostKind.SOLUTION,
    )
    response = as_user(personas.admin).post(
        reverse("forum:accept", args=[solution.pk]),
        {
            "indicator": obstacle.indicator_id,
            "target_level": 3,
            "unit": personas.unit_a.pk,
            "start_date": "2026-01-05",
            "due_date": "2026-06-30",
        },
    )
    action = Action.objects.get()
    solution.refresh_from_db()
    assert response.status_code == 302
    assert solution.action == action and solution.accepted_at is not None
    assert list(action.forum_posts.all()) == [solution]
    assert action.unit == personas.unit_a and action.due_date == date(2026, 6, 30)
    assert ModerationLog.objects.filter(act="accept", post=solution).exists()


def test_a_commitment_can_become_an_action_too(personas, obstacle, as_user):
    commitment = operations.reply(
        obstacle,
        membership=personas.partner_membership,
        body="Kampus menyediakan tempat.",
        kind=PostKind.COMMITMENT,
        commitment_what="Ruang rapat",
        commitment_by="Universitas",
        commitment_due=date(2026, 3, 1),
    )
    action = operations.accept_post(
        commitment,
        membership=personas.admin_membership,
        unit=None,
        target_level=3,
        due_date=date(2026, 3, 1),
        start_date=date(2026, 1, 1),
    )
    assert action.indicator == obstacle.indicator
    assert action.source == "forum"
    page = as_user(personas.admin).get(reverse("plans:action", args=[action.pk])).content.decode()
    assert f"Utas forum “{obstacle.title}”" in page
    assert reverse("forum:thread", args=[obstacle.pk]) + f"#post-{commitment.pk}" in page


def test_an_obstacle_itself_cannot_be_accepted(personas, obstacle):
    with pytest.raises(ForumError, match="Hanya usulan solusi"):
        operations.accept_post(
            obstacle.posts.get(),
            membership=personas.admin_membership,
            unit=None,
            target_level=3,
            due_date=date(2026, 3, 1),
        )


def test_a_target_level_outside_the_scale_is_refused_with_the_plans_message(personas, obstacle):
    solution = operations.reply(
        obstacle, membership=personas.respondent_membership, body="Solusi.", kind=PostKind.SOLUTION
    )
    with pytest.raises(ForumError, match="di luar skala"):
        operations.accept_post(
            solution,
            membership=personas.admin_membership,
            unit=None,
            target_level=9,
            due_date=date(2026, 3, 1),
            start_date=date(2026, 1, 1),
        )
    assert Action.objects.count() == 0


def test_a_closed_thread_keeps_its_summary_and_takes_no_more_replies(personas, obstacle, as_user):
    as_user(personas.admin).post(
        reverse("forum:close", args=[obstacle.pk]), {"summary": "Diselesaikan lewat rapat."}
    )
    obstacle.refresh_from_db()
    assert (
        obstacle.status == ThreadStatus.CLOSED and obstacle.summary == "Diselesaikan lewat rapat."
    )
    with pytest.raises(ForumError, match="ditutup"):
        operations.reply(obstacle, membership=personas.partner_membership, body="Masih?")


def test_a_partner_cannot_close_a_thread(personas, obstacle, as_user):
    response = as_user(personas.partner).post(
        reverse("forum:close", args=[obstacle.pk]), {"summary": "x"}
    )
    obstacle.refresh_from_db()
    assert response.status_code == 403 and obstacle.status == ThreadStatus.OPEN


def test_the_list_filters_by_kind_status_and_indicator(
    personas, as_user, obstacle, i20, no_rate_limit
):
    operations.start_thread(
        personas.agency_a,
        membership=personas.admin_membership,
        title="Tanya umum",
        kind=PostKind.QUESTION,
        body="Apa kabar?",
    )
    client = as_user(personas.admin)
    assert (
        "Tanya umum"
        not in client.get(reverse("forum:index"), {"jenis": "obstacle"}).content.decode()
    )
    assert (
        "Belum ada forum rutin"
        in client.get(reverse("forum:index"), {"indikator": i20.pk}).content.decode()
    )
    assert (
        "Belum ada forum rutin"
        not in client.get(reverse("forum:index"), {"status": "closed"}).content.decode()
    )


def test_the_heat_view_ranks_indicators_by_open_obstacles(personas, as_user, obstacle):
    page = as_user(personas.leader).get(reverse("forum:index")).content.decode()
    assert "kendala terbuka terbanyak" in page
    assert f"?indikator={obstacle.indicator_id}&amp;jenis=kendala" in page


def test_the_indicator_partial_lists_open_obstacles(personas, obstacle, rf):
    from django.template import Context, Template

    request = rf.get("/")
    request.membership = personas.admin_membership
    html = Template("{% load forum %}{% indicator_threads indicator %}").render(
        Context({"request": request, "indicator": obstacle.indicator})
    )
    assert "Belum ada forum rutin" in html
    assert Post.objects.count() == 1


def test_a_thread_can_be_anchored_to_an_indicator_in_a_cycle(personas, as_user, i20, cycle):
    as_user(personas.admin).post(
        reverse("forum:new"),
        {
            "title": "Di periode",
            "kind": "obstacle",
            "indicator": i20.pk,
            "cycle": cycle.pk,
            "body": "Isi.",
        },
    )
    assert personas.agency_a.forum_threads.get().cycle == cycle


def test_a_partner_is_not_offered_cycles_and_cannot_pass_one(personas, as_user, i20, cycle):
    client = as_user(personas.partner)
    assert 'name="cycle"' not in client.get(reverse("forum:new")).content.decode()
    client.post(
        reverse("forum:new"),
        {
            "title": "Mitra",
            "kind": "obstacle",
            "indicator": i20.pk,
            "cycle": cycle.pk,
            "body": "Isi.",
        },
    )
    assert personas.agency_a.forum_threads.get().cycle is None


def test_another_agencys_cycle_is_not_accepted(personas, as_user, i20, spbe):
    from simpul.cycles import operations as cycle_operations

    other = cycle_operations.open_cycle(
        personas.agency_b, year=2025, framework=spbe, include_visit=False, user=personas.admin_b
    )
    response = as_user(personas.admin).post(
        reverse("forum:new"),
        {
            "title": "Salah",
            "kind": "obstacle",
            "indicator": i20.pk,
            "cycle": other.pk,
            "body": "Isi.",
        },
    )
    assert response.status_code == 200 and not personas.agency_a.forum_threads.exists()
