"""The tests' copy of the demo (simpul/testing/demo.py) holds what `load_demo` writes."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from simpul.accounts.models import User
from simpul.agencies.models import Agency
from simpul.core.management.commands.load_demo import DEMO_AGENCY, DEMO_PASSWORD
from simpul.dashboard.queries import cycle_scores
from simpul.evidence.models import Evidence
from simpul.evidence.search import search
from simpul.testing import demo
from simpul.testing.demo import load_demo


class _Undo(Exception):
    pass


def summary() -> dict:
    """Rows per table, the demo agency's scores per cycle, and whether the demo passwords work."""
    natuna = Agency.objects.get(short_code=DEMO_AGENCY["short_code"])
    return {
        "rows": {m._meta.label: m._default_manager.count() for m in demo._models()},
        "scores": sorted(
            (s.cycle.year, s.cycle.stage, str(s.own.index), str(s.official and s.official.index))
            for s in cycle_scores(natuna)
        ),
        "cycles": sorted(natuna.cycles.values_list("year", "framework__code", "stage")),
        # The full-text index (FTS5 on SQLite, a table of its own on PostgreSQL) came along.
        "search": sorted(
            search(Evidence.objects.filter(agency=natuna), "Peraturan Bupati").values_list(
                "title", flat=True
            )
        ),
        "sign_in": sorted(
            (user.username, user.check_password(DEMO_PASSWORD))
            for user in User.objects.filter(memberships__agency=natuna).distinct()
        ),
    }


def undone(load) -> dict:
    """The summary after `load()`, then the database as it was."""
    result = {}
    try:
        with transaction.atomic():
            load()
            result.update(summary())
            raise _Undo
    except _Undo:
        pass
    return result


def test_the_copy_holds_what_the_command_writes(db, settings):
    settings.DEBUG = True
    written = undone(lambda: call_command("load_demo", verbosity=0))
    undone(load_demo)  # the first call of the run keeps a copy, if none was kept yet
    assert demo._snapshots[connection.vendor].rows  # a copy exists, and is used:
    with CaptureQueriesContext(connection) as queries:
        copied = undone(load_demo)
    # One insert per table, not the command's thousands of queries (the reason for the copy).
    writes = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(writes) < 100 and len(queries.captured_queries) < 300
    assert copied == written
    assert len(written["cycles"]) == 3 and all(ok for _name, ok in written["sign_in"])
    assert written["search"] == ["Peraturan Bupati tentang SPBE (contoh demo)"]


def test_a_database_with_rows_of_its_own_gets_the_real_command(personas, settings):
    settings.DEBUG = True
    load_demo()  # the personas' agencies and users are there: the copy cannot be laid over them
    assert set(Agency.objects.values_list("short_code", flat=True)) == {
        "natuna",
        "bintan",
        DEMO_AGENCY["short_code"],
        "kota-contoh-demo",
    }
    assert len(summary()["cycles"]) == 3


def test_without_debug_the_command_refuses_as_it_always_does(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        load_demo()
    assert not Agency.objects.exists()
