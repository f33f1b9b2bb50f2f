"""Official results (Hasil Akhir): import by upload or command, all or nothing; comparison."""

import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from simpul.cycles import operations
from simpul.cycles.models import Answer, Stage
from simpul.cycles.results import OfficialResultsError, read_official_results
from simpul.cycles.tests.conftest import answer_of

ALL_TWOS = "indicator,level\n" + "".join(f"{n},2\n" for n in range(1, 48))


@pytest.fixture
def final(cycle, people):
    operations.lock_self_assessment(cycle, membership=people.admin)
    while cycle.stage != Stage.FINAL:
        cycle = operations.advance_stage(cycle, membership=people.admin)
    return cycle


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems(data: bytes, spec) -> list[str]:
    with pytest.raises(OfficialResultsError) as caught:
        read_official_results(data, spec)
    return caught.value.problems


def finals(cycle) -> dict[str, int | None]:
    return dict(cycle.answers.values_list("indicator__code", "final_level"))


def test_a_csv_by_number_and_code_is_read(spbe):
    levels = read_official_results(b"indicator,level\n1,3\nI02,4\n 47 , 5 \n", spbe.spec())
    assert levels == {"I01": 3, "I02": 4, "I47": 5}


def test_an_indonesian_spreadsheet_csv_with_semicolons_and_bom_is_read(spbe):
    data = "\ufeffIndikator;Tingkat\n1;3\n2;3.0\n".encode()
    assert read_official_results(data, spbe.spec()) == {"I01": 3, "I02": 3}


def test_an_xlsx_is_read_with_numbers_as_numbers(spbe):
    data = xlsx([["indicator", "level"], [1, 3], ["I02", 4.0], [None, None], [3, "2"]])
    assert read_official_results(data, spbe.spec()) == {"I01": 3, "I02": 4, "I03": 2}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"indicator,level\n1,3\n99,2\nI48,1\n",
            ["Baris 3: indikator “99”", "Baris 4: indikator “I48”"],
        ),
        (
            b"indicator,level\n1,6\n2,0\n",
            [
                "Baris 2: tingkat 6 untuk I01 di luar skala 1 sampai 5",
                "Baris 3: tingkat 0 untuk I02 di luar skala",
            ],
        ),
        (
            b"indicator,level\n1,tiga\n2,2.5\n3,\n",
            [
                "Baris 2: tingkat “tiga” untuk I01 bukan bilangan bulat",
                "Baris 3: tingkat “2.5”",
                "Baris 4: tingkat “(kosong)” untuk I03",
            ],
        ),
        (
            b"indicator,level\n1,3\n2,3\nI01,4\n",
            ["Baris 4: indikator I01 sudah tertulis di baris 2."],
        ),
        (b"indicator,level\n\n1,3\n\n1,2\n", ["Baris 5: indikator I01 sudah tertulis di baris 3."]),
    ],
    ids=[
        "unknown indicator",
        "level outside scale",
        "not an integer",
        "duplicate",
        "line numbers skip blanks",
    ],
)
def test_every_bad_row_is_named_with_its_line_number(spbe, data, expected):
    found = problems(data, spbe.spec())
    for text in expected:
        assert any(text in problem for problem in found), found
    assert len(found) == len(expected)


def test_bad_rows_of_an_xlsx_are_named_with_their_row_number(spbe):
    data = xlsx([["indikator", "tingkat"], [1, 3], [2, 7]])
    assert problems(data, spbe.spec()) == ["Baris 3: tingkat 7 untuk I02 di luar skala 1 sampai 5."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Berkas kosong"),
        (b"  \n\n", "Berkas kosong"),
        (b"indicator,level\n", "hanya berisi judul kolom"),
        (b"kode_indikator,nilai_akhir\n1,3\n", "kolom indicator tidak ditemukan"),
        (b"indicator,indikator,level\n1,1,3\n", "kolom indicator tertulis dua kali"),
        (b"indicator,skor\n1,3\n", "kolom level tidak ditemukan"),
        (b"%PDF-1.7\n\x00\x01binary", "bukan CSV (teks UTF-8) atau XLSX"),
        (b"\xff\xfe\x00i\x00n", "bukan CSV (teks UTF-8) atau XLSX"),
        (b"PK\x03\x04not really a zip", "bukan CSV (teks UTF-8) atau XLSX"),
    ],
    ids=[
        "empty",
        "blank lines",
        "header only",
        "wrong columns",
        "column twice",
        "no level column",
        "pdf",
        "utf-16",
        "broken zip",
    ],
)
def test_a_file_that_is_not_a_results_table_is_refused(spbe, data, message):
    found = problems(data, spbe.spec())
    assert len(found) == 1 and message in found[0]


def test_a_zip_that_is_not_a_workbook_is_refused(spbe):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "halo")
    assert "bukan CSV" in problems(out.getvalue(), spbe.spec())[0]


# --- the action and the command ------------------------------------------------------------


def test_the_import_sets_final_levels_and_records_each_change(final, personas):
    outcome = operations.import_official_results(final, {"I01": 3, "I02": 4}, user=personas.admin)
    assert (outcome.given, outcome.changed, len(outcome.missing)) == (2, 2, 45)
    assert finals(final)["I01"] == 3 and finals(final)["I03"] is None
    event = answer_of(final, "I01").events.get(kind="official")
    assert event.changes == {"final_level": [None, 3]} and event.actor == personas.admin


def test_official_results_wait_for_the_hasil_akhir_stage(cycle, personas):
    with pytest.raises(operations.ActionError, match="hanya dapat diimpor pada tahap Hasil Akhir"):
        operations.import_official_results(cycle, {"I01": 3}, user=personas.admin)


def write(tmp_path: Path, data: bytes, name="hasil.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_command_imports_a_file(final, tmp_path):
    out = StringIO()
    call_command(
        "import_official_results",
        str(final.pk),
        str(write(tmp_path, ALL_TWOS.encode())),
        stdout=out,
    )
    assert "47 indikator diimpor, 47 berubah" in out.getvalue()
    assert set(finals(final).values()) == {2}


def test_the_command_refuses_a_bad_file_with_every_line_and_saves_nothing(final, tmp_path):
    Answer.objects.filter(cycle=final).update(final_level=1)
    bad = ALL_TWOS.replace("\n7,2\n", "\n7,9\n").replace("\n30,2\n", "\n30,dua\n")
    with pytest.raises(CommandError) as caught:
        call_command("import_official_results", str(final.pk), str(write(tmp_path, bad.encode())))
    assert caught.value.returncode == 2
    message = str(caught.value)
    assert "tidak ada yang disimpan" in message
    assert (
        "Baris 8: tingkat 9 untuk I07" in message and "Baris 31: tingkat “dua” untuk I30" in message
    )
    assert set(finals(final).values()) == {1}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999999", "FILE"], "Periode dengan id 999999 tidak ditemukan"),
        (["CYCLE", "/tidak/ada.csv"], "tidak dapat dibaca"),
    ],
)
def test_the_command_refuses_a_missing_cycle_or_file(final, tmp_path, args, message):
    path = str(write(tmp_path, ALL_TWOS.encode()))
    args = [path if a == "FILE" else str(final.pk) if a == "CYCLE" else a for a in args]
    with pytest.raises(CommandError) as caught:
        call_command("import_official_results", *args)
    assert caught.value.returncode == 2 and message in str(caught.value)


def test_the_command_refuses_a_cycle_before_hasil_akhir(cycle, tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_official_results", str(cycle.pk), str(write(tmp_path, ALL_TWOS.encode()))
        )
    assert caught.value.returncode == 2 and "Hasil Akhir" in str(caught.value)


# --- the upload form and the comparison ---------------------------------------------------


def upload(client, cycle, data: bytes, name="hasil.csv"):
    return client.post(
        reverse("cycles:official_import", args=[cycle.pk]),
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def test_the_upload_imports_and_shows_the_comparison(as_user, personas, final):
    Answer.objects.filter(cycle=final).update(self_level=3)
    response = upload(
        as_user(personas.admin),
        final,
        xlsx([["indicator", "level"], *[[n, 2] for n in range(1, 48)]]),
        "hasil.xlsx",
    )
    html = " ".join(response.content.decode().split())
    assert "Hasil resmi diimpor: 47 indikator, 47 berubah." in html
    assert "Indeks penilaian mandiri</h2><p><strong>3,00</strong> · Baik" in html
    assert "Indeks hasil resmi</h2><p><strong>2,00</strong> · Cukup" in html
    assert "selisih terhadap mandiri: <strong>−1,00</strong>" in html
    assert html.count("lebih rendah") == 47


def test_a_bad_upload_lists_each_bad_line_and_saves_nothing(as_user, personas, final):
    response = upload(as_user(personas.admin), final, b"indicator,level\n1,3\n1,4\n77,2\n")
    html = response.content.decode()
    assert "Baris 3: indikator I01 sudah tertulis di baris 2." in html
    assert "Baris 4: indikator “77” tidak ada" in html
    assert set(finals(final).values()) == {None}


def test_an_upload_that_is_too_big_is_refused(as_user, personas, final):
    response = upload(as_user(personas.admin), final, b"indicator,level\n" + b"1,3\n" * 600_000)
    assert "Berkas terlalu besar" in response.content.decode()


def test_a_partial_file_names_the_indicators_it_left_out(as_user, personas, final):
    response = upload(as_user(personas.admin), final, b"indicator,level\n1,3\n")
    assert "Tidak ada di berkas: I02, I03" in response.content.decode()


@pytest.mark.parametrize("name", ["respondent", "assessor", "leader", "external", "partner"])
def test_only_the_admin_imports_official_results(as_user, personas, final, name):
    response = upload(as_user(getattr(personas, name)), final, ALL_TWOS.encode())
    assert response.status_code == 403 and set(finals(final).values()) == {None}


def test_another_agencys_import_page_is_404(as_user, personas, final):
    response = upload(as_user(personas.admin_b), final, ALL_TWOS.encode())
    assert response.status_code == 404 and set(finals(final).values()) == {None}


@pytest.mark.parametrize(
    ("name", "status"), [("leader", 200), ("respondent", 403), ("partner", 403), ("admin_b", 404)]
)
def test_who_may_see_the_comparison(as_user, personas, final, name, status):
    response = as_user(getattr(personas, name)).get(reverse("cycles:comparison", args=[final.pk]))
    assert response.status_code == status


def test_the_comparison_page_query_count_is_bounded(
    as_user, personas, final, django_assert_max_num_queries
):
    client = as_user(personas.admin)
    with django_assert_max_num_queries(10):
        client.get(reverse("cycles:comparison", args=[final.pk]))
