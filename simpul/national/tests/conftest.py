import pytest

from simpul.national import operations


@pytest.fixture
def national_loaded(db) -> None:
    """The shipped 2023 and 2024 results (idempotent: a flushed database gets them back)."""
    operations.load_shipped_results()
