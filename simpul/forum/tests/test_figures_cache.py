"""The participation figures are cached per version of the agency's data (issue 13 §5).

Every write the figures count moves the agency's token on, in the database, so every process
(and every cache backend) sees the change at once; between writes a view reads the token and
the cache, not the posts.
"""

from datetime import date

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from simpul.agencies.models import Helix, Membership
from simpul.forum import operations
from simpul.forum.models import FiguresVersion, ModerationAct, Post
from simpul.forum.queries import count_participation, participation
from simpul.meetings import operations as meeting_operations
from simpul.meetings.tests.conftest import at, schedule


def period():
    year = timezone.localdate().year
    return date(year, 1, 1), date(year, 12, 31)


def figures(personas):
    return participation(personas.agency_a, *period())


def test_a_second_view_reads_the_token_and_the_cache_not_the_posts(personas, obstacle):
    first = figures(personas)
    with CaptureQueriesContext(connection) as queries:
        again = figures(personas)
    assert again == first == count_participation(personas.agency_a, *period())
    assert len(queries) == 1 and "forum_figuresversion" in queries[0]["sql"]


def test_every_write_the_figures_count_shows_on_the_next_view(personas, obstacle, no_rate_limit):
    assert figures(personas).posts == 1
    reply = operations.reply(obstacle, membership=personas.partner_membership, body="Dari mitra")
    assert figures(personas).posts_by_helix == {"business": 2}
    operations.moderate_post(
        reply, membership=personas.admin_membership, act=ModerationAct.HIDE, reason="Spam"
    )
    assert figures(personas).posts_by_helix == {"business": 1}
    operations.close_thread(obstacle, membership=personas.admin_membership, summary="Selesai")
    assert figures(personas).obstacles_resolved == 1
    # A write outside the actions (the admin site, a command) moves the token on too.
    partner = Membership.objects.get(pk=personas.partner_membership.pk)
    partner.helix = Helix.ACADEMIA
    partner.save()
    assert figures(personas).posts_by_helix == {"academia": 1}
    Post.objects.filter(thread=obstacle).delete()
    assert figures(personas).posts == 0
    assert figures(personas) == count_participation(personas.agency_a, *period())


def test_meetings_and_attendance_move_the_token_on(personas):
    year = timezone.localdate().year
    start, end = date(year, 1, 1), date(year, 12, 31)
    assert participation(personas.agency_a, start, end).meetings_held == 0
    meeting = schedule(personas, at(year, 6, 10))
    meeting_operations.check_in(
        meeting, personas.partner_membership, membership=personas.admin_membership
    )
    assert participation(personas.agency_a, start, end).meetings_held == 1


def test_another_process_sees_the_change_though_its_own_cache_holds_the_old_figures(
    personas, obstacle, no_rate_limit
):
    """A second worker keeps its own copy in memory: the token in the database is what
    makes it stale. Here the first worker's copy is kept aside and put back after the write,
    as the second worker would still hold it."""
    old = figures(personas)
    token = FiguresVersion.objects.get(agency=personas.agency_a).token
    kept = {key: cache.get(key) for key in [k for k in _keys() if token in k]}
    assert kept, "the figures are cached under the agency's token"
    operations.reply(obstacle, membership=personas.partner_membership, body="Dari mitra")
    for key, value in kept.items():
        cache.set(key, value)  # the other worker's copy, still in its memory
    assert FiguresVersion.objects.get(agency=personas.agency_a).token != token
    assert figures(personas).posts == old.posts + 1


def test_the_dashboard_and_forum_pages_show_the_new_figures_after_a_post(
    personas, obstacle, as_user, no_rate_limit
):
    client = as_user(personas.admin)
    assert client.get(reverse("forum:index")).context["figures"].posts == 1
    operations.reply(obstacle, membership=personas.partner_membership, body="Dari mitra")
    assert client.get(reverse("forum:index")).context["figures"].posts == 2


def _keys():
    # The local-memory cache of the tests: its keys, to find the cached figures.
    return [key.split(":", 2)[-1] for key in cache._cache]
