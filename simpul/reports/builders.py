"""Turning a cycle into files: the PDF report (WeasyPrint), the Excel workbook, the CSV zip."""

import io
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone, translation

from simpul.core.spreadsheets import SafeCsvWriter, format_numbers, number_cell, safe_row
from simpul.cycles.models import Cycle

from . import content, tables


def report_pdf(cycle: Cycle, progress=lambda value: None) -> bytes:
    from weasyprint import HTML

    html = report_html(cycle, progress)
    progress(60)
    return HTML(string=html).write_pdf()


def report_html(cycle: Cycle, progress=lambda value: None) -> str:
    """The report PDF's HTML."""
    # An official document of an Indonesian agency: always in Indonesian, and its times in the
    # agency's own zone (WIB, WITA or WIT), though the worker builds it outside any request.
    with translation.override("id"), timezone.override(cycle.agency.zone):
        data = content.gather(cycle)
        progress(40)
        return render_to_string(
            "reports/report_pdf.html", {"report": data, "printed": timezone.localtime()}
        )


def report_xlsx(cycle: Cycle, progress=lambda value: None) -> bytes:
    """A workbook a coordinator can work with: a summary sheet first (index, groups,
    indicators), then one sheet per table with a bold frozen header, filters, widths fitted to
    the content, real dates and numbers."""
    from openpyxl import Workbook

    workbook = Workbook()
    with translation.override("id"), timezone.override(cycle.agency.zone):
        _summary_sheet(workbook.active, content.gather(cycle))
        data = tables.all_tables(cycle)
    progress(50)
    for name, (header, rows) in data.items():
        sheet = workbook.create_sheet(title=tables.SHEET_TITLES.get(name, name))
        sheet.append([tables.column_label(key) for key in header])
        for row in rows:
            sheet.append(safe_row(row))
        _dress(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"
INDEX_FORMAT = "0.00"  # the shipped frameworks' two decimals; see number_cell


def _summary_sheet(sheet, data) -> None:
    from openpyxl.styles import Font

    cycle = data.cycle
    summary = data.summary
    bold = Font(bold=True)
    sheet.title = tables.SHEET_TITLES["ringkasan"]
    framework = cycle.framework.name
    if cycle.framework.shows_notice:
        framework += f" ({cycle.framework.get_status_display()})"
    engine = cycle.framework.engine()
    places = engine.spec.rounding.decimals
    rows = [
        ("Instansi", cycle.agency.name),
        ("Tahun", cycle.year),
        ("Kerangka", framework),
        ("Tahap", cycle.get_stage_display()),
        ("Indeks mandiri", None),
        ("Predikat", summary.predicate or "—"),
        ("Indikator terjawab", f"{summary.result.answered} dari {summary.result.total}"),
    ]
    for label, value in rows:
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    # Numbers as numbers: the engine's rounding, the framework's decimals as the format.
    _index_cell(sheet.cell(row=5, column=2), engine, summary.result.index, places)
    sheet.append([])
    sheet.append(["Kode", "Kelompok", "Indeks", "Terjawab"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for group in summary.result.groups:
        answered = f"{group.answered}/{group.total}"
        sheet.append([group.code, group.name, None, answered])
        _index_cell(sheet.cell(row=sheet.max_row, column=3), engine, group.index, places)
    sheet.append([])
    valued = bool(data.values)
    sheet.append(["No.", "Kode", "Indikator", "Nilai" if valued else "Tingkat", "Status"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for answer in data.answers:
        level = _number(data.values.get(answer.indicator.code)) if valued else answer.self_level
        sheet.append(
            [
                answer.indicator.number,
                answer.indicator.code,
                answer.indicator.name,
                level,
                answer.get_status_display(),
            ]
        )
        if valued:
            sheet.cell(row=sheet.max_row, column=4).number_format = INDEX_FORMAT
    _fit_widths(sheet)


def _index_cell(cell, engine, value, places: int) -> None:
    """An index cell: the engine's rounding of the exact value, written as a number."""
    number_cell(cell, None if value is None else engine.spec.rounding.quantize(value), places)


def _number(text):
    """An index as shown ("3.22") as a number for the cell; text that is not one stays."""
    from decimal import Decimal, InvalidOperation

    if text in (None, ""):
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return text


def _dress(sheet) -> None:
    """Bold frozen header, a filter over the table, real date formats, fitted widths."""
    from datetime import date, datetime

    from openpyxl.styles import Font

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    format_numbers(sheet)
    _fit_widths(sheet)


def _fit_widths(sheet, widest: int = 60) -> None:
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                length = len(str(cell.value).split("\n", 1)[0])
                widths[cell.column] = max(widths.get(cell.column, 0), length)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), widest)


def report_csv_zip(cycle: Cycle, progress=lambda value: None) -> bytes:
    buffer = io.BytesIO()
    with timezone.override(cycle.agency.zone):
        data = tables.all_tables(cycle)
    progress(50)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (header, rows) in data.items():
            text = io.StringIO()
            writer = SafeCsvWriter(text)
            writer.writerow(header)
            writer.writerows(rows)
            archive.writestr(f"{name}.csv", "\ufeff" + text.getvalue())
    return buffer.getvalue()


BUILDERS = {"pdf": report_pdf, "xlsx": report_xlsx, "csv": report_csv_zip}
EXTENSIONS = {"pdf": "pdf", "xlsx": "xlsx", "csv": "zip"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "application/zip",
}


def filename(cycle: Cycle, kind: str) -> str:
    return f"laporan-spbe-{cycle.agency.short_code}-{cycle.year}.{EXTENSIONS[kind]}"
