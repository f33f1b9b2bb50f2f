"""`manage.py import_framework FILE`: every rule refuses a bad file, naming node and rule."""

import json
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from simpul.frameworks.models import Framework
from simpul.frameworks.tests import documents as doc
from simpul.frameworks.tests.conftest import SPBE_FILE

pytestmark = pytest.mark.django_db


def import_file(path: Path) -> str:
    out = StringIO()
    call_command("import_framework", str(path), stdout=out)
    return out.getvalue()


def refusal(path: Path) -> CommandError:
    with pytest.raises(CommandError) as caught:
        import_file(path)
    assert caught.value.returncode == 2
    return caught.value


def set_weights(document: dict, **weights: str) -> None:
    for code, weight in weights.items():
        doc.indicator(document, code)["weight"] = weight


def drop_level(code: str, level: int) -> Callable[[dict], None]:
    def mutate(document: dict) -> None:
        item = doc.indicator(document, code)
        item["levels"] = [entry for entry in item["levels"] if entry["level"] != level]

    return mutate


def duplicate_level(document: dict) -> None:
    item = doc.indicator(document, "I07")
    item["levels"].append(dict(item["levels"][1]))


def extra_level(document: dict) -> None:
    doc.indicator(document, "I07")["levels"].append({"level": 6, "name": "Lebih"})


def scale_without_optimum(document: dict) -> None:
    scale = document["level_scales"]["proses"]
    scale["levels"] = [item for item in scale["levels"] if item["level"] != 5]


def empty_group(document: dict) -> None:
    document["groups"].append(
        {"code": "D5", "name": "Kosong", "kind": "domain", "weight": "0.5", "indicators": []}
    )
    document["weight_total"] = "100.5"


def reversed_bands(document: dict) -> None:
    document["predicates"].reverse()


# (case id, mutation, node named in the message, rule named in the message)
RULES: list[tuple[str, Callable[[dict], None], str, str]] = [
    (
        "missing framework name",
        lambda d: d.pop("name"),
        "Kerangka spbe-uji",
        'kolom "name" wajib diisi',
    ),
    (
        "unknown status",
        lambda d: d.update(status="resmi"),
        "Kerangka spbe-uji",
        'kolom "status" harus "official", "draft" atau "compiled"',
    ),
    (
        "draft without a notice",
        lambda d: d.update(status="draft", notice=""),
        "Kerangka spbe-uji",
        'draf atau "dihimpun" wajib memiliki "notice"',
    ),
    (
        "compiled without a notice",
        lambda d: d.update(status="compiled", notice=" "),
        "Kerangka spbe-uji",
        'draf atau "dihimpun" wajib memiliki "notice"',
    ),
    (
        "scale min not below max",
        lambda d: d.update(scale={"min": 5, "max": 5}),
        "Kerangka spbe-uji, skala",
        "min (5) harus lebih kecil dari max (5)",
    ),
    (
        "unknown rounding mode",
        lambda d: d.update(rounding={"decimals": 2, "mode": "ceiling"}),
        "pembulatan",
        'kolom "mode" harus salah satu dari',
    ),
    (
        "top level weights not adding up to weight_total",
        lambda d: d.update(weight_total="99"),
        "Kerangka spbe-uji",
        "jumlah bobot kelompok teratas (100) tidak sama dengan weight_total (99)",
    ),
    (
        "indicator weights not adding up to their aspect",
        lambda d: set_weights(d, I07="1.4"),
        "Kelompok A1 (Kebijakan Internal Tata Kelola SPBE)",
        "jumlah bobot isi kelompok (13.1) tidak sama dengan bobot kelompok (13)",
    ),
    (
        "aspect weights not adding up to their domain",
        lambda d: doc.group(d, "A4").update(weight="6"),
        "Kelompok D2 (Tata Kelola SPBE)",
        "jumlah bobot isi kelompok (26) tidak sama dengan bobot kelompok (25)",
    ),
    (
        "indicator weight zero",
        lambda d: set_weights(d, I07="0", I08="2.6"),
        "Indikator I07",
        'kolom "weight" harus lebih besar dari 0',
    ),
    (
        "indicator weight negative",
        lambda d: set_weights(d, I07="-1.3", I08="3.9"),
        "Indikator I07",
        'kolom "weight" harus lebih besar dari 0',
    ),
    (
        "weight not a decimal",
        lambda d: set_weights(d, I07="1,3 persen"),
        "Indikator I07",
        'kolom "weight" harus berupa bilangan desimal',
    ),
    (
        "weight with more places than the database keeps",
        lambda d: set_weights(d, I07="1.3000001", I08="1.2999999"),
        "Indikator I07",
        "paling banyak 6 angka di belakang koma",
    ),
    (
        "missing indicator field",
        lambda d: doc.indicator(d, "I07").pop("scale"),
        "Indikator I07",
        'kolom "scale" wajib diisi',
    ),
    (
        "misspelt field",
        lambda d: doc.group(d, "D2").update(weigth="25"),
        "Kelompok D2 (Tata Kelola SPBE)",
        'kolom "weigth" tidak dikenal',
    ),
    (
        "unknown scale name",
        lambda d: doc.indicator(d, "I07").update(scale="prosess"),
        "Indikator I07",
        'skala "prosess" tidak dikenal',
    ),
    (
        "level missing from an indicator",
        drop_level("I07", 3),
        "Indikator I07",
        "tingkat 3 tidak ada",
    ),
    (
        "level listed twice",
        duplicate_level,
        "Indikator I07",
        "tingkat 2 tertulis 2 kali",
    ),
    (
        "level outside the scale",
        extra_level,
        "Indikator I07",
        "tingkat 6 di luar skala 1–5",
    ),
    (
        "level name contradicting the scale",
        lambda d: doc.indicator(d, "I07")["levels"][0].update(name="Awal"),
        "Indikator I07, tingkat 1",
        'nama tingkat "Awal" berbeda dengan skala ("Rintisan")',
    ),
    (
        "level scale missing a level",
        scale_without_optimum,
        "Skala tingkat proses",
        "tingkat 5 tidak ada",
    ),
    (
        "duplicate group code",
        lambda d: doc.group(d, "A3").update(code="A2"),
        "Kelompok A2 (Teknologi Informasi dan Komunikasi)",
        "kode kelompok A2 juga dipakai oleh Kelompok A2 (Perencanaan Strategis SPBE)",
    ),
    (
        "duplicate indicator code",
        lambda d: doc.indicator(d, "I08").update(code="I07"),
        "Indikator I07 (nomor 8)",
        "kode indikator I07 juga dipakai oleh indikator nomor 7",
    ),
    (
        "duplicate indicator number",
        lambda d: doc.indicator(d, "I08").update(number=7),
        "Indikator I08",
        "nomor indikator 7 juga dipakai oleh Indikator I07",
    ),
    (
        "indicator code made of digits only",
        lambda d: doc.indicator(d, "I07").update(code="107"),
        "Indikator 107",
        "kode indikator tidak boleh hanya berupa angka",
    ),
    (
        "group without indicators or subgroups",
        empty_group,
        "Kelompok D5 (Kosong)",
        "kelompok harus berisi subkelompok atau indikator",
    ),
    (
        "gap between bands",
        lambda d: doc.band(d, "Cukup").update(lower="1.9"),
        "Predikat Kurang dan Cukup",
        "ada celah: nilai antara 1.8 dan 1.9",
    ),
    (
        "overlapping bands",
        lambda d: doc.band(d, "Cukup").update(lower="1.7"),
        "Predikat Kurang dan Cukup",
        "rentang tumpang tindih antara 1.7 dan 1.8",
    ),
    (
        "shared edge included on both sides",
        lambda d: doc.band(d, "Kurang").update(upper_inclusive=True),
        "Predikat Kurang dan Cukup",
        "nilai 1.8 masuk ke kedua predikat",
    ),
    (
        "shared edge included on neither side",
        lambda d: doc.band(d, "Baik").update(lower_inclusive=False),
        "Predikat Cukup dan Baik",
        "nilai 2.6 tidak masuk predikat mana pun",
    ),
    (
        "bands out of order",
        reversed_bands,
        "Kerangka spbe-uji",
        "predikat harus diurutkan dari nilai terendah ke tertinggi (urutan sekarang: Memuaskan,",
    ),
    (
        "bands not covering the bottom of the scale",
        lambda d: doc.band(d, "Kurang").update(lower="1.5", lower_inclusive=True),
        "Predikat Kurang",
        "tidak mencakup nilai terendah skala (1)",
    ),
    (
        "bands not covering the top of the scale",
        lambda d: doc.band(d, "Memuaskan").update(upper_inclusive=False),
        "Predikat Memuaskan",
        "tidak mencakup nilai tertinggi skala (5)",
    ),
    (
        "empty band",
        lambda d: doc.band(d, "Cukup").update(upper="1.8", upper_inclusive=False),
        "Predikat Cukup",
        "rentang predikat kosong",
    ),
    (
        "unbounded edge marked inclusive",
        lambda d: doc.band(d, "Kurang").update(lower_inclusive=True),
        "Predikat Kurang",
        "tak terhingga (null) tidak bisa inklusif",
    ),
    (
        "duplicate band name",
        lambda d: doc.band(d, "Cukup").update(name="Baik"),
        "Predikat Baik",
        "nama predikat ditulis lebih dari sekali",
    ),
]


@pytest.fixture
def base(spbe_document: dict) -> dict:
    """The shipped SPBE document under a new code: valid, so only the mutation can break it."""
    spbe_document["code"] = "spbe-uji"
    return spbe_document


@pytest.fixture
def loaded(frameworks_loaded: None) -> tuple:
    return doc.database_state()


def test_the_unmutated_copy_imports_so_each_refusal_below_is_caused_by_its_mutation(
    base: dict, write_file: Callable[..., Path], loaded: tuple
) -> None:
    output = import_file(write_file(base))
    assert "Kerangka spbe-uji" in output and "diimpor" in output
    assert doc.database_state() != loaded


@pytest.mark.parametrize(
    ("mutate", "node", "rule"),
    [pytest.param(mutate, node, rule, id=case) for case, mutate, node, rule in RULES],
)
def test_it_refuses_a_file_breaking_a_rule_naming_node_and_rule_and_writes_nothing(
    base: dict,
    write_file: Callable[..., Path],
    loaded: tuple,
    mutate: Callable[[dict], None],
    node: str,
    rule: str,
) -> None:
    mutate(base)
    error = refusal(write_file(base))
    lines = str(error).splitlines()
    assert "ditolak" in lines[0]
    assert any(node in line and rule in line for line in lines[1:]), str(error)
    assert doc.database_state() == loaded


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        pytest.param('{"format": "simpul-framework/1", ', "bukan JSON yang sah (baris 1", id="cut"),
        pytest.param("[]", "isi berkas harus berupa objek JSON", id="array"),
        pytest.param('{"weight": NaN}', "NaN tidak diperbolehkan", id="nan"),
        pytest.param("", "bukan JSON yang sah", id="empty"),
    ],
)
def test_it_refuses_malformed_json(
    write_file: Callable[..., Path], loaded: tuple, text: str, rule: str
) -> None:
    error = refusal(write_file(text))
    assert "Berkas:" in str(error) and rule in str(error)
    assert doc.database_state() == loaded


def test_it_refuses_a_file_of_another_format_version_without_further_noise(
    base: dict, write_file: Callable[..., Path], loaded: tuple
) -> None:
    base["format"] = "simpul-framework/2"
    lines = str(refusal(write_file(base))).splitlines()
    assert lines[1:] == [
        '- Kerangka: kolom "format" harus "simpul-framework/1" (tertulis "simpul-framework/2").'
    ]
    assert doc.database_state() == loaded


def test_it_refuses_a_key_written_twice_in_one_object(
    base: dict, write_file: Callable[..., Path], loaded: tuple
) -> None:
    text = json.dumps(base, ensure_ascii=False).replace(
        '"code": "spbe-uji"', '"code": "spbe-uji", "code": "lain"', 1
    )
    error = refusal(write_file(text))
    assert 'kolom "code" ditulis lebih dari sekali' in str(error)
    assert doc.database_state() == loaded


def test_it_lists_every_problem_in_one_refusal(
    base: dict, write_file: Callable[..., Path], loaded: tuple
) -> None:
    base["weight_total"] = "99"
    set_weights(base, I07="1.4")
    doc.indicator(base, "I40").update(scale="lain")
    doc.band(base, "Cukup").update(lower="1.9")
    error = str(refusal(write_file(base)))
    assert "4 masalah ditemukan" in error.splitlines()[0]
    for node in ("Kerangka spbe-uji", "Kelompok A1", "Indikator I40", "Predikat Kurang dan Cukup"):
        assert node in error
    assert doc.database_state() == loaded


def test_it_refuses_a_missing_file(tmp_path: Path, loaded: tuple) -> None:
    error = refusal(tmp_path / "tidak-ada.json")
    assert "Berkas:" in str(error) and "tidak dapat dibaca" in str(error)


def test_check_only_validates_and_writes_nothing(
    base: dict, write_file: Callable[..., Path], loaded: tuple
) -> None:
    out = StringIO()
    call_command("import_framework", str(write_file(base)), "--check", stdout=out)
    assert "memenuhi semua aturan" in out.getvalue()
    assert doc.database_state() == loaded


def test_importing_the_same_version_again_changes_nothing_and_says_so(loaded: tuple) -> None:
    before = Framework.objects.get(code="spbe-2020").imported_at
    output = import_file(SPBE_FILE)
    assert output.strip() == (
        "Kerangka spbe-2020 sudah ada dengan isi yang sama; tidak ada yang diubah."
    )
    assert doc.database_state() == loaded
    assert Framework.objects.get(code="spbe-2020").imported_at == before


def test_a_reformatted_file_with_the_same_content_counts_as_the_same_version(
    spbe_document: dict, write_file: Callable[..., Path], loaded: tuple
) -> None:
    # Other layout, other key order, and weights as JSON numbers with trailing zeros.
    text = json.dumps(spbe_document, indent=4, sort_keys=True)
    text = text.replace('"weight": "13"', '"weight": 13.00').replace(
        '"weight": "1.3"', '"weight": 1.30'
    )
    output = import_file(write_file(text))
    assert "sudah ada dengan isi yang sama" in output
    assert doc.database_state() == loaded


def test_a_changed_file_under_an_existing_code_is_refused(
    spbe_document: dict, write_file: Callable[..., Path], loaded: tuple
) -> None:
    doc.indicator(spbe_document, "I07")["levels"][0]["criteria"] = "Kriteria yang diubah."
    error = refusal(write_file(spbe_document))
    assert "spbe-2020" in str(error) and "versi baru memerlukan kode baru" in str(error)
    assert doc.database_state() == loaded


def test_weights_written_as_json_numbers_are_read_as_exact_decimals(
    base: dict, write_file: Callable[..., Path], loaded: tuple
) -> None:
    # Ten indicators of 1.3 make 13 in decimal arithmetic; binary floats give 13.000000000000002.
    text = json.dumps(base, ensure_ascii=False).replace('"weight": "1.3"', '"weight": 1.3')
    assert '"weight": 1.3,' in text
    import_file(write_file(text))
    framework = Framework.objects.get(code="spbe-uji")
    assert framework.indicators.get(code="I01").weight == Decimal("1.3")
    assert doc.indicator(framework.document, "I01")["weight"] == "1.3"


def test_an_imported_framework_keeps_its_tree_levels_and_bands(loaded: tuple) -> None:
    framework = Framework.objects.get(code="spbe-2020")
    assert framework.level_min == 1 and framework.level_max == 5
    assert framework.weight_total == 100 and framework.display_decimals == 2
    assert list(framework.groups.filter(depth=0).values_list("code", flat=True)) == [
        "D1",
        "D2",
        "D3",
        "D4",
    ]
    aspect = framework.groups.get(code="A4")
    assert aspect.parent.code == "D2" and aspect.depth == 1 and str(aspect.weight) == "5.000000"
    indicator = framework.indicators.get(number=7)
    assert indicator.code == "I07" and indicator.group.code == "A1"
    assert indicator.scale == "proses" and indicator.description and indicator.assessment_rule
    assert list(indicator.levels.values_list("level", "name")) == [
        (1, "Rintisan"),
        (2, "Terkelola"),
        (3, "Terdefinisi"),
        (4, "Terpadu dan Terukur"),
        (5, "Optimum"),
    ]
    assert all(
        level.criteria and level.fulfilment and level.evidence for level in indicator.levels.all()
    )
    bands = list(
        framework.bands.values_list("name", "lower", "lower_inclusive", "upper", "upper_inclusive")
    )
    assert bands[0][:3] == ("Kurang", None, False) and bands[-1][0] == "Memuaskan"
    assert bands[-1][3] == 5 and bands[-1][4] is True
    assert framework.scales["layanan"]["levels"][0]["name"] == "Informasi"


@pytest.mark.parametrize("written", ['"1"', "1.0"])
def test_a_duplicate_indicator_number_written_as_text_is_named_as_a_duplicate(
    spbe_document: dict, write_file: Callable, written: str
) -> None:
    doc.indicator(spbe_document, "I02")["number"] = "__NOMOR__"
    text = json.dumps(spbe_document).replace('"__NOMOR__"', written)
    report = str(refusal(write_file(text)))
    assert f"tanpa tanda kutip (tertulis {written})" in report
    assert "nomor indikator 1 juga dipakai oleh Indikator I01" in report
    assert not Framework.objects.exists()
