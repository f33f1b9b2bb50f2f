"""Cells of every spreadsheet (XLSX) and CSV file Simpul writes: text never runs as a formula.

Excel, LibreOffice and Google Sheets run a cell that starts with = + - @ (or a tab or carriage
return before one) as a formula, so an answer typed as `=HYPERLINK(...)` would become a live
link in the coordinator's report. Such text is written with a leading apostrophe, the mark
spreadsheets themselves use for "this is text". Numbers are never touched: -2.5 stays a number.

A number is written as a number with a number format ("0.00"), never as text, so a reader's
spreadsheet shows it in their locale (3,61 in Indonesian) and can compute with it.
"""

import csv
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from simpul.core.numbers import cell_format, places_of, rounded

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value to write in a cell: text a spreadsheet would run is led by an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


class SafeCsvWriter:
    """`csv.writer` whose rows go through `safe_cell`: the only CSV writer of our exports."""

    def __init__(self, target, **options):
        self._writer = csv.writer(target, **options)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def number_cell(cell, value: Decimal | Fraction | int | None, places: int) -> None:
    """Write an exact value as a number rounded to `places` decimals, formatted "0.00"."""
    if value is None:
        cell.value = None
        return
    cell.value = rounded(value, places)
    cell.number_format = cell_format(places)


def format_numbers(sheet, min_row: int = 2) -> None:
    """Give every Decimal cell of a sheet a number format with the decimals it carries (a
    budget 1500000.00 shows as 1.500.000,00 in an Indonesian spreadsheet)."""
    for row in sheet.iter_rows(min_row=min_row):
        for cell in row:
            if isinstance(cell.value, Decimal) and cell.number_format == "General":
                places = places_of(cell.value)
                cell.number_format = "#,##0" + ("." + "0" * places if places else "")
