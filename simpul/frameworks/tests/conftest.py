"""Shared fixtures for framework tests (also used by the catalogue tests)."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command

from simpul.frameworks.checking import load_framework_file
from simpul.frameworks.scoring import IndexEngine
from simpul.frameworks.spec import DATA_DIR, FrameworkSpec

SPBE_FILE = DATA_DIR / "spbe-2020.json"
PEMDI_FILE = DATA_DIR / "pemdi-2026-draft.json"


@pytest.fixture
def frameworks_loaded(db: None) -> None:
    """The shipped frameworks, imported into the test database the way production does it."""
    call_command("load_frameworks", verbosity=0)


@pytest.fixture(scope="session")
def spbe_spec() -> FrameworkSpec:
    return load_framework_file(SPBE_FILE)


@pytest.fixture(scope="session")
def pemdi_spec() -> FrameworkSpec:
    return load_framework_file(PEMDI_FILE)


# The engines are built in each test, not once per session: mutmut attributes a mutant of
# IndexEngine.__init__ only to the tests that ran it, so a shared engine would hide those
# mutants from every test but the first. Building one costs under 2 ms; the specs stay shared.
@pytest.fixture
def spbe_engine(spbe_spec: FrameworkSpec) -> IndexEngine:
    return IndexEngine(spbe_spec)


@pytest.fixture
def pemdi_engine(pemdi_spec: FrameworkSpec) -> IndexEngine:
    return IndexEngine(pemdi_spec)


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
