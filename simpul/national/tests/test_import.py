from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from simpul.national.models import PublishedResult

HEADER = (
    "year,category,province,instansi,d1_kebijakan,d2_tata_kelola,d3_manajemen,d4_layanan,"
    "indeks,predikat,source_table\n"
)
GOOD = (
    "2025,kabupaten,Kepulauan Riau,Pemerintah Kab. Natuna,"
    "4.10,3.50,2.80,4.00,3.70,Sangat Baik,LAP2025 Tabel 20\n"
)


def write(tmp_path, text):
    path = tmp_path / "hasil.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_newer_year_is_imported_from_the_same_columns(db, tmp_path):
    call_command("import_national_results", write(tmp_path, HEADER + GOOD))
    row = PublishedResult.objects.get(year=2025)
    assert row.index == Decimal("3.70") and row.key == "kab natuna"


def test_bad_rows_are_refused_with_their_line_numbers_and_nothing_is_saved(db, tmp_path):
    bad = (
        HEADER
        + GOOD
        + "2025,kabupaten,Riau,Pemerintah Kab. Siak,4.1,x,2.8,4.0,3.7,Baik,T\n"
        + "2025,desa,Riau,Pemerintah Desa A,4.1,3.5,2.8,4.0,3.7,Baik,T\n"
        + "2025,kota,Riau,Pemerintah Kota B,4.1,3.5,2.8,9.0,3.7,Luar Biasa,T\n"
    )
    with pytest.raises(CommandError) as raised:
        call_command("import_national_results", write(tmp_path, bad))
    message = str(raised.value)
    assert raised.value.returncode == 2
    assert "Baris 3: kolom d2_tata_kelola bukan angka" in message
    assert "Baris 4: kategori “desa”" in message
    assert "Baris 5: kolom d4_layanan = 9.0 di luar rentang" in message
    assert "Baris 5: predikat “Luar Biasa”" in message
    assert not PublishedResult.objects.filter(year=2025).exists()


def test_a_file_without_the_columns_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="kolom berikut tidak ada: .*indeks"):
        call_command("import_national_results", write(tmp_path, "year,instansi\n2025,A\n"))


def test_a_duplicate_row_names_the_first_line(db, tmp_path):
    with pytest.raises(CommandError, match="Baris 3: .* sudah ada di baris 2"):
        call_command("import_national_results", write(tmp_path, HEADER + GOOD + GOOD))


def test_reimporting_a_year_replaces_its_rows(db, tmp_path):
    call_command("import_national_results", write(tmp_path, HEADER + GOOD))
    call_command("import_national_results", write(tmp_path, HEADER + GOOD.replace("3.70", "3.69")))
    assert list(PublishedResult.objects.filter(year=2025).values_list("index", flat=True)) == [
        Decimal("3.69")
    ]


def refusal_of(tmp_path, rows: str) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("import_national_results", write(tmp_path, HEADER + rows))
    assert raised.value.returncode == 2
    assert not PublishedResult.objects.filter(year=2025).exists()
    return str(raised.value)


def test_a_predicate_that_contradicts_the_index_is_refused(db, tmp_path):
    row = "2025,kota,Riau,Pemerintah Kota B,4.50,4.50,4.50,4.50,4.50,Kurang,T\n"
    message = refusal_of(tmp_path, row)
    assert "Baris 2: predikat “Kurang” tidak sesuai dengan indeks 4.50" in message
    assert "Memuaskan" in message


def test_a_predicate_on_a_band_edge_may_be_the_one_before_rounding(db, tmp_path):
    # 2.60 may be 2.597 rounded: the source then prints Cukup, not Baik.
    row = "2025,kota,Riau,Pemerintah Kota B,2.60,2.60,2.60,2.60,2.60,Cukup,T\n"
    call_command("import_national_results", write(tmp_path, HEADER + row))
    assert PublishedResult.objects.get(year=2025).predicate == "Cukup"


def test_domain_values_that_contradict_the_index_are_refused(db, tmp_path):
    row = "2025,kota,Riau,Pemerintah Kota B,1.00,1.00,1.00,1.00,4.99,Memuaskan,T\n"
    message = refusal_of(tmp_path, row)
    assert "Baris 2: indeks 4.99 tidak sesuai dengan nilai domain" in message
    assert "1.000" in message


@pytest.mark.parametrize("column", ["d1_kebijakan", "indeks"])
def test_three_decimals_are_refused_instead_of_rounded(db, tmp_path, column):
    row = (
        GOOD.replace("4.10", "4.105") if column == "d1_kebijakan" else GOOD.replace("3.70", "3.695")
    )
    message = refusal_of(tmp_path, row)
    assert f"kolom {column} = " in message and "lebih dari dua angka desimal" in message


def test_trailing_zeros_are_not_extra_decimals(db, tmp_path):
    call_command("import_national_results", write(tmp_path, HEADER + GOOD.replace("3.70", "3.700")))
    assert PublishedResult.objects.get(year=2025).index == Decimal("3.70")


def test_a_nul_byte_is_refused_with_its_line(db, tmp_path):
    message = refusal_of(tmp_path, GOOD + GOOD.replace("Natuna", "Na\x00tuna"))
    assert "Baris 3: berkas berisi karakter NUL" in message
