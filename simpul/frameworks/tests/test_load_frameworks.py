"""`manage.py load_frameworks`: the shipped versions, imported idempotently."""

from io import StringIO

import pytest
from django.core.management import call_command

from simpul.frameworks.format import content_sha256, load_framework_file, shipped_framework_files
from simpul.frameworks.models import Framework, FrameworkStatus
from simpul.frameworks.tests import documents as doc

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_frameworks", stdout=out)
    return out.getvalue()


def test_it_imports_every_shipped_framework() -> None:
    output = load()
    assert sorted(Framework.objects.values_list("code", flat=True)) == [
        "pemdi-2026-draft",
        "spbe-2020",
    ]
    assert "Kerangka spbe-2020" in output and "47 indikator" in output
    assert "Kerangka pemdi-2026-draft" in output and "35 indikator" in output


def test_running_it_again_changes_nothing_and_says_so() -> None:
    load()
    before = doc.database_state()
    output = load()
    assert doc.database_state() == before
    assert output.count("sudah ada dengan isi yang sama; tidak ada yang diubah") == 2


def test_the_stored_hash_is_the_hash_of_the_shipped_file() -> None:
    load()
    for path in shipped_framework_files():
        spec = load_framework_file(path)
        assert Framework.objects.get(code=spec.code).content_sha256 == content_sha256(spec)


def test_the_pemdi_draft_loads_as_an_unverified_draft_with_every_level_listed() -> None:
    load()
    draft = Framework.objects.get(code="pemdi-2026-draft")
    assert draft.status == FrameworkStatus.DRAFT and draft.is_draft
    assert "BELUM TERVERIFIKASI" in draft.notice and "UNVERIFIED" in draft.notice
    assert set(draft.groups.values_list("depth", flat=True)) == {0}
    assert draft.indicators.count() == 35
    indicator = draft.indicators.get(code="P33")
    assert [(level.level, level.name, level.criteria) for level in indicator.levels.all()] == [
        (1, "Rintisan", ""),
        (2, "Terkelola", ""),
        (3, "Terstandarisasi", ""),
        (4, "Terintegrasi/Terpadu dan Terukur", ""),
        (5, "Optimum", ""),
    ]


def test_the_spbe_framework_is_official() -> None:
    load()
    spbe = Framework.objects.get(code="spbe-2020")
    assert spbe.status == FrameworkStatus.OFFICIAL and not spbe.is_draft
    assert spbe.groups.count() == 12 and spbe.indicators.count() == 47
    assert spbe.bands.count() == 5


def test_a_stored_framework_gives_back_the_spec_of_its_file() -> None:
    load()
    for path in shipped_framework_files():
        spec = load_framework_file(path)
        framework = Framework.objects.get(code=spec.code)
        assert framework.spec() == spec
        assert Framework.objects.engine(spec.code) is framework.engine()
    assert Framework.objects.engine("tidak-ada") is None
