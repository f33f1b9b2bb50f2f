"""Every spreadsheet and CSV writer of the product goes through `simpul.core.spreadsheets`.

The exports themselves are tested by opening their files (reports, evidence package, forum
figures); this test keeps a new writer from skipping the shared escaping.
"""

from pathlib import Path

import simpul

SOURCE = Path(simpul.__file__).parent
HELPER = SOURCE / "core" / "spreadsheets.py"


def product_modules():
    for path in sorted(SOURCE.rglob("*.py")):
        if "tests" not in path.parts and "migrations" not in path.parts and path != HELPER:
            yield path, path.read_text(encoding="utf-8")


def test_no_module_writes_csv_except_through_the_safe_writer():
    offenders = [
        str(path.relative_to(SOURCE))
        for path, text in product_modules()
        if "csv.writer(" in text or "csv.DictWriter(" in text
    ]
    assert offenders == []


def test_every_module_that_builds_a_workbook_escapes_its_rows():
    builders = [(path, text) for path, text in product_modules() if "Workbook(" in text]
    assert builders  # the reports and the evidence package at least
    offenders = [
        str(path.relative_to(SOURCE))
        for path, text in builders
        if "from simpul.core.spreadsheets import" not in text
    ]
    assert offenders == []


def test_no_other_spreadsheet_library_is_used():
    assert not [path for path, text in product_modules() if "xlsxwriter" in text.lower()]


def test_numbers_are_written_as_number_cells_with_a_number_format():
    import io
    from decimal import Decimal
    from fractions import Fraction

    from openpyxl import Workbook, load_workbook

    from simpul.core.spreadsheets import format_numbers, number_cell

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indeks", "anggaran", "teks"])
    sheet.append([None, Decimal("1500000.00"), "3.61"])
    number_cell(sheet["A2"], Fraction(289, 80), 2)  # 3.6125 exactly
    format_numbers(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = load_workbook(io.BytesIO(buffer.getvalue()))["Sheet"]
    assert read["A2"].data_type == "n" and read["A2"].value == 3.61
    assert read["A2"].number_format == "0.00"
    assert read["B2"].data_type == "n" and read["B2"].number_format == "#,##0.00"
    assert read["C2"].data_type == "s"  # text stays text
