import pytest

from simpul.national import actions


@pytest.fixture
def national_loaded(db) -> None:
    """The shipped 2023 and 2024 results (idempotent: a flushed database gets them back)."""
    actions.load_shipped_results()
