"""`manage.py load_frameworks`: the shipped versions, imported idempotently."""

from io import StringIO

import pytest
from django.core.management import call_command

from simpul.frameworks.canonical import content_sha256
from simpul.frameworks.checking import load_framework_file, shipped_framework_files
from simpul.frameworks.models import Framework, FrameworkStatus, Item, Level, ValueRule
from simpul.frameworks.tests import documents as doc

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_frameworks", stdout=out)
    return out.getvalue()


def test_it_imports_every_shipped_framework() -> None:
    output = load()
    assert sorted(Framework.objects.values_list("code", flat=True)) == [
        "pemdi-2026",
        "pemdi-2026-draft",
        "spbe-2020",
    ]
    assert "Kerangka spbe-2020" in output and "47 indikator" in output
    assert "Kerangka pemdi-2026-draft" in output and "35 indikator" in output
    assert "Kerangka pemdi-2026 " in output and "20 indikator" in output


def test_running_it_again_changes_nothing_and_says_so() -> None:
    load()
    before = doc.database_state()
    output = load()
    assert doc.database_state() == before
    # Three framework versions and one mapping between versions.
    assert output.count("sudah ada dengan isi yang sama; tidak ada yang diubah") == 4


def test_the_stored_hash_is_the_hash_of_the_shipped_file() -> None:
    load()
    for path in shipped_framework_files():
        spec = load_framework_file(path)
        assert Framework.objects.get(code=spec.code).content_sha256 == content_sha256(spec)


def test_the_pemdi_draft_loads_as_an_unverified_draft_with_every_level_listed() -> None:
    load()
    draft = Framework.objects.get(code="pemdi-2026-draft")
    assert draft.status == FrameworkStatus.DRAFT and draft.is_draft and draft.shows_notice
    assert draft.superseded_by == "pemdi-2026"
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
    assert not spbe.shows_notice and spbe.superseded_by == ""
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


def test_pemdi_2026_loads_as_compiled_with_aspects_items_and_external_indexes() -> None:
    load()
    pemdi = Framework.objects.get(code="pemdi-2026")
    assert pemdi.status == FrameworkStatus.COMPILED and pemdi.shows_notice
    assert not pemdi.is_draft and pemdi.superseded_by == ""
    assert "DIHIMPUN DARI SUMBER SEKUNDER" in pemdi.notice
    assert list(pemdi.groups.values_list("code", "kind", "weight", "depth")) == [
        (f"A{n}", "aspect", weight, 0)
        for n, weight in zip(range(1, 8), (10, 10, 15, 15, 10, 15, 25), strict=True)
    ]
    assert pemdi.indicators.count() == 20
    assert Item.objects.filter(indicator__framework=pemdi).count() == 232
    assert Level.objects.filter(indicator__framework=pemdi).exclude(criteria="").count() == 100
    external = pemdi.indicators.filter(value_rule=ValueRule.EXTERNAL)
    assert sorted(external.values_list("code", flat=True)) == ["I18", "I5", "I6", "I7"]
    sdi = pemdi.indicators.get(code="I5").external
    assert sdi["code"] == "SDI" and sdi["scale"] == {"min": "0", "max": "100"}
    assert [band["upper"] for band in sdi["bands"]] == ["12.5", "37.5", "62.5", "75", "100"]
    item = Item.objects.get(indicator__framework=pemdi, code="I1-L2-03")
    assert item.level.level == 2 and item.indicator.code == "I1" and item.text
    assert Item.objects.get(indicator__framework=pemdi, code="I4-L1-01").portal_code == "PG_04_01"
    placeholder = Item.objects.get(indicator__framework=pemdi, code="I9-L3-01")
    assert placeholder.text == "" and "tidak ada dalam modul" in placeholder.note
    i8 = pemdi.indicators.get(code="I8")
    assert [level.items.count() for level in i8.levels.all()] == [7, 7, 7, 7, 7]


def test_superseded_versions_are_not_offered_for_new_cycles() -> None:
    load()
    codes = set(Framework.objects.for_new_cycles().values_list("code", flat=True))
    # The superseded 2025 draft is no longer offered.
    assert codes == {"spbe-2020", "pemdi-2026"}
