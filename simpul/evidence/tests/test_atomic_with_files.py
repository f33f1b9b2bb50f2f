"""files.atomic_with_files: evidence files stored inside follow the transaction's rows."""

import pytest

from simpul.evidence import operations
from simpul.evidence.files import atomic_with_files
from simpul.evidence.models import Evidence

from . import samples
from .conftest import stored_files


class Later(Exception):
    pass


def add(personas, text: str) -> Evidence:
    upload = samples.upload(f"{text}.pdf", samples.pdf_bytes(text))
    return operations.upload_evidence(personas.agency_a, upload, user=personas.admin)


def test_a_failure_after_the_file_was_stored_deletes_it_with_the_rows(personas, media_root):
    with pytest.raises(Later), atomic_with_files():
        add(personas, "Perbup")
        assert len(stored_files(media_root)) == 1
        raise Later
    assert stored_files(media_root) == [] and not Evidence.objects.exists()


def test_a_kept_inner_block_still_follows_the_outer_one(personas, media_root):
    with pytest.raises(Later), atomic_with_files():
        add(personas, "Pertama")
        with atomic_with_files():
            add(personas, "Kedua")
        raise Later
    assert stored_files(media_root) == [] and not Evidence.objects.exists()


def test_a_block_that_succeeds_keeps_its_files(personas, media_root):
    with atomic_with_files():
        evidence = add(personas, "Perbup")
    assert [path.name for path in stored_files(media_root)] == [
        evidence.current_revision.file.name.rsplit("/", 1)[1]
    ]
