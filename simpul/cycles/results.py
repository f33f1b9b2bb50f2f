"""Reading an official results file (CSV or XLSX: indicator, level) for one framework.

`read_official_results` checks every row and reports every problem with its line number;
only a file without problems gives levels, so an import is all or nothing. Indicators are
named by number ("7") or code ("I07"); levels must be whole numbers on the indicator's
scale in the framework file. The type is recognised by content, not by file name.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from simpul.core.errors import Refusal
from simpul.frameworks.spec import FrameworkSpec

# Header names accepted for the two columns (compared in lower case, trimmed).
INDICATOR_HEADERS = ("indicator", "indikator", "kode", "no", "nomor")
LEVEL_HEADERS = ("level", "tingkat", "nilai")
MAX_ROWS = 10_000


class OfficialResultsError(Refusal):
    """The file cannot be imported; `problems` lists every reason, with line numbers."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class _Row:
    line: int
    indicator: object
    level: object


def read_table(data: bytes) -> tuple[list, list]:
    """The header and the numbered non-empty rows of a CSV or XLSX file (by content).

    Raises OfficialResultsError for an empty or unreadable file. Shared by every table import.
    """
    if not data.strip():
        raise OfficialResultsError([_("Berkas kosong: tidak ada baris yang dapat dibaca.")])
    workbook = data.startswith(b"PK\x03\x04") or zipfile.is_zipfile(io.BytesIO(data))
    return _read_xlsx(data) if workbook else _read_csv(data)


def read_official_results(data: bytes, spec: FrameworkSpec) -> dict[str, int]:
    """Levels by indicator code from a CSV or XLSX file; raises OfficialResultsError."""
    header, rows = read_table(data)
    columns = _columns(header)
    if not rows:
        raise OfficialResultsError([_("Berkas hanya berisi judul kolom; tidak ada baris nilai.")])
    if len(rows) > MAX_ROWS:
        raise OfficialResultsError(
            [_("Berkas berisi lebih dari %(max)s baris.") % {"max": MAX_ROWS}]
        )
    return _levels([_Row(line, *(cells[i] for i in columns)) for line, cells in rows], spec)


def _read_csv(data: bytes) -> tuple[list, list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OfficialResultsError([_not_a_table()]) from None
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text):
        raise OfficialResultsError([_not_a_table()])
    first = text.splitlines()[0] if text.splitlines() else ""
    # Spreadsheets set to Indonesian separate with semicolons.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    numbered = [
        (n, cells) for n, cells in enumerate(lines, start=1) if any(c.strip() for c in cells)
    ]
    if not numbered:
        raise OfficialResultsError([_("Berkas kosong: tidak ada baris yang dapat dibaca.")])
    header = numbered[0][1]
    width = len(header)
    return header, [(n, cells + [""] * (width - len(cells))) for n, cells in numbered[1:]]


def _read_xlsx(data: bytes) -> tuple[list, list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable zip is "not a workbook" to the user
        raise OfficialResultsError([_not_a_table()]) from None
    try:
        sheet = book.worksheets[0]
        numbered = [
            (n, ["" if cell is None else cell for cell in row])
            for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)
            if any(cell not in (None, "") for cell in row)
        ]
    finally:
        book.close()
    if not numbered:
        raise OfficialResultsError([_("Lembar kerja pertama kosong: tidak ada baris.")])
    header = [str(cell) for cell in numbered[0][1]]
    width = len(header)
    return header, [(n, list(cells) + [""] * (width - len(cells))) for n, cells in numbered[1:]]


def _not_a_table() -> str:
    return _("Berkas bukan CSV (teks UTF-8) atau XLSX; simpan ulang dari spreadsheet sebagai CSV.")


def _columns(header: list) -> tuple[int, int]:
    names = [str(cell).strip().lower() for cell in header]
    found = []
    for accepted, label in ((INDICATOR_HEADERS, "indicator"), (LEVEL_HEADERS, "level")):
        matches = [i for i, name in enumerate(names) if name in accepted]
        if len(matches) != 1:
            raise OfficialResultsError(
                [
                    _(
                        "Baris 1 harus berisi judul kolom “indicator” dan “level” (atau "
                        "“indikator” dan “tingkat”); kolom %(column)s %(problem)s. Judul yang "
                        "tertulis: %(names)s."
                    )
                    % {
                        "column": label,
                        "problem": _("tidak ditemukan") if not matches else _("tertulis dua kali"),
                        "names": ", ".join(f"“{name}”" for name in names) or "—",
                    }
                ]
            )
        found.append(matches[0])
    return found[0], found[1]


def _levels(rows: list[_Row], spec: FrameworkSpec) -> dict[str, int]:
    by_code, by_number = {}, {}
    for indicator, _group in spec.indicators():
        by_code[indicator.code.lower()] = indicator
        by_number[indicator.number] = indicator
    problems: list[str] = []
    levels: dict[str, int] = {}
    first_line: dict[str, int] = {}
    for row in rows:
        where = _("Baris %(line)s") % {"line": row.line}
        indicator = _indicator(row.indicator, by_code, by_number)
        if indicator is None:
            shown = str(row.indicator).strip() or _("(kosong)")
            problems.append(
                _("%(where)s: indikator “%(value)s” tidak ada dalam kerangka %(framework)s.")
                % {"where": where, "value": shown, "framework": spec.name}
            )
            continue
        if indicator.code in first_line:
            problems.append(
                _("%(where)s: indikator %(code)s sudah tertulis di baris %(first)s.")
                % {"where": where, "code": indicator.code, "first": first_line[indicator.code]}
            )
            continue
        first_line[indicator.code] = row.line
        allowed = [item.level for item in spec.scale(indicator.scale).levels]
        level = _whole_number(row.level)
        if level is None:
            shown = str(row.level).strip() or _("(kosong)")
            problems.append(
                _("%(where)s: tingkat “%(value)s” untuk %(code)s bukan bilangan bulat.")
                % {"where": where, "value": shown, "code": indicator.code}
            )
        elif level not in allowed:
            problems.append(
                _(
                    "%(where)s: tingkat %(value)s untuk %(code)s di luar skala "
                    "%(min)s sampai %(max)s."
                )
                % {
                    "where": where,
                    "value": level,
                    "code": indicator.code,
                    "min": min(allowed),
                    "max": max(allowed),
                }
            )
        else:
            levels[indicator.code] = level
    if problems:
        raise OfficialResultsError(problems)
    return levels


def _indicator(value: object, by_code: dict, by_number: dict):
    number = _whole_number(value)
    if number is not None:
        return by_number.get(number)
    return by_code.get(str(value).strip().lower())


def _whole_number(value: object) -> int | None:
    """3, 3.0 (a spreadsheet number) and "3" are 3; "3.5", "tiga" and True are not numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    if not text or not text.lstrip("-").replace(".", "", 1).isdigit():
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() else None
