"""The demo data for tests that need it as their starting point, at a fraction of the cost.

`manage.py load_demo` opens three cycles through the real write operations (about 4,000
queries, several seconds on a loaded machine); some twenty-five tests, the browser journeys
first, start from it.
`load_demo()` runs the real command the first time in a run and keeps the rows it wrote (about
1,700, in memory); a later test whose database holds none of those rows gets the very same rows
back with one `bulk_create` per table. The rows come from this run's command, so a change to
the demo (or a broken action under it) still shows in every test that reads them.

The real command runs instead whenever the copy could differ from what it would write:
DEBUG off (the command's refusal is what the test should see), a database that already holds
rows of the demo's tables, or another day (the demo's due dates count from today). A copy is
only kept from a command that wrote nothing but new rows in empty tables; until then every call
runs the command. core/tests/test_demo.py always runs the command itself.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

# Tables outside the models: SQLite's full-text index of evidence (evidence/search.py).
# The query that reads a table, the one that clears a row's place, the one that writes it back.
# A flush empties only the models' tables: rows of an earlier transactional test may still be
# there, and evidence/search.py also deletes before it inserts.
RAW_TABLES = {
    "evidence_fts": (
        "SELECT rowid, title, body FROM evidence_fts ORDER BY rowid",
        "DELETE FROM evidence_fts WHERE rowid = %s",
        "INSERT INTO evidence_fts (rowid, title, body) VALUES (%s, %s, %s)",
    )
}


@dataclass
class _Snapshot:
    day: date
    rows: dict[str, list[dict]]  # model label -> rows, by pk, as `values()` of its columns
    raw: dict[str, list[tuple]]  # raw table -> rows


_snapshots: dict[str, _Snapshot] = {}


def _models() -> list:
    """The tables a test database has, many-to-many tables included (some models, as the
    search index, exist on one database only)."""
    tables = set(connection.introspection.table_names())
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.db_table in tables
    ]


def _raw_tables() -> list[str]:
    tables = set(connection.introspection.table_names())
    return [table for table in RAW_TABLES if table in tables]


def _rows(model) -> list[dict]:
    columns = [field.attname for field in model._meta.concrete_fields]
    return list(model._default_manager.order_by("pk").values(*columns))


def _raw_rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(RAW_TABLES[table][0])  # the SELECT
        return [tuple(row) for row in cursor.fetchall()]


def _state() -> tuple[dict[str, list[dict]], dict[str, list[tuple]]]:
    return (
        {m._meta.label: _rows(m) for m in _models()},
        {table: _raw_rows(table) for table in _raw_tables()},
    )


def _empty(snapshot: _Snapshot) -> bool:
    return not any(apps.get_model(label)._default_manager.exists() for label in snapshot.rows)


def _restore(snapshot: _Snapshot) -> None:
    models = [apps.get_model(label) for label in snapshot.rows]
    # Foreign keys are checked at the end of the transaction, so the order of tables is free.
    with transaction.atomic():
        for model in models:
            rows = copy.deepcopy(snapshot.rows[model._meta.label])  # no test shares a JSON value
            model._default_manager.bulk_create(model(**row) for row in rows)
        with connection.cursor() as cursor:
            for table, rows in snapshot.raw.items():
                _select, delete, insert = RAW_TABLES[table]
                cursor.executemany(delete, [row[:1] for row in rows])
                cursor.executemany(insert, rows)
            # Rows written with their own ids: the next id comes after them (as loaddata does).
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


def _added(before: list[tuple], after: list[tuple]) -> list[tuple]:
    """The rows of `after` that `before` did not hold (one set, not one per row)."""
    known = set(before)
    return [row for row in after if row not in known]


def load_demo() -> None:
    """What `call_command("load_demo", verbosity=0)` does to the database, for a test's setup."""
    snapshot = _snapshots.get(connection.vendor)
    if not settings.DEBUG:
        call_command("load_demo", verbosity=0)  # refuses
        return
    if snapshot is not None and snapshot.day == date.today():
        if _empty(snapshot):
            _restore(snapshot)
        else:
            call_command("load_demo", verbosity=0)
        return
    rows_before, raw_before = _state()
    call_command("load_demo", verbosity=0)
    rows_after, raw_after = _state()
    filled = [label for label, rows in rows_before.items() if rows]
    touched = any(rows_after[label] != rows_before[label] for label in filled) or any(
        not set(rows) <= set(raw_after[table]) for table, rows in raw_before.items()
    )
    if touched:
        return  # the command also changed rows that were there: no copy from this run
    _snapshots[connection.vendor] = _Snapshot(
        day=date.today(),
        rows={label: rows for label, rows in rows_after.items() if rows and label not in filled},
        raw={table: _added(raw_before[table], rows) for table, rows in raw_after.items()},
    )
