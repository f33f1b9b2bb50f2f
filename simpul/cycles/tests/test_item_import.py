"""Importing the portal's item verdicts (CSV/XLSX): all or nothing, line-numbered refusals."""

import io
from fractions import Fraction
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from simpul.cycles import items, operations
from simpul.cycles.item_import import ItemImportError, import_item_verdicts
from simpul.cycles.models import ItemReview, ItemVerdict, ReviewStage
from simpul.frameworks.operations import import_framework

# Aceh Tengah 2026, Penilaian Tahap 1, as the portal lists it (../shared/pemdi/scoring.md §2).
ACEH = """kode butir,putusan,catatan
I1-L1-01,diterima,
I1-L2-01,diterima,
I1-L2-03,diterima,
I1-L2-02,revisi – tidak tepat,Bukti dukung yang disampaikan tidak tepat
I2-L1-01,diterima,
I2-L1-02,diterima,
I3-L1-01,diterima,
I3-L1-02,diterima,
I4-L1-01,diterima,
I4-L1-03,diterima,
I4-L1-02,revisi – tidak tepat,RKA Diskominfo belum memuat kegiatan kolaborasi
I4-L2-02,otomatis ditolak,
I8-L1-01,revisi – belum diunggah,
I9-L1-01,revisi - tidak tepat,
I10-L1-01,revisi (tidak tepat),
I11-L1-01,diterima,
I12-L1-01,diterima,
I12-L1-02,revisi – belum diunggah,
I12-L2-01,Otomatis Ditolak,
I13-L1-01,diterima,
I13-L1-02,revisi – tidak tepat,
I13-L2-01,revisi – belum diunggah,
I13-L2-02,revisi – belum diunggah,
I13-L3-01,revisi – belum diunggah,
I14-L1-01,revisi – belum diunggah,
I14-L1-02,revisi – belum diunggah,
I15-L1-01,revisi – tidak tepat,
I16-L1-01,revisi – belum diunggah,
I17-L1-01,diterima,
I17-L1-02,diterima,
I17-L2-01,diterima,
I17-L2-02,diterima,
I19-L1-02,revisi – tidak tepat,
I20-L1-01,diterima,
I20-L1-02,diterima,
I20-L1-03,revisi – belum diunggah,
I20-L1-04,revisi – belum diunggah,
"""


@pytest.fixture
def cycle(personas, shipped_specs):
    framework = import_framework(shipped_specs["pemdi-2026"]).framework
    return operations.open_cycle(
        personas.agency_a, year=2026, framework=framework, include_visit=False, user=personas.admin
    )


def test_the_aceh_tengah_tahap_1_export_gives_1_23_at_the_document_stage(cycle, people) -> None:
    outcome = import_item_verdicts(
        cycle, ACEH.encode(), stage=ReviewStage.DOCUMENT, membership=people.admin
    )
    assert (outcome.stored, outcome.automatic) == (35, 2)
    assert outcome.by_verdict == {ItemVerdict.ACCEPTED: 18, ItemVerdict.REVISION: 17}
    evaluation = items.evaluate_stage(cycle, ReviewStage.DOCUMENT)
    assert evaluation.result.index == Fraction("1.2325")
    review = ItemReview.objects.get(item__code="I4-L1-02")
    assert (review.verdict, review.reason, review.comment) == (
        ItemVerdict.REVISION,
        "not_right",
        "RKA Diskominfo belum memuat kegiatan kolaborasi",
    )
    assert ItemReview.objects.get(item__code="I10-L1-01").reason == "not_right"
    assert not ItemReview.objects.filter(item__code="I4-L2-02").exists()  # derived, not stored


def test_an_xlsx_export_is_read_the_same_way(cycle, people) -> None:
    book = Workbook()
    sheet = book.active
    for row in [("Butir", "Status", "Catatan"), ("I1-L1-01", "Diterima", None)]:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    outcome = import_item_verdicts(
        cycle, data.getvalue(), stage=ReviewStage.INTERVIEW, membership=people.admin
    )
    assert outcome.stored == 1
    assert items.evaluate_stage(cycle, ReviewStage.INTERVIEW).result.index == Fraction(1025, 1000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kode butir,putusan\nI1-L9-01,diterima\n", ["Baris 2: butir “I1-L9-01” tidak ada"]),
        ("kode butir,putusan\nI1-L1-01,lulus\n", ["Baris 2: putusan “lulus” tidak dikenal"]),
        (
            "kode butir,putusan\nI1-L1-01,diterima\nI1-L1-01,ditolak\n",
            ["Baris 3: butir I1-L1-01 sudah ada di baris 2"],
        ),
        (
            "kode butir,putusan\nI4-L2-02,otomatis ditolak\n",
            ["Baris 2: butir I4-L2-02 “otomatis ditolak”, tetapi berkas tidak memuat"],
        ),
        ("butir;hasil\n", ["hanya berisi judul kolom"]),
        ("nama,nilai\nI1-L1-01,diterima\n", ["kolom kode butir tidak ditemukan"]),
        ("", ["Berkas kosong"]),
        (
            "kode butir,putusan\nX1,diterima\nI1-L1-01,?\n",
            ["Baris 2: butir “X1”", "Baris 3: putusan “?”"],
        ),
    ],
)
def test_a_bad_file_is_refused_whole_naming_every_bad_line(cycle, people, text, expected) -> None:
    with pytest.raises(ItemImportError) as caught:
        import_item_verdicts(
            cycle, text.encode(), stage=ReviewStage.DOCUMENT, membership=people.admin
        )
    assert len(caught.value.problems) == len(expected)
    for problem, words in zip(caught.value.problems, expected, strict=True):
        assert words in problem
    assert not ItemReview.objects.exists()


def test_only_the_coordinator_imports_and_only_for_an_external_stage(cycle, people) -> None:
    with pytest.raises(operations.ActionError, match="Hanya koordinator"):
        import_item_verdicts(
            cycle, ACEH.encode(), stage=ReviewStage.DOCUMENT, membership=people.assessor
        )
    with pytest.raises(operations.ActionError, match="Penilaian Dokumen, Interviu atau Visitasi"):
        import_item_verdicts(
            cycle, ACEH.encode(), stage=ReviewStage.INTERNAL, membership=people.admin
        )


def test_the_command_imports_and_exits_2_on_a_bad_file(cycle, tmp_path: Path) -> None:
    good = tmp_path / "tahap1.csv"
    good.write_text(ACEH, "utf-8")
    # The stage by its name of before the slugs: scripts written then still run.
    call_command("import_item_verdicts", str(cycle.pk), "dokumen", str(good))
    assert ItemReview.objects.count() == 35
    assert set(ItemReview.objects.values_list("stage", flat=True)) == {ReviewStage.DOCUMENT}
    bad = tmp_path / "rusak.csv"
    bad.write_text("kode butir,putusan\nI1-L1-01,lulus\n", "utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_item_verdicts", str(cycle.pk), ReviewStage.DOCUMENT, str(bad))
    assert caught.value.returncode == 2 and "Baris 2" in str(caught.value)
    with pytest.raises(CommandError) as caught:
        call_command("import_item_verdicts", "abc", ReviewStage.DOCUMENT, str(good))
    assert caught.value.returncode == 2 and "nomor (id) periode" in str(caught.value)


def test_the_form_imports_and_the_comparison_shows_every_item(cycle, personas, as_user) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = as_user(personas.admin)
    upload = SimpleUploadedFile("tahap1.csv", ACEH.encode(), content_type="text/csv")
    response = admin.post(
        reverse("cycles:item_import", args=[cycle.pk]),
        {"stage": ReviewStage.DOCUMENT, "file": upload},
    )
    assert response.status_code == 302
    page = admin.get(response["Location"]).content.decode()
    assert '<strong id="indeks-asesor">1,23</strong>' in page
    assert 'data-item="I4-L2-02"' in page and "ditolak otomatis" in page
    assert "RKA Diskominfo belum memuat kegiatan kolaborasi" in page
    bad = SimpleUploadedFile("x.csv", b"kode butir,putusan\nI1-L1-01,lulus\n")
    refused = admin.post(
        reverse("cycles:item_import", args=[cycle.pk]), {"stage": ReviewStage.DOCUMENT, "file": bad}
    )
    assert refused.status_code == 200 and "Baris 2: putusan" in refused.content.decode()
    other = as_user(personas.admin_b)
    assert other.get(reverse("cycles:item_comparison", args=[cycle.pk])).status_code == 404
    assert other.get(reverse("cycles:item_import", args=[cycle.pk])).status_code == 404


def test_the_comparison_reads_the_same_number_of_queries_with_more_verdicts(
    cycle, people, personas, as_user
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = as_user(personas.admin)
    url = reverse("cycles:item_comparison", args=[cycle.pk]) + f"?tahap={ReviewStage.DOCUMENT}"
    few = ACEH.splitlines()[:3]
    import_item_verdicts(
        cycle, "\n".join(few).encode(), stage=ReviewStage.DOCUMENT, membership=people.admin
    )
    assert admin.get(url).status_code == 200  # warm: the framework read once per process
    with CaptureQueriesContext(connection) as before:
        assert admin.get(url).status_code == 200
    import_item_verdicts(cycle, ACEH.encode(), stage=ReviewStage.DOCUMENT, membership=people.admin)
    with CaptureQueriesContext(connection) as after:
        page = admin.get(url)
    assert '<strong id="indeks-asesor">1,23</strong>' in page.content.decode()
    assert len(after.captured_queries) == len(before.captured_queries)
    reviews = [q["sql"] for q in after.captured_queries if "cycles_itemreview" in q["sql"]]
    assert len(reviews) == 1  # the latest verdicts are read once, for the table and the index


def test_an_old_comparison_link_moves_to_the_stage_slug(cycle, personas, as_user) -> None:
    admin = as_user(personas.admin)
    url = reverse("cycles:item_comparison", args=[cycle.pk])
    moved = admin.get(url + "?tahap=interviu")
    assert moved.status_code == 301
    assert moved["Location"] == f"{url}?tahap={ReviewStage.INTERVIEW}"
    page = admin.get(moved["Location"])
    assert page.status_code == 200
    assert f'<option value="{ReviewStage.INTERVIEW}" selected>' in page.content.decode()


def test_the_import_reads_an_old_stage_name_and_stores_slugs(cycle, people) -> None:
    outcome = import_item_verdicts(cycle, ACEH.encode(), stage="visitasi", membership=people.admin)
    assert outcome.stored == 35
    assert set(ItemReview.objects.values_list("stage", "verdict").distinct()) == {
        (ReviewStage.VISIT, ItemVerdict.ACCEPTED),
        (ReviewStage.VISIT, ItemVerdict.REVISION),
    }
