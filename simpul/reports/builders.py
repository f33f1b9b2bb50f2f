"""Turning a cycle into files: the PDF report (WeasyPrint), the Excel workbook, the CSV zip."""

import io
import zipfile

from django.utils import timezone, translation

from simpul.core.numbers import places_of
from simpul.core.pdf import html_to_pdf, official_document, render_html
from simpul.core.spreadsheets import SafeCsvWriter, number_cell, safe_row
from simpul.cycles.models import Cycle

from . import content, tables


def report_pdf(cycle: Cycle, progress=lambda value: None) -> bytes:
    html = report_html(cycle, progress)
    progress(60)
    return html_to_pdf(html)


def report_html(cycle: Cycle, progress=lambda value: None) -> str:
    """The report PDF's HTML."""
    # An official document of an Indonesian agency: always in Indonesian, and its times in the
    # agency's own zone (WIB, WITA or WIT), though the worker builds it outside any request.
    with official_document(cycle.agency.zone):
        data = content.gather(cycle)
        progress(40)
        return render_html(
            "reports/report_pdf.html", {"report": data, "printed": timezone.localtime()}
        )


def report_xlsx(cycle: Cycle, progress=lambda value: None) -> bytes:
    """A workbook a coordinator can work with: a summary sheet first (index, groups,
    indicators), then one sheet per table with a bold frozen header, filters, widths fitted to
    the content, real dates and numbers.

    Written in openpyxl's write-only mode: each row goes to the file as it is read, so 20,000
    linked documents cost time in proportion and next to no memory (bench/report_scale.py)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    with translation.override("id"), timezone.override(cycle.agency.zone):
        _summary_sheet(workbook.create_sheet(), content.gather(cycle))
        progress(50)
        for name, header, rows in tables.all_tables(cycle):
            sheet = workbook.create_sheet(title=tables.SHEET_TITLES.get(name, name))
            _table_sheet(sheet, [tables.column_label(key) for key in header], rows)
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"
INDEX_FORMAT = "0.00"  # the shipped frameworks' two decimals; see number_cell
# Column widths are fitted to the header and this many first rows: in write-only mode the
# widths go to the file before the rows, and the rest of a long table is not held to measure.
WIDTH_SAMPLE = 500


def _summary_sheet(sheet, data) -> None:
    from openpyxl.cell import WriteOnlyCell
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

    def cell(value, *, font=None, number_format=None):
        written = WriteOnlyCell(sheet, value=value)
        if font is not None:
            written.font = font
        if number_format is not None:
            written.number_format = number_format
        return written

    def index_cell(value):
        """An index cell: the engine's rounding of the exact value, written as a number."""
        written = WriteOnlyCell(sheet)
        number_cell(
            written, None if value is None else engine.spec.rounding.quantize(value), places
        )
        return written

    rows: list[list] = [
        ("Instansi", cycle.agency.name),
        ("Tahun", cycle.year),
        ("Kerangka", framework),
        ("Tahap", cycle.get_stage_display()),
        ("Indeks mandiri", index_cell(summary.result.index)),
        ("Predikat", summary.predicate or "—"),
        ("Indikator terjawab", f"{summary.result.answered} dari {summary.result.total}"),
    ]
    rows = [[cell(label, font=bold), value] for label, value in rows]
    rows.append([])
    rows.append([cell(label, font=bold) for label in ("Kode", "Kelompok", "Indeks", "Terjawab")])
    for group in summary.result.groups:
        answered = f"{group.answered}/{group.total}"
        rows.append([group.code, group.name, index_cell(group.index), answered])
    rows.append([])
    valued = bool(data.values)
    labels = ("No.", "Kode", "Indikator", "Nilai" if valued else "Tingkat", "Status")
    rows.append([cell(label, font=bold) for label in labels])
    for answer in data.answers:
        if valued:
            level = cell(
                _number(data.values.get(answer.indicator.code)), number_format=INDEX_FORMAT
            )
        else:
            level = answer.self_level
        rows.append(
            [
                answer.indicator.number,
                answer.indicator.code,
                answer.indicator.name,
                level,
                answer.get_status_display(),
            ]
        )
    _fit_widths(sheet, rows)
    for row in rows:
        sheet.append(row)


def _number(text):
    """An index as shown ("3.22") as a number for the cell; text that is not one stays."""
    from decimal import Decimal, InvalidOperation

    if text in (None, ""):
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return text


def _table_sheet(sheet, header: list[str], rows) -> None:
    """Bold frozen header, a filter over the table, real date and number formats, widths
    fitted to the first rows; the rows are written as they come."""
    from itertools import chain, islice

    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    first = list(islice(rows, WIDTH_SAMPLE))
    _fit_widths(sheet, [header, *first])
    sheet.freeze_panes = "A2"
    heading = []
    for label in header:
        written = WriteOnlyCell(sheet, value=label)
        written.font = bold
        heading.append(written)
    sheet.append(heading)
    count = 0
    for row in chain(first, rows):
        sheet.append([_typed_cell(sheet, value, WriteOnlyCell) for value in safe_row(row)])
        count += 1
    if count:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"


def _typed_cell(sheet, value, make):
    """A value as it is, or a cell with the format of its kind: dates, times, Decimals."""
    from datetime import date, datetime
    from decimal import Decimal

    if isinstance(value, datetime):
        number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        number_format = DATE_FORMAT
    elif isinstance(value, Decimal):
        places = places_of(value)
        number_format = "#,##0" + ("." + "0" * places if places else "")
    else:
        return value
    written = make(sheet, value=value)
    written.number_format = number_format
    return written


def _fit_widths(sheet, rows, widest: int = 60) -> None:
    """Column widths from `rows` (values or cells); set before the first row is written."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in rows:
        for column, value in enumerate(row, 1):
            value = getattr(value, "value", value)
            if value is not None:
                length = len(str(value).split("\n", 1)[0])
                widths[column] = max(widths.get(column, 0), length)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), widest)


def report_csv_zip(cycle: Cycle, progress=lambda value: None) -> bytes:
    """One CSV per table in a zip; each row is written into the archive as it is read."""
    buffer = io.BytesIO()
    with (
        timezone.override(cycle.agency.zone),
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for name, header, rows in tables.all_tables(cycle):
            with archive.open(f"{name}.csv", "w") as member:
                text = io.TextIOWrapper(member, encoding="utf-8-sig", newline="")
                writer = SafeCsvWriter(text)
                writer.writerow(header)
                writer.writerows(rows)
                text.flush()
                text.detach()
        progress(90)
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
