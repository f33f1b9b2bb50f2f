"""The public page's server cache follows the data, in every language and every worker.

No test here clears the cache: each one fills it first and checks what comes out after the change.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from simpul.forum import operations as forum_operations
from simpul.forum.models import ModerationAct
from simpul.meetings import operations as meeting_operations
from simpul.meetings.models import Meeting, MinutesStatus

SETTINGS = reverse("dashboard:settings")
PUBLIC = reverse("public:agency", args=["natuna"])
# Another worker process: its own per-process memory cache.
OTHER_WORKER = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "another-worker",
    }
}


def turn_on(personas, as_user, django_capture_on_commit_callbacks, target="3.5"):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(personas.admin).post(
            SETTINGS, {"target_index": target, "public_page": "on"}
        )
    assert response.status_code == 302


def public_body(client, language="id") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(PUBLIC)
    assert response.status_code == 200
    return response.content.decode()


def public_thread(personas, title="Utas untuk publik"):
    thread = forum_operations.start_thread(
        personas.agency_a,
        membership=personas.admin_membership,
        title=title,
        kind="obstacle",
        body="Isi utas.",
    )
    forum_operations.publish_summary(
        thread, membership=personas.admin_membership, text="Ringkasan yang boleh dibaca siapa pun"
    )
    return thread


def meeting_with_approved_minutes(personas) -> Meeting:
    now = timezone.now()
    return Meeting.objects.create(
        agency=personas.agency_a,
        title="Rapat koordinasi SPBE",
        kind="other",
        code="PUBL1234",
        starts_at=now,
        ends_at=now + timedelta(hours=1),
        minutes_status=MinutesStatus.APPROVED,
        summary="Kesepakatan rapat",
    )


def test_saving_the_settings_rebuilds_the_public_page_in_every_language(
    personas, cycle, as_user, client, django_capture_on_commit_callbacks
):
    turn_on(personas, as_user, django_capture_on_commit_callbacks)
    assert "Rapat koordinasi SPBE" not in public_body(client, "id")
    assert "Rapat koordinasi SPBE" not in public_body(client, "en")
    # Written straight to the table: only the settings save below can move the cache on.
    meeting = meeting_with_approved_minutes(personas)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status=MinutesStatus.PUBLISHED)
    turn_on(personas, as_user, django_capture_on_commit_callbacks, target="3.6")
    assert "Rapat koordinasi SPBE" in public_body(client, "id")
    assert "Rapat koordinasi SPBE" in public_body(client, "en")


def test_a_thread_the_moderator_hides_leaves_the_public_page_at_once(
    personas, cycle, as_user, client, django_capture_on_commit_callbacks
):
    turn_on(personas, as_user, django_capture_on_commit_callbacks)
    thread = public_thread(personas)
    assert "Utas untuk publik" in public_body(client)
    forum_operations.moderate_post(
        thread.posts.get(),
        membership=personas.admin_membership,
        act=ModerationAct.HIDE,
        reason="Memuat data pribadi",
    )
    body = public_body(client)
    assert "Utas untuk publik" not in body
    assert "Ringkasan yang boleh dibaca siapa pun" not in body


def test_a_thread_hidden_through_another_worker_leaves_this_workers_copy_too(
    personas, cycle, as_user, client, django_capture_on_commit_callbacks
):
    turn_on(personas, as_user, django_capture_on_commit_callbacks)
    thread = public_thread(personas)
    assert "Utas untuk publik" in public_body(client)  # cached in this worker
    with override_settings(CACHES=OTHER_WORKER):
        as_user(personas.admin).get(PUBLIC)  # the other worker has its own copy
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user(personas.admin).post(
                reverse("forum:moderate", args=[thread.posts.get().pk]),
                {"act": ModerationAct.HIDE, "reason": "Memuat data pribadi"},
            )
        assert response.status_code == 302
        caches["default"].clear()  # this test's own second cache, not the one under test
    assert "Utas untuk publik" not in public_body(client)


def test_minutes_published_after_the_page_was_cached_appear_on_it(
    personas, cycle, as_user, client, django_capture_on_commit_callbacks
):
    turn_on(personas, as_user, django_capture_on_commit_callbacks)
    meeting = meeting_with_approved_minutes(personas)
    assert "Rapat koordinasi SPBE" not in public_body(client)
    meeting_operations.move_minutes(
        meeting, MinutesStatus.PUBLISHED, membership=personas.admin_membership
    )
    assert "Rapat koordinasi SPBE" in public_body(client)


def test_shared_caches_keep_the_public_page_one_minute_at_most(
    personas, cycle, as_user, client, django_capture_on_commit_callbacks
):
    turn_on(personas, as_user, django_capture_on_commit_callbacks)
    response = client.get(PUBLIC)
    public, max_age = response["Cache-Control"].split(", ")
    assert public == "public" and 0 < int(max_age.removeprefix("max-age=")) <= 60


def test_official_results_imported_after_the_page_was_cached_appear_on_it(
    personas, cycle, as_user, client, django_capture_on_commit_callbacks
):
    from simpul.cycles import operations as cycle_operations
    from simpul.cycles.models import Cycle, Stage

    turn_on(personas, as_user, django_capture_on_commit_callbacks)
    assert ">2025<" not in public_body(client)  # no official index, self-assessment open
    Cycle.objects.filter(pk=cycle.pk).update(stage=Stage.FINAL)
    levels = {answer.indicator.code: 1 for answer in cycle.answers.select_related("indicator")}
    cycle_operations.import_official_results(cycle, levels, user=personas.admin)
    body = public_body(client)
    assert ">2025<" in body and "1,00" in body
