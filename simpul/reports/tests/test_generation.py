import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from simpul.cycles.overview import summarise
from simpul.reports import operations
from simpul.reports.models import Report, ReportStatus

pytestmark = pytest.mark.django_db(transaction=True)


def app_index(cycle) -> str:
    """The index string the cycle page shows."""
    page_summary = summarise(
        cycle.framework.engine(),
        {a.indicator.code: a.self_level for a in cycle.answers.select_related("indicator")},
    )
    return page_summary.index


def built(cycles, kind, personas, run_tasks) -> Report:
    report = operations.request_report(cycles.now, kind, personas.admin)
    assert report.status == ReportStatus.QUEUED
    run_tasks()
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    return report


def test_the_pdf_is_built_by_the_worker_and_holds_the_apps_index(cycles, personas, run_tasks):
    report = built(cycles, "pdf", personas, run_tasks)
    assert report.progress == 100
    text = "\n".join(page.extract_text() for page in PdfReader(report.file.open("rb")).pages)
    index = app_index(cycles.now)
    assert index and index.replace(".", ",") in text  # the same figure, written 2,99
    assert "Laporan Penilaian Mandiri SPBE" in text
    assert "Perbup Arsitektur SPBE" in text and "Fakta I47" in text
    assert app_index(cycles.before).replace(".", ",") in text  # last year's index, for the change


def test_the_excel_export_has_one_sheet_per_kind_with_every_field(cycles, personas, run_tasks):
    report = built(cycles, "xlsx", personas, run_tasks)
    workbook = load_workbook(report.file.open("rb"), read_only=True)
    assert workbook.sheetnames == [
        "Ringkasan", "Jawaban", "Data dukung", "Riwayat", "Tindak lanjut"
    ]  # fmt: skip
    answers = list(workbook["Jawaban"].values)
    # Headings people read; the CSV files keep the keys (test_the_csv_zip_holds_each_table).
    assert answers[0][:4] == ("Indikator", "Nama indikator", "Status", "Tingkat mandiri")
    assert not [cell for cell in answers[0] if "_" in str(cell)]
    assert len(answers) == 1 + 47
    i01 = next(row for row in answers if row[0] == "I01")
    assert i01[3] == cycles.first.self_level and i01[9] == "Fakta I01"
    assert i01[2] == "Draf"  # Indonesian labels, not codes
    evidence = list(workbook["Data dukung"].values)
    assert evidence[1][:5] == ("I01", 3, "Bukti umum", "Pasal 4", "Perbup Arsitektur SPBE")
    history = list(workbook["Riwayat"].values)
    # History written as sentences, not JSON.
    assert any(row[5] == "isi awal" and row[4] == "Tingkat penilaian mandiri: — → 2"
               for row in history[1:])  # fmt: skip
    assert not any("{" in str(row[4]) for row in history[1:])


def test_the_excel_export_is_a_spreadsheet_people_can_work_with(cycles, personas, run_tasks):
    from datetime import date, datetime

    from simpul.plans.models import Action

    for target in (cycles.now, None):
        Action.objects.create(
            agency=personas.agency_a, cycle=target, indicator=cycles.first.indicator,
            target_level=4, start_date=date(2025, 1, 1), due_date=date(2025, 12, 31),
        )  # fmt: skip
    report = built(cycles, "xlsx", personas, run_tasks)
    workbook = load_workbook(report.file.open("rb"))
    summary = workbook["Ringkasan"]
    rows = {row[0].value: row[1] for row in summary.iter_rows(max_row=7)}
    index = rows["Indeks mandiri"]
    assert float(index.value) == float(app_index(cycles.now)) and index.number_format == "0.00"
    # Every index on the summary is a number cell with a number format, never text "3.22".
    assert index.data_type == "n" and not isinstance(index.value, str)
    header = next(r for r in summary.iter_rows() if r[0].value == "Kode" and r[2].value == "Indeks")
    groups = []
    for row in summary.iter_rows(min_row=header[0].row + 1):
        if row[0].value is None:
            break
        groups.append(row[2])
    assert groups and all(c.data_type == "n" and c.number_format == "0.00" for c in groups)
    assert all(isinstance(c.value, int | float) for c in groups)
    assert rows["Predikat"].value in ("Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan")
    names = [row[2].value for row in summary.iter_rows() if row[1].value == "I01"]
    assert names == [cycles.first.indicator.name]
    answers = workbook["Jawaban"]
    assert answers.freeze_panes == "A2" and answers.auto_filter.ref.startswith("A1:")
    assert answers["A1"].font.bold
    assert answers.column_dimensions["B"].width > 20  # fitted to the indicator names
    changed = next(cell for cell in answers[2] if isinstance(cell.value, datetime))
    assert changed.number_format == "DD-MM-YYYY HH:MM"
    actions = list(workbook["Tindak lanjut"].values)
    assert len(actions) == 1 + 2  # every action of the framework, not only this cycle's
    assert {row[7] for row in actions[1:]} == {"Rencana"}
    assert isinstance(workbook["Tindak lanjut"]["F2"].value, datetime | date)


def test_the_csv_zip_holds_each_table(cycles, personas, run_tasks):
    report = built(cycles, "csv", personas, run_tasks)
    archive = zipfile.ZipFile(report.file.open("rb"))
    assert sorted(archive.namelist()) == [
        "data_dukung.csv", "jawaban.csv", "riwayat.csv", "tindak_lanjut.csv"
    ]  # fmt: skip
    rows = list(csv.reader(io.StringIO(archive.read("jawaban.csv").decode("utf-8-sig"))))
    assert rows[0][0] == "indikator" and len(rows) == 48
    assert rows[1][10] == "Analisis I01"


def test_the_page_shows_progress_then_the_download(cycles, personas, as_user, run_tasks):
    client = as_user(personas.leader)
    client.post(reverse("reports:request", args=[cycles.now.pk]), {"kind": "pdf"})
    report = Report.objects.get()
    status = client.get(reverse("reports:status", args=[report.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in status.content.decode()
    run_tasks()
    status = client.get(reverse("reports:status", args=[report.pk]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in status.content.decode()
    download = client.get(reverse("reports:download", args=[report.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_excel_export_opens_cleanly_in_libreoffice(cycles, personas, run_tasks, tmp_path):
    """`soffice --headless --convert-to pdf` reads the workbook and prints its summary."""
    import shutil
    import subprocess

    from pypdf import PdfReader as Reader

    report = built(cycles, "xlsx", personas, run_tasks)
    source = tmp_path / "laporan.xlsx"
    source.write_bytes(report.file.open("rb").read())
    soffice = shutil.which("soffice")
    assert soffice, "python3 dev.py test installs LibreOffice (libreoffice-calc-nogui)"
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = "\n".join(page.extract_text() for page in Reader(tmp_path / "laporan.pdf").pages)
    assert "Indeks mandiri" in text and "Pemerintah Kabupaten Natuna" in text


def test_reports_write_times_in_the_agencys_zone_though_the_worker_builds_them(
    cycles, personas, run_tasks
):
    """A WIT agency's workbook and CSV show when an answer changed in WIT, not in the
    server's WIB (the worker runs outside any request, with no zone activated)."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    personas.agency_a.time_zone = "Asia/Jayapura"
    personas.agency_a.save(update_fields=["time_zone"])
    first = cycles.now.answers.select_related("indicator").get(pk=cycles.first.pk)
    wit = timezone.localtime(first.updated_at, ZoneInfo("Asia/Jayapura")).replace(tzinfo=None)
    workbook = load_workbook(built(cycles, "xlsx", personas, run_tasks).file.open("rb"))
    sheet = workbook["Jawaban"]
    heading = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "I01")
    changed = row[heading.index("Diubah")]
    assert changed.replace(microsecond=0) == wit.replace(microsecond=0)
    archive = zipfile.ZipFile(built(cycles, "csv", personas, run_tasks).file.open("rb"))
    rows = list(csv.reader(io.StringIO(archive.read("jawaban.csv").decode("utf-8-sig"))))
    i01 = next(r for r in rows if r[0] == "I01")
    assert i01[rows[0].index("diubah")].startswith(f"{wit:%Y-%m-%d %H:%M}")


def test_the_report_pdf_colours_the_predicate_as_the_pages_do(cycles):
    """The same palette (simpul/core/palette.py) in the PDF's own stylesheet as in simpul.css."""
    from simpul.core import palette
    from simpul.reports.builders import report_html

    html = report_html(cycles.now)
    predicate = summarise(
        cycles.now.framework.engine(),
        {a.indicator.code: a.self_level for a in cycles.now.answers.select_related("indicator")},
    ).predicate
    key = palette.predicate_key(predicate)
    swatch = palette.predicate(predicate)
    assert f'<span class="badge pred-{key}">{predicate}</span>' in html
    assert f".pred-{key}{{color:{swatch.text};background:{swatch.soft}}}" in html
