"""Mapping files between framework versions: the shipped SPBE 2020 → Pemdi 2026, and refusals."""

import copy
import json
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from simpul.frameworks.checking import load_framework_file
from simpul.frameworks.mappings import MAPPINGS_DIR, parse_mapping_document
from simpul.frameworks.models import FrameworkMapping, MappingBasis, MappingPair, MappingRole
from simpul.frameworks.spec import DATA_DIR, FrameworkFileError

SHIPPED = MAPPINGS_DIR / "spbe-2020-ke-pemdi-2026.json"
SPECS = {
    path.stem: load_framework_file(path)
    for path in (DATA_DIR / "spbe-2020.json", DATA_DIR / "pemdi-2026.json")
}


@pytest.fixture
def document() -> dict:
    return json.loads(SHIPPED.read_text("utf-8"))


def problems(document: dict) -> list[str]:
    with pytest.raises(FrameworkFileError) as caught:
        parse_mapping_document(document, SPECS.get)
    return [str(problem) for problem in caught.value.problems]


def test_the_shipped_mapping_pairs_every_spbe_indicator_with_one_primary_pemdi_indicator() -> None:
    spec = parse_mapping_document(json.loads(SHIPPED.read_text("utf-8")), SPECS.get)
    assert (spec.source, spec.target, spec.status) == ("spbe-2020", "pemdi-2026", "compiled")
    primaries = [pair for pair in spec.pairs if pair.role == "primary"]
    assert len(primaries) == 47
    assert {pair.source for pair in primaries} == {f"I{n:02}" for n in range(1, 48)}
    assert Counter(pair.basis for pair in primaries) == {
        "sourced": 26,
        "sourced_aspect_level": 16,
        "proposed": 5,
    }
    assert [pair.target for pair in spec.targets_of("I08")] == ["I10", "I8", "I11", "I12"]
    assert {pair.source for pair in spec.sources_of("I4")} >= {"I19", "I20"}
    assert "tidak ada yang ditautkan otomatis" in spec.notice


@pytest.mark.django_db
def test_load_frameworks_stores_the_mapping_with_indicators_linked(frameworks_loaded) -> None:
    mapping = FrameworkMapping.objects.get(code="spbe-2020-ke-pemdi-2026")
    assert (mapping.source.code, mapping.target.code) == ("spbe-2020", "pemdi-2026")
    pairs = MappingPair.objects.filter(mapping=mapping)
    assert pairs.filter(role=MappingRole.PRIMARY).count() == 47
    i19 = pairs.get(source__code="I19", role=MappingRole.PRIMARY)
    assert (i19.target.code, i19.target.framework.code, i19.basis) == (
        "I4",
        "pemdi-2026",
        MappingBasis.SOURCED,
    )
    assert i19.sources == ["ROKI", "ACEH_GT"] and "Tim Koordinasi" in i19.rationale


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["pairs"][0].update(to="I99"), "indikator I99 tidak ada dalam kerangka pemdi"),
        (lambda d: d["pairs"][0].update({"from": "I48"}), "indikator I48 tidak ada dalam kerangka"),
        (lambda d: d["pairs"][0].update(role="utama"), 'kolom "role" harus salah satu dari'),
        (lambda d: d["pairs"][0].update(basis="tebakan"), 'kolom "basis" harus salah satu dari'),
        (lambda d: d["pairs"].append(copy.deepcopy(d["pairs"][0])), "sudah ditulis sebagai"),
        (
            lambda d: d["pairs"].append({**d["pairs"][1], "from": "I01", "to": "I2"}),
            "sudah punya pasangan utama",
        ),
        (lambda d: d.update(to="pemdi-2099"), "kerangka pemdi-2099"),
        (lambda d: d.update(notice=""), 'wajib memiliki "notice"'),
        (lambda d: d.update(pairs=[]), 'kolom "pairs" tidak boleh kosong'),
        (lambda d: d["pairs"][0].update(extra=1), 'kolom "extra" tidak dikenal'),
    ],
)
def test_a_mapping_that_breaks_a_rule_is_refused_naming_the_pair(
    document: dict, change, expected: str
) -> None:
    change(document)
    found = problems(document)
    assert any(expected in problem for problem in found), found


def test_every_problem_is_reported_at_once(document: dict) -> None:
    document["pairs"][0]["to"] = "I99"
    document["pairs"][5]["basis"] = "tebakan"
    assert len(problems(document)) == 2


def test_another_format_is_refused_before_anything_else(document: dict) -> None:
    document["format"] = "simpul-framework/1"
    assert problems(document) == [
        'Pemetaan: kolom "format" harus "simpul-mapping/1" (tertulis "simpul-framework/1").'
    ]


@pytest.mark.django_db
def test_the_command_imports_once_and_refuses_changed_content_under_the_same_code(
    frameworks_loaded, document: dict, tmp_path: Path
) -> None:
    path = tmp_path / "pemetaan.json"
    path.write_text(json.dumps(document), "utf-8")
    out = StringIO()
    call_command("import_mapping", str(path), stdout=out)
    assert "sudah ada dengan isi yang sama" in out.getvalue()
    document["pairs"][0]["rationale"] = "diubah"
    path.write_text(json.dumps(document), "utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_mapping", str(path))
    assert caught.value.returncode == 2 and "versi baru memerlukan kode baru" in str(caught.value)
    document["pairs"][0]["to"] = "I99"
    path.write_text(json.dumps(document), "utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_mapping", str(path), "--check")
    assert caught.value.returncode == 2 and "I99" in str(caught.value)
    assert MappingPair.objects.filter(rationale="diubah").count() == 0
