from django.urls import reverse

from simpul.forum import operations
from simpul.forum.models import PostKind


def _threads(personas, i20, count: int) -> None:
    for n in range(count):
        thread = operations.start_thread(
            personas.agency_a,
            membership=personas.admin_membership,
            title=f"Utas {n}",
            kind=PostKind.OBSTACLE,
            body="Isi utas.",
            indicator=i20,
        )
        operations.reply(thread, membership=personas.admin_membership, body="Balasan.")


def _count(client, django_assert_max_num_queries, limit: int) -> None:
    with django_assert_max_num_queries(limit):
        assert client.get(reverse("forum:index")).status_code == 200


def test_the_forum_list_query_count_does_not_grow_with_threads(
    personas, as_user, i20, no_rate_limit, django_assert_max_num_queries
):
    client = as_user(personas.partner)
    _threads(personas, i20, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("forum:index"))  # the agency's first figures token is created once
    _threads(personas, i20, 2)  # and these writes move it on: both counts below are fresh
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("forum:index"))
    _threads(personas, i20, 20)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("forum:index"))
    assert len(many) == len(few)
    _count(client, django_assert_max_num_queries, 20)


def test_a_thread_page_query_count_does_not_grow_with_replies(
    personas, as_user, i20, no_rate_limit
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    thread = operations.start_thread(
        personas.agency_a,
        membership=personas.admin_membership,
        title="Panjang",
        kind=PostKind.OBSTACLE,
        body="Isi.",
        indicator=i20,
    )
    client = as_user(personas.partner)
    url = reverse("forum:thread", args=[thread.pk])
    operations.reply(thread, membership=personas.respondent_membership, body="Satu.")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(15):
        operations.reply(thread, membership=personas.respondent_membership, body=f"Balasan {n}.")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
