"""Turning a cycle into files: the PDF report (WeasyPrint), the Excel workbook, the CSV zip."""

import io
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone, translation

from simpul.core.spreadsheets import SafeCsvWriter, safe_row
from simpul.cycles.models import Cycle

from . import content, tables


def report_pdf(cycle: Cycle, progress=lambda value: None) -> bytes:
    from weasyprint import HTML

    data = content.gather(cycle)
    progress(40)
    # An official document of an Indonesian agency: always in Indonesian.
    with translation.override("id"):
        html = render_to_string(
            "reports/report_pdf.html", {"report": data, "printed": timezone.localtime()}
        )
    progress(60)
    return HTML(string=html).write_pdf()


def report_xlsx(cycle: Cycle, progress=lambda value: None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    data = tables.all_tables(cycle)
    progress(50)
    for name, (header, rows) in data.items():
        sheet = workbook.create_sheet(title=name)
        sheet.append(header)
        for row in rows:
            sheet.append(safe_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_csv_zip(cycle: Cycle, progress=lambda value: None) -> bytes:
    buffer = io.BytesIO()
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
