"""Migration 0002: a database loaded before Pemdi 2026 keeps loading the shipped files."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from simpul.frameworks.checking import parse_framework_document
from simpul.frameworks.spec import DATA_DIR

BEFORE = [("frameworks", "0001_initial")]
AFTER = [("frameworks", "0002_items_value_rules")]


@pytest.mark.django_db(transaction=True)
def test_a_stored_2025_draft_is_marked_superseded_and_load_frameworks_then_succeeds() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("frameworks", "Framework")
    document = json.loads((DATA_DIR / "pemdi-2026-draft.json").read_text("utf-8"))
    del document["superseded_by"]  # the file as shipped before this migration
    from simpul.frameworks.canonical import content_sha256

    old.objects.create(
        code="pemdi-2026-draft",
        name=document["name"],
        status="draft",
        notice=document["notice"],
        level_min=1,
        level_max=5,
        weight_total="100",
        document=document,
        content_sha256=content_sha256(parse_framework_document(document)),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("frameworks", "Framework")
    stored = new.objects.get(code="pemdi-2026-draft")
    assert stored.superseded_by == "pemdi-2026"
    assert stored.document["superseded_by"] == "pemdi-2026"

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    # Without the migration this refuses: "sudah ada dengan isi yang berbeda".
    call_command("load_frameworks", verbosity=0)
