"""Migration 0002: a database loaded before Pemdi 2026 keeps loading the shipped files."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from simpul.frameworks.checking import load_framework_file, parse_framework_document
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


@pytest.mark.django_db(transaction=True)
def test_a_stored_spbe_2020_gets_its_collaboration_indicators() -> None:
    before = [("frameworks", "0003_mappings")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("frameworks", "Framework")
    document = json.loads((DATA_DIR / "spbe-2020.json").read_text("utf-8"))
    del document["collaboration"]  # as shipped before migration 0004
    from simpul.frameworks.canonical import content_sha256

    old.objects.create(
        code="spbe-2020",
        name=document["name"],
        level_min=1,
        level_max=5,
        weight_total="100",
        document=document,
        content_sha256=content_sha256(parse_framework_document(document)),
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    stored = new.get_model("frameworks", "Framework").objects.get(code="spbe-2020")
    assert stored.document["collaboration"] == ["I19", "I20"]
    # What load_frameworks compares: without the migration it would refuse the shipped file.
    shipped = load_framework_file(DATA_DIR / "spbe-2020.json")
    assert stored.content_sha256 == content_sha256(shipped)
