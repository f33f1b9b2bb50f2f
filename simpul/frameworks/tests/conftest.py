"""Shared fixtures for framework tests (also used by the catalogue tests)."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command

from simpul.frameworks.checking import load_framework_file
from simpul.frameworks.scoring import IndexEngine
from simpul.frameworks.spec import DATA_DIR

SPBE_FILE = DATA_DIR / "spbe-2020.json"
PEMDI_FILE = DATA_DIR / "pemdi-2026-draft.json"


@pytest.fixture
def frameworks_loaded(db: None) -> None:
    """The shipped frameworks, imported into the test database the way production does it."""
    call_command("load_frameworks", verbosity=0)


@pytest.fixture(scope="session")
def spbe_engine() -> IndexEngine:
    return IndexEngine(load_framework_file(SPBE_FILE))


@pytest.fixture(scope="session")
def pemdi_engine() -> IndexEngine:
    return IndexEngine(load_framework_file(PEMDI_FILE))


@pytest.fixture
def spbe_document() -> dict:
    """A fresh, mutable copy of the shipped SPBE 2020 document (decimals as strings)."""
    return json.loads(SPBE_FILE.read_text("utf-8"))


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write a document (dumped as JSON) or raw text to a file in tmp_path."""

    def write(content: object, name: str = "kerangka.json") -> Path:
        path = tmp_path / name
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        path.write_text(text, "utf-8")
        return path

    return write
