"""The page mix reads no framework file once the version's engine is built (issue 13 §5).

A framework's `document` is the whole file (339 KB for SPBE 2020); the engine and spec of a
version are kept per process (simpul/frameworks/models.py), so a page needing only the name,
code or engine must not read it: not per catalogue search match, not per dashboard view.
Every Framework row the pages load is watched (post_init): none may carry the document. The
same holds for a mapping between versions (FrameworkMapping.document, 25 KB): the answer page
of a carried-over cycle shows the mapping's notice, never its file.
"""

import contextlib

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from simpul.cycles import operations
from simpul.forum import operations as forum_operations
from simpul.forum.models import PostKind
from simpul.frameworks.checking import load_framework_file
from simpul.frameworks.mappings import SHIPPED_MAPPING, load_mapping_file
from simpul.frameworks.models import Framework, FrameworkMapping
from simpul.frameworks.operations import import_framework, import_mapping
from simpul.frameworks.spec import DATA_DIR
from simpul.meetings import operations as meeting_operations
from simpul.meetings.tests.conftest import at, schedule

DOCUMENT_COLUMN = '"frameworks_framework"."document"'
FILE_COLUMNS = (DOCUMENT_COLUMN, '"frameworks_frameworkmapping"."document"')


@contextlib.contextmanager
def framework_rows():
    """Every Framework and FrameworkMapping row made meanwhile: (loaded with its file?, its
    code)."""
    rows = []

    def seen(sender, instance, **kwargs):
        rows.append(("document" in instance.__dict__, instance.__dict__.get("code")))

    for model in (Framework, FrameworkMapping):
        post_init.connect(seen, sender=model)
    try:
        yield rows
    finally:
        for model in (Framework, FrameworkMapping):
            post_init.disconnect(seen, sender=model)


@pytest.fixture
def mix(personas, cycle, spbe, no_rate_limit):
    """An SPBE 2025 cycle, a Pemdi 2026 cycle carried over from it, a forum thread."""
    pemdi_spec = load_framework_file(DATA_DIR / "pemdi-2026.json")
    pemdi = import_framework(pemdi_spec).framework
    specs = {"spbe-2020": spbe.spec(), "pemdi-2026": pemdi_spec}
    import_mapping(load_mapping_file(SHIPPED_MAPPING, specs.get))
    pemdi_cycle = operations.open_cycle(
        personas.agency_a, year=2026, framework=pemdi, include_visit=False,
        user=personas.admin, copy_from=cycle,
    )  # fmt: skip
    thread = forum_operations.start_thread(
        personas.agency_a, membership=personas.admin_membership, title="Kebijakan internal",
        kind=PostKind.QUESTION, body="Bagaimana?",
    )  # fmt: skip
    forum_operations.reply(thread, membership=personas.respondent_membership, body="Begini.")
    return {
        "home": reverse("core:home"),
        "dashboard": reverse("dashboard:index"),
        "leader": reverse("dashboard:leader"),
        "spbe cycle": reverse("cycles:detail", args=[cycle.pk]),
        "pemdi cycle": reverse("cycles:detail", args=[pemdi_cycle.pk]),
        "spbe answer": reverse("cycles:answer", args=[cycle.answers.first().pk]),
        "pemdi answer": reverse(
            "cycles:answer", args=[pemdi_cycle.answers.get(indicator__code="I1").pk]
        ),
        "forum": reverse("forum:index"),
        "thread": reverse("forum:thread", args=[thread.pk]),
        "catalogue": reverse("frameworks:list"),
        "search": reverse("frameworks:search") + "?q=kebijakan",
        "framework": reverse("frameworks:detail", args=[spbe.code]),
        "indicator": reverse("frameworks:indicator", args=[spbe.code, "I01"]),
    }


@pytest.fixture
def no_rate_limit(settings):
    settings.FORUM_POSTS_PER_MINUTE = 1000


def test_no_page_of_the_mix_reads_a_framework_file(mix, personas, as_user):
    client = as_user(personas.admin)
    for url in mix.values():
        assert client.get(url).status_code == 200  # the engines are built once per process
    for name, url in mix.items():
        with framework_rows() as rows, CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        if name not in ("forum", "thread"):
            assert rows, f"{name}: the page shows a framework"
        assert not [code for loaded, code in rows if loaded], f"{name} read the file"
        assert not [q for q in queries if any(c in q["sql"] for c in FILE_COLUMNS)], name


def test_a_catalogue_search_reads_no_file_however_many_indicators_match(mix, personas, as_user):
    client = as_user(personas.respondent)
    url = reverse("frameworks:search")
    client.get(url, {"q": "kebijakan"})
    with framework_rows() as few, CaptureQueriesContext(connection) as few_queries:
        narrow = client.get(url, {"q": "arsitektur"})
    with framework_rows() as many, CaptureQueriesContext(connection) as many_queries:
        wide = client.get(url, {"q": "a"})
    assert 0 < narrow.context["total"] < 60 <= wide.context["total"]
    assert not [code for loaded, code in few + many if loaded]
    assert len(many_queries) == len(few_queries)


def test_a_framework_file_is_read_once_when_the_engine_is_not_built_yet(spbe):
    """The other side: a process that has no engine for the version reads the file once."""
    from simpul.frameworks import models

    models._ENGINES.pop(spbe.content_sha256, None)
    framework = Framework.objects.defer("document").get(pk=spbe.pk)
    with CaptureQueriesContext(connection) as queries:
        engine = framework.engine()
        again = Framework.objects.defer("document").get(pk=spbe.pk).engine()
    assert engine is again and engine.spec.code == "spbe-2020"
    assert sum(DOCUMENT_COLUMN in q["sql"] for q in queries) == 1


def test_the_dashboard_query_count_does_not_grow_with_posts_and_meetings(
    mix, personas, as_user, django_assert_max_num_queries
):
    client = as_user(personas.admin)
    client.get(mix["dashboard"])
    thread = forum_operations.start_thread(
        personas.agency_a, membership=personas.partner_membership, title="Kendala",
        kind=PostKind.OBSTACLE, body="Belum ada.",
    )  # fmt: skip
    with CaptureQueriesContext(connection) as before:
        assert client.get(mix["dashboard"]).status_code == 200
    for number in range(10):
        forum_operations.reply(
            thread, membership=personas.admin_membership, body=f"Balasan {number}"
        )
    meeting = schedule(personas, at(timezone.localdate().year, 6, 10))
    meeting_operations.check_in(
        meeting, personas.partner_membership, membership=personas.admin_membership
    )
    with django_assert_max_num_queries(len(before)):
        response = client.get(mix["dashboard"])
    assert response.context["forum"].posts == 13  # 2 + 1 + 10: counted afresh
    assert response.context["forum"].meetings_held == 1
